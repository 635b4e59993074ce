package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;

class PerChannelTest {

    @Test
    void resultsComeBackInChannelOrder() throws Exception {
        for (int channels = 0; channels <= 7; channels++) {
            List<Integer> got = PerChannel.map(channels, c -> {
                sleepInverse(c);
                return c * 10;
            });
            assertEquals(channels, got.size());
            for (int c = 0; c < channels; c++) assertEquals(c * 10, got.get(c));
        }
    }

    @Test
    void theLowestFailingChannelIsReportedWhateverFinishesFirst() {
        for (int round = 0; round < 20; round++) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> PerChannel.mapChecked(4, true, c -> {
                sleepInverse(c); // channel 3 fails first in time, channel 1 is the lowest failing one
                if (c == 1 || c == 3) throw new InvalidInputException("channel " + c);
                return c;
            }));
            assertEquals("channel 1", e.getMessage());
        }
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> PerChannel.map(3, c -> {
            if (c == 2) throw new IllegalStateException("runtime " + c);
            return c;
        }));
        assertEquals("runtime 2", r.getMessage());
    }

    private static void sleepInverse(int c) {
        try {
            Thread.sleep(Math.max(0, 8 - 2 * c));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
