package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/** Prints encode/decode speed on a 2048x2048 Laplacian image; no timing assertions (machines differ). */
class SpikeCountCoderThroughputTest {

    @Test
    void reportThroughput() throws InvalidInputException {
        int n = 2048;
        List<BandShape> layout = List.of(TestData.band("x", n, n, 0));
        List<int[]> counts = List.of(TestData.laplacianBand(new Random(1), n * n, 1.5));
        long bestEnc = Long.MAX_VALUE, bestDec = Long.MAX_VALUE;
        byte[] data = null;
        List<int[]> back = null;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            data = SpikeCountCoder.encode(layout, counts);
            long t1 = System.nanoTime();
            back = SpikeCountCoder.decode(data, layout);
            long t2 = System.nanoTime();
            bestEnc = Math.min(bestEnc, t1 - t0);
            bestDec = Math.min(bestDec, t2 - t1);
        }
        assertArrayEquals(counts.get(0), back.get(0));
        System.out.printf("2048x2048 Laplacian (b=1.5, %.2f bits/coef): encode %.1f Msym/s, decode %.1f Msym/s%n",
                data.length * 8.0 / (n * n), n * (double) n / bestEnc * 1e3, n * (double) n / bestDec * 1e3);
    }
}
