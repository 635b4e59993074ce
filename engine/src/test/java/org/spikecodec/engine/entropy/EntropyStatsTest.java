package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropyStatsTest {

    @Test
    void knownValues() {
        assertEquals(1.0, EntropyStats.firstOrderBitsPerSymbol(List.of(new int[] {0, 0, 1, 1})), 1e-12);
        assertEquals(4.0, EntropyStats.firstOrderBits(List.of(new int[] {0, 0, 1, 1})), 1e-12);
        // Pooled over bands: {5} and {-5, 7, 7} -> p = 1/4, 1/4, 1/2 -> 1.5 bits.
        assertEquals(1.5, EntropyStats.firstOrderBitsPerSymbol(List.of(new int[] {5}, new int[] {-5, 7, 7})), 1e-12);
        assertEquals(6.0, EntropyStats.firstOrderBits(List.of(new int[] {5}, new int[] {-5, 7, 7})), 1e-12);
        // Eight distinct values: 3 bits each.
        assertEquals(3.0, EntropyStats.firstOrderBitsPerSymbol(List.of(new int[] {-4, -3, -2, -1, 0, 1, 2, 3})), 1e-12);
        // p = 3/4, 1/4 -> 0.811278... bits.
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertEquals(h, EntropyStats.firstOrderBitsPerSymbol(List.of(new int[] {9, 9, 9, -9})), 1e-12);
    }

    @Test
    void constantAndEmptyInputsHaveZeroEntropy() {
        assertEquals(0.0, EntropyStats.firstOrderBits(List.of(new int[] {3, 3, 3})), 0);
        assertEquals(0.0, EntropyStats.firstOrderBits(List.of()), 0);
        assertEquals(0.0, EntropyStats.firstOrderBitsPerSymbol(List.of(new int[0])), 0);
    }

    @Test
    void wideValueRangesUseTheSortingPath() {
        // Span far beyond the histogram limit: four distinct values, equally likely -> 2 bits.
        int[] a = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1 << 30};
        assertEquals(2.0, EntropyStats.firstOrderBitsPerSymbol(List.of(a)), 1e-12);
        int[] b = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        assertEquals(1.0, EntropyStats.firstOrderBitsPerSymbol(List.of(b)), 1e-12);
    }

    @Test
    void histogramGivesTheSameDoubleAsTheTwoPassStatistics() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 20; trial++) {
            List<int[]> bands = new ArrayList<>();
            EntropyStats.Histogram h = new EntropyStats.Histogram();
            long active = 0, spikes = 0, n = 0;
            for (int b = 0; b < 1 + rnd.nextInt(6); b++) {
                int range = 1 + rnd.nextInt(b == 3 ? 5000 : 40);
                int[] band = new int[rnd.nextInt(3000)];
                for (int i = 0; i < band.length; i++) band[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(2 * range + 1) - range : 0;
                for (int v : band) {
                    if (v != 0) active++;
                    spikes += Math.abs(v);
                }
                n += band.length;
                bands.add(band);
                h.add(band, trial % 2 == 0 ? range : rnd.nextInt(range)); // an understated bound still counts right
            }
            assertEquals(EntropyStats.firstOrderBits(bands), h.firstOrderBits(), 0);
            assertEquals(n, h.counts());
            assertEquals(active, h.active());
            assertEquals(spikes, h.spikes());
        }
        assertEquals(0.0, new EntropyStats.Histogram().firstOrderBits(), 0);
    }
}
