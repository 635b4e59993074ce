package org.spikecodec.kernels.cpu;

/** Separable mirror-boundary convolution (placeholder: being implemented). */
final class MirrorConvolution {
    private MirrorConvolution() {}
    static void blur(float[] s, float[] d, int w, int h, float[] k) { throw new UnsupportedOperationException("not implemented yet"); }
    static void blurAdjoint(float[] s, float[] d, int w, int h, float[] k) { throw new UnsupportedOperationException("not implemented yet"); }
}
