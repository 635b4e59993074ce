package org.spikecodec.kernels.opencl;

/**
 * Which shape of a kernel a device runs. Every variant computes bit-identical results; they differ only in how the
 * work is cut into work-items: a GPU wants many light work-items, a CPU device (PoCL) wants work-items whose loops
 * are written with explicit {@code floatN} vectors, because its compiler vectorizes across work-items only when
 * their control flow agrees. Chosen per device type by {@link #forDevice}; tests and benchmarks pass one
 * explicitly to compare the variants on one device.
 *
 * @param lifWidth elements per work-item of the LIF thresholding and read-out: 1 (the scalar kernels, one
 *                 element each) or 4, 8, 16 ({@code floatN} kernels of {@code lif.cl} built with that width)
 */
public record KernelVariants(int lifWidth) {

    /** The scalar kernels: what a GPU runs. */
    public static final KernelVariants SCALAR = new KernelVariants(1);

    public KernelVariants {
        if (lifWidth != 1 && lifWidth != 4 && lifWidth != 8 && lifWidth != 16)
            throw new IllegalArgumentException("LIF vector width must be 1, 4, 8 or 16: " + lifWidth);
    }

    /** The variants measured fastest for this kind of device (docs/performance.md). */
    public static KernelVariants forDevice(OpenClDevice device) {
        return device.isGpu() ? SCALAR : new KernelVariants(8);
    }

    @Override public String toString() { return lifWidth > 1 ? "float" + lifWidth + " LIF kernels" : "scalar LIF kernels"; }

    /** Build options that select the variant in the {@code .cl} sources. */
    String lifBuildOptions() { return lifWidth > 1 ? " -DLIF_WIDTH=" + lifWidth : ""; }
}
