package org.spikecodec.kernels.cpu;

/** Scalar reference for the closed-form LIF decision and read-out (see {@code ComputeBackend}). */
public final class LifThresholding {
    private LifThresholding() {}

    /** Number of entries of the increasing table {@code t} that are {@code <= mag} (upper bound by bisection). */
    public static int count(float mag, float[] t) { return bisect(mag, t, 0, t.length); }

    /** Bisection on {@code [lo, hi)}, given t[0..lo) <= mag and t[hi..) > mag. */
    private static int bisect(float mag, float[] t, int lo, int hi) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= mag) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public static void threshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        for (int i = 0; i < len; i++) {
            float x = in[inOff + i];
            float mag = Math.abs(x) * gain;
            int n = count(mag, t);
            out[outOff + i] = x < 0 ? -n : n;
        }
    }

    /**
     * {@link #count} for a table that meets the backends' contract (strictly increasing, finite, positive:
     * {@code ComputeBackend.requireDecisionTable}), where the predicate {@code t[k] <= mag} is monotone in k, so any
     * exact search gives the same count. Most inputs of a coded image lie in the dead zone and most others near it, so
     * this one starts at the bottom: one comparison for a count of 0, then a galloping search (t[1], t[3], t[7], ...)
     * that brackets the count in about log2(count) steps, then a bisection inside the bracket (NaN counts 0).
     */
    public static int countIncreasing(float mag, float[] t) {
        int len = t.length;
        if (len == 0 || !(t[0] <= mag)) return 0;
        int lo = 1, hi = 2; // invariant: t[0..lo) <= mag
        while (hi <= len && t[hi - 1] <= mag) {
            lo = hi;
            if (hi > len >>> 1) { hi = len + 1; break; } // no overflow, whatever the length
            hi <<= 1;
        }
        return bisect(mag, t, lo, Math.min(hi - 1, len)); // t[min(hi - 1, len)..) > mag
    }

    /**
     * {@link #threshold} for a table that meets the contract, by {@link #countIncreasing}: the same counts. The first
     * four entries are compared without branches (on an increasing table the number of them {@code <= mag} is
     * min(count, 4), and 0 for NaN), so the dead zone and the small counts, mixed at random, cost no mispredicted
     * branch; only a count of 4 or more goes on to the search.
     */
    public static void thresholdIncreasing(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        if (t.length < 4) {
            for (int i = 0; i < len; i++) {
                float x = in[inOff + i];
                int n = countIncreasing(Math.abs(x) * gain, t);
                out[outOff + i] = x < 0 ? -n : n;
            }
            return;
        }
        float t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3];
        for (int i = 0; i < len; i++) {
            float x = in[inOff + i];
            float mag = Math.abs(x) * gain;
            int n = (t0 <= mag ? 1 : 0) + (t1 <= mag ? 1 : 0) + (t2 <= mag ? 1 : 0) + (t3 <= mag ? 1 : 0);
            if (n == 4) n = countIncreasing(mag, t);
            out[outOff + i] = x < 0 ? -n : n;
        }
    }

    public static void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff) {
        int last = levels.length - 1;
        for (int i = 0; i < len; i++) {
            int n = counts[off + i];
            int a = n == Integer.MIN_VALUE ? last : Math.min(Math.abs(n), last); // |MIN_VALUE| overflows: saturate too
            float v = levels[a] / gain;
            out[outOff + i] = n < 0 ? -v : v;
        }
    }

    /**
     * {@code levels[|k|] / gain}, negated for k < 0, at index {@code k + levels.length - 1} for every
     * {@code |k| < levels.length} (a one-level table gets entries for k = -1 and 1 as well): the values {@link #readout} computes for a count k, divided once per table instead
     * of once per element (negation is exact, so these are the same floats, NaN's sign included).
     */
    public static float[] signedScaledLevels(float[] levels, float gain) {
        int last = levels.length - 1, ends = Math.max(last, 1); // at least one negative entry: -0f for a table of one level
        float[] signed = new float[2 * ends + 1];
        signed[ends] = levels[0] / gain; // a count of 0 reads out unnegated
        for (int k = 1; k <= ends; k++) {
            float v = levels[Math.min(k, last)] / gain;
            signed[ends + k] = v;
            signed[ends - k] = -v;
        }
        return signed;
    }

    /**
     * {@link #readout} from {@link #signedScaledLevels}: the same floats, one clamped table look-up per element and no
     * branch (counts beyond the table, Integer.MIN_VALUE included, saturate to its ends as in {@link #readout}).
     */
    public static void readoutSigned(int[] counts, int off, int len, float[] signed, float[] out, int outOff) {
        int last = signed.length >> 1;
        for (int i = 0; i < len; i++) out[outOff + i] = signed[Math.max(-last, Math.min(counts[off + i], last)) + last];
    }
}
