package org.spikecodec.engine.lif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.cpu.LifThresholding;

class LifQuantizerTest {

    @Test
    void thresholdsComputedByHand() {
        LifQuantizer q = new LifQuantizer(new LifParameters(1, 100, 1, 50, 0));
        // I_k = 1 / (1 - exp(-50 / (100 k))), evaluated independently.
        assertEquals(2.5414940825367984, q.thresholdExact(1), 1e-13);
        assertEquals(4.520811664187799, q.thresholdExact(2), 1e-13);
        assertEquals(6.5138824630974606, q.thresholdExact(3), 1e-13);
        assertEquals(q.thresholdExact(1), q.deadZone());

        LifQuantizer r = new LifQuantizer(new LifParameters(2, 20, 0.5, 50, 10));
        double[] expected = {4.357701959335408, 6.327906827477306, 10.165976330147194, 18.083246656751196, 42.033327779100176};
        for (int k = 1; k <= 5; k++) assertEquals(expected[k - 1], r.thresholdExact(k), 1e-12, "I_" + k);
        // T/Delta = 5 exactly: the 6th spike would need d = 0, so only 5 counts are reachable.
        assertEquals(Double.POSITIVE_INFINITY, r.thresholdExact(6));
        assertEquals(5, r.maxReachableCount());
        assertEquals(5, r.thresholds(100).length);
    }

    @Test
    void refractoryCapsTheCountAtFloorTOverDeltaPlusOne() {
        LifParameters p = new LifParameters(1, 10, 1, 50, 7);
        assertEquals(8, p.maxCount());
        LifQuantizer q = new LifQuantizer(p);
        assertEquals(8, q.maxReachableCount());
        assertEquals(8, p.closedFormCount(1e12));
        assertEquals(8, LifThresholding.count(1e12f, q.thresholds(1000)));
    }

    /** The table decision and the floor formula agree everywhere except within rounding of a threshold. */
    @Test
    void tableAgreesWithClosedFormCount() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            LifParameters p = randomParams(rnd);
            LifQuantizer q = new LifQuantizer(p);
            float[] t = q.thresholds(4000);
            for (int i = 0; i < 500; i++) {
                double input = q.deadZone() * StrictMath.exp(rnd.nextDouble(-1, 4));
                float f = (float) input;
                long closed = p.closedFormCount(f);
                int table = LifThresholding.count(f, t);
                if (table == t.length && t.length < q.maxReachableCount()) continue; // beyond the table asked for
                if (closed != table) {
                    // Only allowed when f sits within float rounding of a decision threshold.
                    double near = Math.min(q.thresholdExact((int) Math.max(closed, table)), Double.MAX_VALUE);
                    assertEquals(near, f, Math.ulp(f) * 4 + near * 1e-12, p + " input " + f + " closed " + closed + " table " + table);
                }
            }
        }
    }

    /** Exactly on and just below each threshold: the comparison is >=, as the kernels define it. */
    @Test
    void boundariesAreDecidedByGreaterOrEqual() {
        LifQuantizer q = new LifQuantizer(LifParameters.defaults());
        float[] t = q.thresholds(50);
        for (int k = 1; k < t.length; k++) {
            assertEquals(k, LifThresholding.count(t[k - 1], t), "on I_" + k);
            assertEquals(k - 1, LifThresholding.count(Math.nextDown(t[k - 1]), t), "just below I_" + k);
        }
        assertEquals(0, LifThresholding.count(0f, t));
    }

    /** tau -> infinity with C = tau/R fixed: N = floor(T I / (C theta)), a uniform dead-zone quantizer. */
    @Test
    void perfectIntegratorLimitIsUniformDeadZoneQuantizer() {
        double c = 2, theta = 1.5, window = 40;
        double tau = 1e9;
        LifParameters p = new LifParameters(theta, tau, tau / c, window, 0);
        LifQuantizer q = new LifQuantizer(p);
        double step = c * theta / window;
        for (int k = 1; k <= 200; k++) assertEquals(k * step, q.thresholdExact(k), k * step * 1e-6, "I_" + k);
        float[] t = q.thresholds(1000);
        SplittableRandom rnd = new SplittableRandom(3);
        int mismatches = 0;
        for (int i = 0; i < 20000; i++) {
            double input = rnd.nextDouble(0, 150 * step);
            long uniform = (long) Math.floor(window * input / (c * theta));
            double frac = window * input / (c * theta) - uniform;
            if (frac < 1e-5 || frac > 1 - 1e-5) continue;
            if (uniform != LifThresholding.count((float) input, t)) mismatches++;
        }
        assertEquals(0, mismatches);
    }

    @Test
    void coveringTableDecidesLikeTheFullTable() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 100; trial++) {
            LifQuantizer q = new LifQuantizer(randomParams(rnd));
            float max = (float) (q.deadZone() * rnd.nextDouble(0.1, 300));
            float[] cover = q.thresholdsCovering(max);
            float[] full = q.thresholds(cover.length + 50);
            assertTrue(cover.length == q.maxReachableCount() || cover[cover.length - 1] > max, "last entry must be above the maximum");
            assertTrue(cover.length == 1 || cover[cover.length - 2] <= max, "the shortest such table: only its last entry is above the maximum");
            for (int i = 0; i < 300; i++) {
                float x = (float) rnd.nextDouble(0, max);
                assertEquals(LifThresholding.count(x, full), LifThresholding.count(x, cover));
            }
            assertEquals(LifThresholding.count(max, full), LifThresholding.count(max, cover));
        }
    }

    /** The tables come from a cache grown on demand: in any order of calls, and from racing threads, each is the fresh computation. */
    @Test
    void cachedTablesAreTheFreshComputationInAnyOrderAndAcrossThreads() throws Exception {
        SplittableRandom rnd = new SplittableRandom(23);
        for (int iter = 0; iter < 40; iter++) {
            LifParameters p = new LifParameters(0.01 + rnd.nextDouble(), 1 + rnd.nextDouble(20), 0.2 + rnd.nextDouble(),
                    10 + rnd.nextDouble(100), iter % 3 == 0 ? 0 : rnd.nextDouble(3));
            LifQuantizer q = new LifQuantizer(p);
            int reach = q.maxReachableCount();
            java.util.List<java.util.concurrent.Callable<Void>> calls = new java.util.ArrayList<>();
            for (int c = 0; c < 12; c++) {
                int count = rnd.nextInt(1 + Math.min(reach, 3000)) + (c == 11 ? reach : 0);
                float maxInput = (float) (rnd.nextDouble() * 50 * q.deadZone());
                calls.add(() -> {
                    float[] t = q.thresholds(count);
                    int n = Math.min(count, reach);
                    assertEquals(n, t.length);
                    for (int k = 1; k <= Math.min(n, 5000); k++) assertEquals((float) q.thresholdExact(k), t[k - 1], "I_" + k + " of " + p);
                    float[] cover = q.thresholdsCovering(maxInput);
                    int keep = 0; // the fresh rule: up to the first float threshold above maxInput, or saturation
                    while (keep < reach && (float) q.thresholdExact(keep + 1) <= maxInput) keep++;
                    assertEquals(Math.min(keep + 1, reach), cover.length, "covering " + maxInput + " of " + p);
                    for (int k = 1; k <= cover.length; k++) assertEquals((float) q.thresholdExact(k), cover[k - 1]);
                    return null;
                });
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                for (var f : pool.invokeAll(calls)) f.get();
            } finally {
                pool.shutdown();
            }
            float[] t = q.thresholds(3);
            t[0] = -1; // a caller's copy: the cache is not shared out
            assertEquals((float) q.thresholdExact(1), q.thresholds(3)[0]);
        }
    }

    @Test
    void levelsLieInsideTheirCells() {
        LifQuantizer q = new LifQuantizer(LifParameters.defaults());
        float[] t = q.thresholds(40);
        for (Reconstruction mode : Reconstruction.values()) {
            float[] lv = LifQuantizer.levels(t, 39, mode, 0.3, Double.NaN);
            assertEquals(0f, lv[0]);
            for (int n = 1; n <= 39; n++) {
                assertTrue(lv[n] >= t[n - 1] && lv[n] < t[n], mode + " level " + n);
                if (n > 1) assertTrue(lv[n] > lv[n - 1]);
            }
        }
        float[] mid = LifQuantizer.levels(t, 3, Reconstruction.MIDPOINT, 0, Double.NaN);
        assertEquals((t[0] + t[1]) / 2, mid[1], 1e-6);
        float[] low = LifQuantizer.levels(t, 3, Reconstruction.LOWER, 0, Double.NaN);
        assertEquals(t[2], low[3]);
        // Laplacian centroid lies below the midpoint (density decreasing), and tends to it as lambda -> 0.
        float[] cen = LifQuantizer.levels(t, 3, Reconstruction.CENTROID, 0.5, Double.NaN);
        assertTrue(cen[2] < mid[2]);
        assertEquals(mid[2], LifQuantizer.levels(t, 3, Reconstruction.CENTROID, 1e-9, Double.NaN)[2], 1e-4);
        // Hand value: centroid of e^{-x} on [0, 1) is 1 - 1/(e - 1).
        assertEquals(1 - 1 / (Math.E - 1), LifQuantizer.laplaceCentroid(0, 1, 1), 1e-12);
    }

    @Test
    void saturatedTopCellUsesTheEncodersMean() {
        LifQuantizer q = new LifQuantizer(new LifParameters(1, 10, 1, 50, 20)); // counts 1..3
        float[] t = q.thresholds(10);
        assertEquals(3, t.length);
        float[] lv = LifQuantizer.levels(t, 3, Reconstruction.MIDPOINT, 0, 123.0);
        assertEquals(123f, lv[3]);
        float[] fallback = LifQuantizer.levels(t, 3, Reconstruction.MIDPOINT, 0, Double.NaN);
        assertEquals(t[2] + (t[2] - t[1]) / 2, fallback[3], 1e-5);
    }

    @Test
    void invalidParametersAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(0, 1, 1, 1, 0)).getMessage().contains("threshold"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, -1, 1, 1, 0)).getMessage().contains("tau"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1, Double.NaN, 1, 0)).getMessage().contains("resistance"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1, 1, Double.POSITIVE_INFINITY, 0)).getMessage().contains("window"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1, 1, 1, -0.5)).getMessage().contains("refractory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1, 1, 1, 2)).getMessage().contains("exceed"));
        assertThrows(IllegalArgumentException.class, () -> new LifQuantizer(new LifParameters(1e300, 1, 1e-300, 1, 0)));
    }

    /**
     * A refractory period of 1e-300 made T/Delta overflow the count (floor + 1 wrapped to Long.MIN_VALUE: no count
     * reachable, every neuron coded 0); below T/2^20 it caps nothing representable, so it is refused, and the shortest
     * accepted one saturates at the codec's largest count.
     */
    @Test
    void refractoryPeriodsTooShortToCapAnythingAreRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1000, 1, 50, 1e-300)).getMessage();
        assertTrue(m.contains("refractory period") && m.contains("use 0"), m);
        assertThrows(IllegalArgumentException.class, () -> new LifParameters(1, 1000, 1, 50, Double.MIN_VALUE));
        LifQuantizer shortest = new LifQuantizer(new LifParameters(1, 1000, 1, 50, 50.0 / LifQuantizer.MAX_COUNT));
        assertEquals(LifQuantizer.MAX_COUNT, shortest.maxReachableCount());
    }

    /** Both ends of the decision table must be normal floats: the first for any count at all, the last for the top cells. */
    @Test
    void decisionTablesOutsideTheFloatRangeAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifQuantizer(new LifParameters(1e-300, 1000, 1, 50, 0)))
                .getMessage().contains("first decision threshold"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifQuantizer(new LifParameters(1, 1000, Double.MIN_VALUE, 50, 0)))
                .getMessage().contains("first decision threshold"));
        // I_1 ~ 1e36 fits a float, but I_(2^20) ~ 2e43 does not.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LifQuantizer(new LifParameters(1e35, 1000, 1, 50, 0)))
                .getMessage().contains("last decision threshold"));
        new LifQuantizer(new LifParameters(1e30, 1000, 1, 50, 0)); // the range the messages advise
        new LifQuantizer(new LifParameters(1e-30, 1000, 1, 50, 0));
    }

    static LifParameters randomParams(SplittableRandom rnd) {
        double window = rnd.nextDouble(1, 200);
        double refractory = rnd.nextBoolean() ? 0 : rnd.nextDouble(0, window / 3);
        return new LifParameters(rnd.nextDouble(0.1, 10), rnd.nextDouble(1, 500), rnd.nextDouble(0.2, 5), window, refractory);
    }
}
