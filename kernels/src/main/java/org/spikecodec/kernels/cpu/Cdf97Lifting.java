package org.spikecodec.kernels.cpu;

/** CDF 9/7 lifting (placeholder: being implemented). */
final class Cdf97Lifting {
    private Cdf97Lifting() {}
    static void forward2d(float[] p, int w, int h, int levels) { throw new UnsupportedOperationException("CDF 9/7 not implemented yet"); }
    static void inverse2d(float[] p, int w, int h, int levels) { throw new UnsupportedOperationException("CDF 9/7 not implemented yet"); }
}
