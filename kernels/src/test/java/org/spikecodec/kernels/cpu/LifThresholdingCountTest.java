package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scalar counts (the reference bisection and the galloping search from the bottom of the table) against the definition, {@code #{k : t[k] <= m}}
 * counted linearly, on tables that meet the contract, for tables of every length up to a few hundred and a few large ones, at the thresholds themselves,
 * their float neighbours, between them, beyond both ends, and at NaN and the infinities.
 */
class LifThresholdingCountTest {
    private static int linear(float m, float[] t) {
        int n = 0;
        for (float v : t) if (v <= m) n++;
        return n;
    }

    private static float[] table(SplittableRandom r, int n) {
        float[] t = new float[n];
        float v = (float) (r.nextDouble() * 0.5 + 1e-3);
        for (int k = 0; k < n; k++) {
            t[k] = v;
            v = Math.nextUp(v + (float) (r.nextDouble() * v * 0.3));
        }
        return t;
    }

    private static void check(float[] t, float m) {
        int want = linear(m, t);
        assertEquals(want, LifThresholding.countIncreasing(m, t), () -> "m = " + m + ", table of " + t.length);
        assertEquals(want, LifThresholding.count(m, t), () -> "bisection: m = " + m + ", table of " + t.length);
    }

    @Test
    void countIsTheNumberOfThresholdsAtOrBelow() {
        SplittableRandom r = new SplittableRandom(13);
        int[] lengths = new int[330];
        for (int i = 0; i < 320; i++) lengths[i] = i;
        int[] large = {511, 512, 513, 1023, 1024, 1025, 4095, 4096, 65_537, 1 << 20};
        System.arraycopy(large, 0, lengths, 320, large.length);
        for (int n : lengths) {
            float[] t = table(r, n);
            for (float m : new float[] {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1f, 0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE})
                check(t, m);
            int probes = n <= 320 ? n : 2000;
            for (int i = 0; i < probes; i++) {
                int k = n <= 320 ? i : r.nextInt(n);
                check(t, t[k]);
                check(t, Math.nextDown(t[k]));
                check(t, Math.nextUp(t[k]));
            }
            for (int i = 0; i < 200; i++) check(t, (float) (r.nextDouble() * (n == 0 ? 1 : 1.2 * t[n - 1])));
        }
    }

    /** The scalar kernel's read-out (levels divided by the gain once per table) against the per-element division, bit for bit. */
    @Test
    void readoutFromScaledLevelsIsBitExact() {
        SplittableRandom r = new SplittableRandom(31);
        float[] gains = {1f, 0.37f, 3.1e5f, 1e-30f, 0f, -1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 7.3f};
        for (int n = 1; n < 60; n++) {
            float[] levels = new float[n];
            for (int k = 1; k < n; k++) levels[k] = levels[k - 1] + (float) (r.nextDouble() * 3);
            for (float gain : gains) {
                int len = 500;
                int[] counts = new int[len];
                for (int i = 0; i < len; i++) counts[i] = i < 4 ? new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -n - 5, n + 5}[i] : r.nextInt(-n - 2, n + 3);
                float[] want = new float[len + 3], got = new float[len + 3];
                LifThresholding.readout(counts, 0, len, levels, gain, want, 3);
                LifKernel.SCALAR.readout(counts, 0, len, levels, gain, got, 3);
                for (int i = 0; i < want.length; i++)
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "levels " + n + ", gain " + gain + ", element " + i);
            }
        }
    }

    /** The scalar kernel's thresholding (first four thresholds compared without branches) against the reference, element by element. */
    @Test
    void thresholdIncreasingGivesTheReferenceCounts() {
        SplittableRandom r = new SplittableRandom(57);
        float[] gains = {1f, 0.37f, 2.5f, 1e-30f, 0f, Float.POSITIVE_INFINITY};
        float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, -Float.MAX_VALUE};
        for (int n = 1; n < 40; n++) {
            float[] t = table(r, n);
            for (float gain : gains) {
                int len = 700;
                float[] in = new float[len + 2];
                for (int i = 0; i < in.length; i++) {
                    int k = r.nextInt(n);
                    in[i] = switch (i % 5) {
                        case 0 -> special[r.nextInt(special.length)];
                        case 1 -> t[k] / (gain == 0 ? 1 : gain);
                        case 2 -> -Math.nextDown(t[k]);
                        default -> (float) ((r.nextDouble() * 2 - 1) * 1.3 * t[n - 1]);
                    };
                }
                int[] want = new int[len + 3], got = new int[len + 3];
                LifThresholding.threshold(in, 2, len, gain, t, want, 3);
                LifThresholding.thresholdIncreasing(in, 2, len, gain, t, got, 3);
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], "table of " + n + ", gain " + gain + ", element " + i);
            }
        }
    }
}
