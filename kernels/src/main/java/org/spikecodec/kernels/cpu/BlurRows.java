package org.spikecodec.kernels.cpu;

/**
 * The horizontal tap loops of the separable blur ({@link MirrorConvolution}): a row of the mirror-extended line
 * convolved with the kernel, and the adjoint's scatter of a row into an extended line. Two implementations give the
 * same floats bit for bit: {@link #SCALAR} (plain Java loops, each tap's line first copied to a buffer at the same index
 * so that C2 vectorizes them) and {@code VectorBlurRows} (Vector API: the line read at the tap's offset with unaligned
 * loads, no copies), chosen by {@link VectorSupport}. Each output sample adds its taps' products in ascending tap order
 * onto the first product (blur) or onto zero (adjoint), whatever the implementation.
 */
interface BlurRows {
    /**
     * {@code out[i] = kernel[0] * ext[i] + kernel[1] * ext[i + 1] + ...}, added in that order, for {@code i < w};
     * {@code ext} holds at least {@code w + kernel.length - 1} samples, {@code tap} at least {@code w} (scratch).
     */
    void taps(float[] ext, float[] kernel, int w, float[] out, float[] tap);

    /**
     * {@code ext[i + k] += kernel[k] * line[i]} for every tap k ascending and {@code i < w}: the adjoint of
     * {@link #taps}; {@code acc} holds at least {@code w} samples (scratch).
     */
    void scatter(float[] line, float[] kernel, int w, float[] ext, float[] acc);

    /** The plain Java loops. */
    BlurRows SCALAR = new BlurRows() {
        @Override
        public void taps(float[] ext, float[] kernel, int w, float[] out, float[] tap) {
            float k0 = kernel[0];
            for (int i = 0; i < w; i++) out[i] = k0 * ext[i];
            for (int k = 1; k < kernel.length; k++) {
                System.arraycopy(ext, k, tap, 0, w);
                MirrorConvolution.multiplyAdd(out, tap, kernel[k], w);
            }
        }

        @Override
        public void scatter(float[] line, float[] kernel, int w, float[] ext, float[] acc) {
            for (int k = 0; k < kernel.length; k++) {
                System.arraycopy(ext, k, acc, 0, w);
                MirrorConvolution.multiplyAdd(acc, line, kernel[k], w);
                System.arraycopy(acc, 0, ext, k, w);
            }
        }

        @Override public String toString() { return "scalar"; }
    };
}
