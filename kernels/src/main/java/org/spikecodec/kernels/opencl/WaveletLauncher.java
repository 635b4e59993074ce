package org.spikecodec.kernels.opencl;

import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;

import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Launches the CDF 9/7 lifting kernels of {@code cdf97.cl}, bit-identical to the cpu backend: the plane is uploaded
 * once, every level's column and row passes run on device buffers (one launch per lifting step with one work-item per
 * sample, or a whole row pass in local memory when the row fits and {@link KernelVariants#localRows()} allows it;
 * each {@code x + c * (a + b)} as three separately rounded float operations on the Java operands), and it is read
 * back once. The lifting constants are the cpu backend's floats, passed as arguments. Not thread-safe.
 */
final class WaveletLauncher {
    static final String SOURCE = "cdf97.cl";
    private static final String LIFT_ROWS = "cdf97_lift_rows", LIFT_COLUMNS = "cdf97_lift_columns", REORDER_ROWS = "cdf97_reorder_rows",
            REORDER_COLUMNS = "cdf97_reorder_columns", COPY = "copy_region", ROWS_LOCAL = "cdf97_rows_local";
    private static final long GROUP = ClCommands.TRANSFORM_LOCAL_SIZE;

    private final ClProgram program;
    private final ClBuffer plane, aux;
    private final float[] cdf97 = CpuBackend.cdf97Constants();
    /** Longest row the local-memory row pass takes (0: never), and its work-group size. */
    private final long localRowFloats, localRowGroup;

    /**
     * Builds {@code cdf97.cl}.
     *
     * @throws IllegalStateException when it does not build or a kernel takes work-groups smaller than
     *                               {@link ClCommands#TRANSFORM_LOCAL_SIZE}
     */
    static ClProgram build(ClSession session) {
        return session.program(SOURCE, OpenClBackend.BUILD_OPTIONS, GROUP, LIFT_ROWS, LIFT_COLUMNS, REORDER_ROWS, REORDER_COLUMNS, COPY, ROWS_LOCAL);
    }

    /**
     * @param program what {@link #build} returned
     * @param plane   the plane, transformed in place
     * @param aux     scratch of the plane's size (the deinterleaved or interleaved pass)
     */
    WaveletLauncher(ClSession session, ClProgram program, KernelVariants variants, ClBuffer plane, ClBuffer aux) {
        this.program = program;
        this.plane = plane;
        this.aux = aux;
        long localMem = session.deviceLong(CL_DEVICE_LOCAL_MEM_SIZE);
        long rowWg = program.workGroupSize(ROWS_LOCAL), used = program.localMemUsed(ROWS_LOCAL);
        this.localRowFloats = variants.localRows() ? Math.max(0, (localMem - used) / 4) : 0;
        this.localRowGroup = Math.min(256, rowWg);
    }

    /**
     * The forward (or inverse) transform of a {@code width x height} plane over {@code levels} levels, at least one
     * (the cpu backend's effective levels of that size).
     */
    void run(ClCommands c, float[] values, int width, int height, int levels, boolean forward) {
        long bytes = 4L * width * height;
        plane.ensure(bytes);
        aux.ensure(bytes);
        c.write(plane, bytes, Pointer.to(values));
        int[] regionW = new int[levels], regionH = new int[levels];
        for (int l = 0, w = width, h = height; l < levels; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            regionW[l] = w;
            regionH[l] = h;
        }
        float[] k = cdf97;
        float[] lifts = forward ? new float[] {k[0], k[1], k[2], k[3]} : new float[] {-k[3], -k[2], -k[1], -k[0]};
        for (int i = 0; i < levels; i++) {
            int l = forward ? i : levels - 1 - i;
            int w = regionW[l], h = regionH[l];
            if (forward && h > 1) pass(c, false, w, h, width, forward, lifts);
            if (w > 1) pass(c, true, w, h, width, forward, lifts);
            if (!forward && h > 1) pass(c, false, w, h, width, forward, lifts);
        }
        c.read(plane, bytes, Pointer.to(values)); // blocking, after every kernel (in-order queue)
    }

    /**
     * One pass (along the rows or down the columns) over the {@code w x h} region: one launch per lifting step. The
     * forward lifts odd (predict), even (update), odd, even, then deinterleaves; the inverse interleaves first, then
     * lifts even, odd, even, odd.
     */
    private void pass(ClCommands c, boolean alongRows, int w, int h, int stride, boolean forward, float[] lifts) {
        float k = cdf97[4], invk = cdf97[5];
        int n = alongRows ? w : h, lines = alongRows ? h : w;
        if (alongRows && w <= localRowFloats) { // the whole pass in local memory, one work-group per row
            cl_kernel rows = program.kernel(ROWS_LOCAL);
            Cl.setArgs(rows, plane, new Cl.LocalBytes(4L * w), stride, w, forward ? 1 : 0, lifts[0], lifts[1], lifts[2], lifts[3], k, invk);
            // Enough work-items for the longer half of the row (each lifting step updates one half), capped.
            long group = Math.max(1, Math.min(localRowGroup, Integer.highestOneBit(Math.max(1, (w + 1) / 2)) * 2L));
            c.launch(rows, group * h, group);
            return;
        }
        cl_kernel lift = program.kernel(alongRows ? LIFT_ROWS : LIFT_COLUMNS);
        if (!forward) reorder(c, alongRows, n, lines, w, h, stride, false, k, invk);
        for (int s = 0; s < 4; s++) {
            int parity = forward ? 1 - (s & 1) : s & 1, targets = parity == 1 ? n / 2 : (n + 1) / 2;
            Cl.setArgs(lift, plane, stride, n, lines, parity, lifts[s]);
            if (alongRows) c.launch2d(lift, targets, lines, GROUP); else c.launch2d(lift, lines, targets, GROUP);
        }
        if (forward) reorder(c, alongRows, n, lines, w, h, stride, true, k, invk);
    }

    /** Deinterleaves (forward) or interleaves the pass's lines into {@link #aux}, then copies the region back. */
    private void reorder(ClCommands c, boolean alongRows, int n, int lines, int w, int h, int stride, boolean forward, float k, float invk) {
        cl_kernel reorder = program.kernel(alongRows ? REORDER_ROWS : REORDER_COLUMNS), copy = program.kernel(COPY);
        Cl.setArgs(reorder, plane, aux, stride, n, lines, forward ? 1 : 0, k, invk);
        if (alongRows) c.launch2d(reorder, n, lines, GROUP); else c.launch2d(reorder, lines, n, GROUP);
        Cl.setArgs(copy, aux, plane, stride, w, h);
        c.launch2d(copy, w, h, GROUP);
    }
}
