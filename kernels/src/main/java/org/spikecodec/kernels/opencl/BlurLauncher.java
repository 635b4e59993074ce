package org.spikecodec.kernels.opencl;

import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Launches the mirror-boundary separable convolution of {@code mirror_blur.cl} and its adjoint, bit-identical to the
 * cpu backend: one work-item per output sample, accumulating its terms in exactly the order the Java loops do
 * (starting from the same first product or +0.0f); the mirror index tables and the adjoint's fold lists are integer
 * tables built here, on the host. Not thread-safe.
 */
final class BlurLauncher {
    static final String SOURCE = "mirror_blur.cl";
    private static final String ROWS = "blur_rows", COLUMNS = "blur_columns", ADJOINT_COLUMNS = "blur_adjoint_columns",
            ADJOINT_ROWS = "blur_adjoint_rows";
    private static final long GROUP = ClCommands.TRANSFORM_LOCAL_SIZE;

    private final ClProgram program;
    private final ClBuffer src, tmp, dst, weights;
    private final ClBuffer[] index;

    /**
     * Builds {@code mirror_blur.cl}.
     *
     * @throws IllegalStateException when it does not build or a kernel takes work-groups smaller than
     *                               {@link ClCommands#TRANSFORM_LOCAL_SIZE}
     */
    static ClProgram build(ClSession session) {
        return session.program(SOURCE, OpenClBackend.BUILD_OPTIONS, GROUP, ROWS, COLUMNS, ADJOINT_COLUMNS, ADJOINT_ROWS);
    }

    /**
     * @param program what {@link #build} returned
     * @param src     the source plane
     * @param tmp     the plane after the first pass
     * @param dst     the result
     * @param weights the convolution kernel
     * @param index   four integer tables: the mirror tables (blur), or the fold lists (adjoint)
     */
    BlurLauncher(ClProgram program, ClBuffer src, ClBuffer tmp, ClBuffer dst, ClBuffer weights, ClBuffer... index) {
        if (index.length != 4) throw new IllegalArgumentException("four index buffers, not " + index.length);
        this.program = program;
        this.src = src;
        this.tmp = tmp;
        this.dst = dst;
        this.weights = weights;
        this.index = index.clone();
    }

    /** {@code out = K_y * (K_x * in)} (or its adjoint) of a {@code w x h} plane, {@code in} and {@code out} may be one array. */
    void run(ClCommands c, float[] in, float[] out, int w, int h, float[] kernel, boolean adjoint) {
        long bytes = 4L * w * h;
        int r = kernel.length / 2, n = w * h;
        int[] mx = CpuBackend.mirrorTable(w, r), my = CpuBackend.mirrorTable(h, r);
        src.ensure(bytes);
        tmp.ensure(bytes);
        dst.ensure(bytes);
        weights.ensure(4L * kernel.length);
        c.write(weights, 4L * kernel.length, Pointer.to(kernel));
        if (!adjoint) {
            c.write(index[0], mx);
            c.write(index[1], my);
            c.write(src, bytes, Pointer.to(in));
            cl_kernel hk = program.kernel(ROWS), vk = program.kernel(COLUMNS);
            Cl.setArgs(hk, src, tmp, index[0], weights, kernel.length, w, n);
            c.launch(hk, n, GROUP);
            Cl.setArgs(vk, tmp, dst, index[1], weights, kernel.length, w, n);
            c.launch(vk, n, GROUP);
        } else {
            int[][] v = CpuBackend.adjointFoldLists(my, h, r, false), hz = CpuBackend.adjointFoldLists(mx, w, r, true);
            c.write(index[0], v[0]);
            c.write(index[1], v[1]);
            c.write(index[2], hz[0]);
            c.write(index[3], hz[1]);
            c.write(src, bytes, Pointer.to(in));
            cl_kernel vk = program.kernel(ADJOINT_COLUMNS), hk = program.kernel(ADJOINT_ROWS);
            Cl.setArgs(vk, src, tmp, index[0], index[1], weights, kernel.length, w, h, n);
            c.launch(vk, n, GROUP);
            Cl.setArgs(hk, tmp, dst, index[2], index[3], weights, kernel.length, w, n);
            c.launch(hk, n, GROUP);
        }
        c.read(dst, bytes, Pointer.to(out));
    }
}
