package org.spikecodec.kernels.cpu;

/**
 * One implementation of the element-wise LIF stages (see {@link LifThresholding} for the contract): the scalar
 * reference, or {@code VectorLifThresholding} (Vector API), which must give bit-identical results. A backend call
 * prepares its table once ({@link #thresholder}, {@link #readouter}) and runs the result on each of its chunks.
 */
interface LifKernel {
    /** Thresholding against one table {@code t}, prepared once (the table must not change while it is used). */
    @FunctionalInterface
    interface Thresholder { void threshold(float[] in, int inOff, int len, float gain, int[] out, int outOff); }

    /** Read-out with one {@code levels} table and gain, prepared once. */
    @FunctionalInterface
    interface Readouter { void readout(int[] counts, int off, int len, float[] out, int outOff); }

    Thresholder thresholder(float[] t);

    Readouter readouter(float[] levels, float gain);

    default void threshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        thresholder(t).threshold(in, inOff, len, gain, out, outOff);
    }

    default void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff) {
        readouter(levels, gain).readout(counts, off, len, out, outOff);
    }

    /**
     * The scalar reference, {@link LifThresholding}; its thresholder searches from the bottom of the table
     * ({@link LifThresholding#thresholdIncreasing}), which gives the reference's counts on every table that meets the
     * contract (backends check it before they prepare a thresholder); its readouter divides each level by the gain
     * once per table ({@link LifThresholding#readoutSigned}), the same floats as one division per element.
     */
    LifKernel SCALAR = new LifKernel() {
        @Override public Thresholder thresholder(float[] t) {
            return (in, inOff, len, gain, out, outOff) -> LifThresholding.thresholdIncreasing(in, inOff, len, gain, t, out, outOff);
        }

        @Override public Readouter readouter(float[] levels, float gain) {
            float[] signed = LifThresholding.signedScaledLevels(levels, gain);
            return (counts, off, len, out, outOff) -> LifThresholding.readoutSigned(counts, off, len, signed, out, outOff);
        }

        @Override public String toString() { return "scalar"; }
    };
}
