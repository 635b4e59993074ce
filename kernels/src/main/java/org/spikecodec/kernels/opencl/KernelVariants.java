package org.spikecodec.kernels.opencl;

/**
 * Which shape of a kernel a device runs. Every variant computes bit-identical results; they differ only in how the
 * work is cut into work-items: a GPU wants many light work-items, a CPU device (PoCL) wants work-items whose loops
 * are written with explicit {@code floatN} vectors, because its compiler vectorizes across work-items only when
 * their control flow agrees. Chosen per device type by {@link #forDevice}; tests and benchmarks pass one
 * explicitly to compare the variants on one device.
 *
 * @param lifWidth   elements per work-item of the LIF thresholding and read-out: 1 (the scalar kernels, one
 *                   element each) or 4, 8, 16 ({@code floatN} kernels of {@code lif.cl} built with that width)
 * @param localRows  the wavelet's row passes run one work-group per row in local memory when the row fits (one
 *                   read and one write of the plane per pass); false: always the per-sample kernels
 */
public record KernelVariants(int lifWidth, boolean localRows) {

    /** The scalar LIF kernels and rows in local memory: what a GPU runs. */
    public static final KernelVariants GPU = new KernelVariants(1, true);

    public KernelVariants {
        if (lifWidth != 1 && lifWidth != 4 && lifWidth != 8 && lifWidth != 16)
            throw new IllegalArgumentException("LIF vector width must be 1, 4, 8 or 16: " + lifWidth);
    }

    /** The variants measured fastest for this kind of device (docs/performance.md). */
    public static KernelVariants forDevice(OpenClDevice device) {
        return device.isGpu() ? GPU : new KernelVariants(8, true);
    }

    /** This variant with another LIF width. */
    public KernelVariants withLifWidth(int width) { return new KernelVariants(width, localRows); }

    /** This variant with or without the local-memory row passes. */
    public KernelVariants withLocalRows(boolean local) { return new KernelVariants(lifWidth, local); }

    @Override public String toString() {
        return (lifWidth > 1 ? "float" + lifWidth : "scalar") + " LIF kernels, wavelet rows " + (localRows ? "in local memory" : "per sample");
    }

    /** Build options that select the variant in the {@code .cl} sources. */
    String lifBuildOptions() { return lifWidth > 1 ? " -DLIF_WIDTH=" + lifWidth : ""; }
}
