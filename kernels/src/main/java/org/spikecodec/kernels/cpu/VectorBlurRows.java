package org.spikecodec.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The separable blur's horizontal tap loops on the Vector API ({@code jdk.incubator.vector}), bit-identical to
 * {@link BlurRows#SCALAR}: every output sample gets the same products, each rounded separately and added in ascending
 * tap order ({@code acc + c * x}, no fused multiply-add). The scalar loops copy the line at each tap's offset into a
 * buffer first (C2 vectorizes only loops that index every array alike); here the line is read at the offset with
 * unaligned loads. The blur keeps each vector's sum in a register across the taps, so its output is written once.
 * Never referenced by name: {@link VectorSupport} loads it reflectively, only when the module is in the boot layer.
 */
final class VectorBlurRows implements BlurRows {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FS.length();

    @Override public String toString() { return "vector (" + FS + ")"; }

    @Override
    public void taps(float[] ext, float[] kernel, int w, float[] out, float[] tap) {
        int taps = kernel.length;
        float k0 = kernel[0];
        int i = 0;
        for (int end = FS.loopBound(w); i < end; i += L) {
            FloatVector acc = FloatVector.fromArray(FS, ext, i).mul(k0);
            for (int k = 1; k < taps; k++) acc = acc.add(FloatVector.fromArray(FS, ext, i + k).mul(kernel[k]));
            acc.intoArray(out, i);
        }
        for (; i < w; i++) {
            float acc = k0 * ext[i];
            for (int k = 1; k < taps; k++) acc += kernel[k] * ext[i + k];
            out[i] = acc;
        }
    }

    @Override
    public void scatter(float[] line, float[] kernel, int w, float[] ext, float[] acc) {
        int end = FS.loopBound(w);
        for (int k = 0; k < kernel.length; k++) {
            float c = kernel[k];
            int i = 0;
            for (; i < end; i += L)
                FloatVector.fromArray(FS, ext, i + k).add(FloatVector.fromArray(FS, line, i).mul(c)).intoArray(ext, i + k);
            for (; i < w; i++) ext[i + k] += c * line[i];
        }
    }
}
