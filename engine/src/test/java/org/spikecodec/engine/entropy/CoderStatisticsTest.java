package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.transform.BandShape;

/**
 * What the coder finds on the way, instead of a pass of its own over the counts: the encoder's statistics (chunk by
 * chunk, block by block, merged) are exactly those of {@link EntropyStats.Histogram#add(int[], int)} over every band,
 * and gathering them leaves the bytes alone; the decoder's per-band maxima are those of the counts it returns.
 */
class CoderStatisticsTest {
    private static void assertSameStats(List<BandShape> layout, List<int[]> counts, int blockLog2, int version, String label) {
        EntropyStats.Histogram expected = new EntropyStats.Histogram();
        for (int[] band : counts) expected.add(band, 0); // the histogram grows to any magnitude
        EntropyStats.Histogram got = new EntropyStats.Histogram();
        byte[] withStats = TiledCountCoder.encode(layout, counts, blockLog2, version, got);
        assertArrayEquals(TiledCountCoder.encode(layout, counts, blockLog2, version), withStats, label + ": bytes");
        assertEquals(expected.counts(), got.counts(), label + ": counts");
        assertEquals(expected.active(), got.active(), label + ": active");
        assertEquals(expected.spikes(), got.spikes(), label + ": spikes");
        // the same integer histogram, so the same double, bit for bit
        assertEquals(Double.doubleToLongBits(expected.firstOrderBits()), Double.doubleToLongBits(got.firstOrderBits()), label + ": entropy");
        assertEquals(EntropyStats.firstOrderBits(counts), got.firstOrderBits(), 1e-9 * Math.max(1, got.firstOrderBits()), label + ": entropy vs the pooled one");
    }

    @Test
    void waveletCountsInManyBlocksBothVersions() {
        Random rnd = new Random(2026_12_01);
        for (int iter = 0; iter < 12; iter++) {
            int w = 1 + rnd.nextInt(400), h = 1 + rnd.nextInt(300);
            TestData.Bands b = TestData.waveletCounts(rnd, w, h, 1 + rnd.nextInt(5), 0.5 + rnd.nextInt(30));
            for (int version : new int[] {TiledCountCoder.VERSION_BLOCKS, TiledCountCoder.VERSION_CHUNKS})
                for (int log2 : new int[] {TiledCountCoder.MIN_BLOCK_LOG2, TiledCountCoder.BLOCK_LOG2})
                    assertSameStats(b.layout(), b.counts(), log2, version, w + "x" + h + " v" + version + " 2^" + log2);
        }
    }

    @Test
    void parentlessBandsWithLargeCountsAndEmptyBands() {
        // bands without a parent may be coded as MED residuals: their statistics must still be those of the counts
        Random rnd = new Random(5);
        for (int iter = 0; iter < 40; iter++) {
            List<BandShape> layout = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            for (int b = 0, bands = 1 + rnd.nextInt(5); b < bands; b++) {
                int w = rnd.nextInt(70), h = rnd.nextInt(50);
                layout.add(new BandShape("b" + b, w, h, -1, 1.0));
                int[] c = iter % 2 == 0 ? TestData.smoothField(rnd, w, h, 2000) : SpikeCountCoderRoundTripTest.randomBand(rnd, w, h);
                counts.add(c);
            }
            assertSameStats(layout, counts, TiledCountCoder.MIN_BLOCK_LOG2, TiledCountCoder.VERSION_CHUNKS, "iteration " + iter);
        }
    }

    private static void assertMaxima(List<BandShape> layout, List<int[]> counts, int blockLog2, int version, String label) throws Exception {
        byte[] data = TiledCountCoder.encode(layout, counts, blockLog2, version);
        int[] max = new int[layout.size()];
        java.util.Arrays.fill(max, -7); // overwritten, not merged with what the caller had
        List<int[]> back = TiledCountCoder.decode(data, layout, blockLog2, version, max);
        for (int b = 0; b < layout.size(); b++) {
            int expected = 0;
            for (int v : counts.get(b)) expected = Math.max(expected, Math.abs(v));
            assertArrayEquals(counts.get(b), back.get(b), label + " band " + b);
            assertEquals(expected, max[b], label + " band " + b);
        }
    }

    @Test
    void decoderMaximaAreThoseOfTheCounts() throws Exception {
        Random rnd = new Random(17);
        for (int iter = 0; iter < 30; iter++) {
            TestData.Bands w = TestData.waveletCounts(rnd, 1 + rnd.nextInt(300), 1 + rnd.nextInt(200), 1 + rnd.nextInt(5), 0.5 + rnd.nextInt(30));
            List<BandShape> layout = new ArrayList<>(w.layout());
            List<int[]> counts = new ArrayList<>(w.counts());
            // and a parentless band of large counts, coded as MED residuals
            int bw = 1 + rnd.nextInt(90), bh = 1 + rnd.nextInt(60);
            layout.add(new BandShape("flat", bw, bh, -1, 1.0));
            counts.add(TestData.smoothField(rnd, bw, bh, 3000));
            for (int version : new int[] {TiledCountCoder.VERSION_BLOCKS, TiledCountCoder.VERSION_CHUNKS})
                assertMaxima(layout, counts, iter % 2 == 0 ? TiledCountCoder.MIN_BLOCK_LOG2 : TiledCountCoder.BLOCK_LOG2, version, "iteration " + iter + " v" + version);
        }
    }

    @Test
    void mergedHistogramsAddUp() {
        EntropyStats.Histogram a = new EntropyStats.Histogram(), b = new EntropyStats.Histogram(), all = new EntropyStats.Histogram();
        int[] x = {0, 1, -1, 5, 0, 0, 2}, y = {-40, 3, 0, 1};
        a.add(x, 5);
        b.add(y, 40);
        all.add(x, 0);
        all.add(y, 0);
        a.addAll(b);
        assertEquals(all.counts(), a.counts());
        assertEquals(7, a.active());
        assertEquals(53, a.spikes());
        assertEquals(all.firstOrderBits(), a.firstOrderBits(), 0);
        assertTrue(a.firstOrderBits() > 0);
    }
}
