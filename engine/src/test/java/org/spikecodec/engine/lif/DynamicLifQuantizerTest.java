package org.spikecodec.engine.lif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The dynamic path's decision table J_1 <= J_2 <= ... (the least level whose drive {@code level * shape} gives k spikes)
 * against the closed form of the stepped neuron for a constant drive, and against the integration kernel itself for
 * time-varying drives.
 */
class DynamicLifQuantizerTest {

    private static LifParameters randomLif(SplittableRandom r) {
        double window = r.nextDouble(5, 100);
        return new LifParameters(r.nextDouble(0.05, 3), r.nextDouble(window / 4, 4000), r.nextDouble(0.5, 2), window,
                r.nextInt(3) == 0 ? r.nextDouble(window / 200, window / 8) : 0);
    }

    private static float[] ones(int n) {
        float[] s = new float[n];
        java.util.Arrays.fill(s, 1f);
        return s;
    }

    /**
     * Constant drive, against the closed form (spike-coding.md 1.5): a neuron held at level v fires every s steps, s the
     * least with {@code R v (1 - d^s) >= theta} (d = e^(-dt/tau)), and counts floor((n + r) / (s + r)) in n steps; so
     * k spikes need {@code s <= s_k = floor((n + r) / k) - r}, i.e. {@code v >= theta / (R (1 - d^(s_k)))}. The bisected
     * table runs the kernel's float recurrence, so it matches to the float potential's rounding (< 2^-23 a step).
     */
    @Test
    void constantShapeFollowsTheSteppedClosedForm() {
        SplittableRandom r = new SplittableRandom(7);
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            LifParameters lif = randomLif(r);
            int planes = r.nextInt(1, 6), perPlane = r.nextInt(1, 40), n = planes * perPlane;
            DynamicLifQuantizer q = new DynamicLifQuantizer(lif, ones(planes), perPlane);
            int refractory = q.integration().refractorySteps();
            double dt = lif.window() / n;
            float[] t = q.thresholds(q.maxReachableCount());
            assertEquals(q.maxReachableCount(), t.length);
            for (int k = 1; k <= t.length; k++) {
                long period = (n + (long) refractory) / k - refractory;
                assertTrue(period >= 1, "count " + k + " is reachable");
                double closed = lif.threshold() / (lif.resistance() * -Math.expm1(-period * dt / lif.tau()));
                double tolerance = 4 * 0x1p-23 * Math.min(period, lif.tau() / dt + 1) + 1e-6;
                assertEquals(closed, t[k - 1], tolerance * closed, "trial " + trial + " " + lif + ", " + n + " steps: J_" + k);
                checked++;
            }
        }
        assertTrue(checked > 1000, "too few thresholds: " + checked);
    }

    /** Time-varying drive: the integration kernel (cpu backend) gives at least k spikes at J_k and fewer just below. */
    @Test
    void timeVaryingShapeMatchesTheIntegrationKernel() {
        SplittableRandom r = new SplittableRandom(11);
        try (CpuBackend cpu = new CpuBackend()) {
            for (int trial = 0; trial < 30; trial++) {
                LifParameters lif = randomLif(r);
                int planes = r.nextInt(2, 12), perPlane = r.nextInt(1, 24);
                float[] shape = new float[planes];
                for (int p = 0; p < planes; p++) shape[p] = (float) r.nextDouble(trial % 5 == 0 ? 0 : 0.05, 2);
                DynamicLifQuantizer q = new DynamicLifQuantizer(lif, shape, perPlane);
                float[] t = q.thresholds(Math.min(q.maxReachableCount(), 120));
                int n = 2 * t.length;
                float[] input = new float[planes * n];
                for (int k = 0; k < t.length; k++)
                    for (int p = 0; p < planes; p++) {
                        input[p * n + 2 * k] = t[k] * shape[p];
                        input[p * n + 2 * k + 1] = -Math.nextDown(t[k]) * shape[p]; // the sign must not matter but for the count's sign
                    }
                int[] counts = new int[n];
                cpu.lifIntegrate(input, n, q.integration(), counts, null);
                for (int k = 1; k <= t.length; k++) {
                    boolean reachable = k == 1 || t[k - 1] != t[k - 2] || q.spikes(Float.MAX_VALUE, k) >= k;
                    if (!reachable) continue;
                    int kk = k, trialNo = trial;
                    assertTrue(counts[2 * (k - 1)] >= k, () -> "trial " + trialNo + ": kernel gives " + counts[2 * (kk - 1)] + " spikes at J_" + kk);
                    assertTrue(counts[2 * (k - 1) + 1] > -k && counts[2 * (k - 1) + 1] <= 0,
                            () -> "trial " + trialNo + ": kernel gives " + counts[2 * (kk - 1) + 1] + " spikes just below J_" + kk);
                }
            }
        }
    }

    /** The table is non-decreasing, and the count of the simulated neuron is non-decreasing in the level (what bisection needs). */
    @Test
    void countsGrowWithTheLevel() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            LifParameters lif = randomLif(r);
            float[] shape = new float[r.nextInt(1, 10)];
            for (int p = 0; p < shape.length; p++) shape[p] = (float) r.nextDouble(0, 3);
            DynamicLifQuantizer q = new DynamicLifQuantizer(lif, shape, r.nextInt(1, 30));
            float[] t = q.thresholds(q.maxReachableCount());
            for (int k = 1; k < t.length; k++) assertTrue(t[k] >= t[k - 1], "J_" + (k + 1) + " < J_" + k);
            int previous = 0;
            float top = t.length > 0 ? 2 * t[t.length - 1] : 10f;
            for (int i = 0; i <= 2000; i++) {
                int c = q.spikes(top * i / 2000, Integer.MAX_VALUE);
                assertTrue(c >= previous, "trial " + trial + ": " + c + " spikes after " + previous);
                previous = c;
            }
        }
    }

    /** No drive gives more spikes than one every 1 + r steps; a table never runs past that. */
    @Test
    void reachableCountIsTheStepBound() {
        LifParameters lif = new LifParameters(1, 1000, 1, 50, 50.0 / 320 * 3);
        DynamicLifQuantizer q = new DynamicLifQuantizer(lif, ones(10), 32);
        assertEquals((320 + 3) / 4, q.maxReachableCount());
        assertEquals(q.maxReachableCount(), q.thresholds(10_000).length);
        assertEquals(q.maxReachableCount(), q.spikes(Float.MAX_VALUE, Integer.MAX_VALUE));
    }
}
