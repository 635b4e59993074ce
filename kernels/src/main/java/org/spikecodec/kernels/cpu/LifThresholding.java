package org.spikecodec.kernels.cpu;

/** Scalar reference for the closed-form LIF decision and read-out (see {@code ComputeBackend}). */
public final class LifThresholding {
    private LifThresholding() {}

    /** Number of entries of the increasing table {@code t} that are {@code <= mag} (upper bound by bisection). */
    public static int count(float mag, float[] t) {
        int lo = 0, hi = t.length; // invariant: t[0..lo) <= mag, t[hi..) > mag
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

    public static void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff) {
        int last = levels.length - 1;
        for (int i = 0; i < len; i++) {
            int n = counts[off + i];
            int a = n == Integer.MIN_VALUE ? last : Math.min(Math.abs(n), last); // |MIN_VALUE| overflows: saturate too
            float v = levels[a] / gain;
            out[outOff + i] = n < 0 ? -v : v;
        }
    }
}
