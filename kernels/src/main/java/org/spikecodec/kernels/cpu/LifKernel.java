package org.spikecodec.kernels.cpu;

/**
 * One implementation of the element-wise LIF stages (see {@link LifThresholding} for the contract): the scalar
 * reference, or {@code VectorLifThresholding} (Vector API), which must give bit-identical results.
 */
interface LifKernel {
    void threshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff);

    void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff);

    /** The scalar reference, {@link LifThresholding}. */
    LifKernel SCALAR = new LifKernel() {
        @Override public void threshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
            LifThresholding.threshold(in, inOff, len, gain, t, out, outOff);
        }

        @Override public void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff) {
            LifThresholding.readout(counts, off, len, levels, gain, out, outOff);
        }

        @Override public String toString() { return "scalar"; }
    };
}
