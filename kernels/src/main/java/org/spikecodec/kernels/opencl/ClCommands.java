package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.spikecodec.kernels.ProfiledBackend.Timing;

/**
 * The device commands of one backend call, on the session's in-order queue, and their profiling events: copies to
 * and from the device are blocking (their time is taken at once), kernels are enqueued without waiting (a later
 * blocking read, or {@link #timing}, waits for them). The launchers only say what to run; this class keeps the
 * events and sums their device times. Opened by {@link ClSession#commands()} in a try-with-resources block:
 * {@link #close()} releases any event not yet summed. Not thread-safe.
 */
final class ClCommands implements AutoCloseable {
    /** Largest global size in dimension 1 of one launch (CUDA's grid y limit, which NVIDIA's OpenCL inherits). */
    static final int MAX_DIM1 = 65_535;
    /** Work-group size of the per-sample kernels (wavelet, blur, integration); their programs must take it. */
    static final long TRANSFORM_LOCAL_SIZE = 64;

    private final cl_command_queue queue;
    private final List<cl_event> kernels = new ArrayList<>();
    private long transferNanos;

    ClCommands(cl_command_queue queue) { this.queue = queue; }

    /** Host to device, blocking: {@code bytes} bytes from {@code src} to the start of {@code dst}. */
    void write(ClBuffer dst, long bytes, Pointer src) {
        cl_event ev = new cl_event();
        Cl.check(clEnqueueWriteBuffer(queue, dst.mem(), CL_TRUE, 0, bytes, src, 0, null, ev), "clEnqueueWriteBuffer");
        transferNanos += elapsed(ev);
    }

    /** Uploads an int table into {@code dst} (grown to hold it; at least 4 bytes, so that it exists when empty). */
    void write(ClBuffer dst, int[] values) {
        long bytes = 4L * values.length;
        dst.ensure(Math.max(4, bytes));
        if (values.length > 0) write(dst, bytes, Pointer.to(values));
    }

    /** Device to host, blocking (so after every kernel enqueued before it): {@code bytes} bytes of {@code src}. */
    void read(ClBuffer src, long bytes, Pointer dst) {
        cl_event ev = new cl_event();
        Cl.check(clEnqueueReadBuffer(queue, src.mem(), CL_TRUE, 0, bytes, dst, 0, null, ev), "clEnqueueReadBuffer");
        transferNanos += elapsed(ev);
    }

    /**
     * Device to device, waited for: {@code bytes} bytes of {@code src} to {@code dst}; returns its device time
     * (also counted as a transfer of this call).
     */
    long copy(ClBuffer src, ClBuffer dst, long bytes) {
        cl_event ev = new cl_event();
        Cl.check(clEnqueueCopyBuffer(queue, src.mem(), dst.mem(), 0, 0, bytes, 0, null, ev), "clEnqueueCopyBuffer");
        long t;
        try {
            Cl.check(clWaitForEvents(1, new cl_event[] {ev}), "clWaitForEvents");
        } finally {
            t = elapsed(ev);
        }
        transferNanos += t;
        return t;
    }

    /**
     * Enqueues a 1-D kernel over {@code n} work-items in work-groups of {@code local} (the global size rounded up to a
     * multiple of it: the kernels bound-check), without waiting.
     */
    void launch(cl_kernel k, long n, long local) {
        long global = (n + local - 1) / local * local;
        cl_event ev = new cl_event();
        Cl.check(clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {local}, 0, null, ev),
                "clEnqueueNDRangeKernel");
        kernels.add(ev);
    }

    /**
     * Enqueues a 2-D kernel over {@code n0 x n1} work-items (dimension 0 rounded up to the work-group width
     * {@code local0}; work-groups one item high), without waiting. Dimension 1 goes in launches of at most
     * {@link #MAX_DIM1} items (a global offset for each): NVIDIA's runtime maps it onto CUDA's grid y, which stops at
     * 65,535 blocks, and a plane may be 65,536 rows high.
     */
    void launch2d(cl_kernel k, int n0, int n1, long local0) {
        long global0 = (n0 + local0 - 1) / local0 * local0;
        for (int from = 0; from < n1; from += MAX_DIM1) {
            cl_event ev = new cl_event();
            Cl.check(clEnqueueNDRangeKernel(queue, k, 2, new long[] {0, from}, new long[] {global0, Math.min(MAX_DIM1, n1 - from)},
                    new long[] {local0, 1}, 0, null, ev), "clEnqueueNDRangeKernel");
            kernels.add(ev);
        }
    }

    /**
     * Waits for the kernels enqueued so far and returns this call's device times: the kernels' summed, and the
     * transfers'. The kernels' events are released; a second call counts only kernels enqueued after the first.
     */
    Timing timing(int elements) {
        long kernelNanos = 0;
        if (!kernels.isEmpty()) {
            Cl.check(clWaitForEvents(kernels.size(), kernels.toArray(new cl_event[0])), "clWaitForEvents");
            while (!kernels.isEmpty()) kernelNanos += elapsed(kernels.remove(kernels.size() - 1));
        }
        return new Timing(kernelNanos, transferNanos, elements);
    }

    /** Releases the events not yet summed (after a failure: their commands finish on their own). */
    @Override
    public void close() {
        for (cl_event ev : kernels) clReleaseEvent(ev);
        kernels.clear();
    }

    /** END - START of a completed event, which is then released. */
    private static long elapsed(cl_event ev) {
        try {
            long[] start = new long[1], end = new long[1];
            Cl.check(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null), "profiling");
            Cl.check(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null), "profiling");
            return end[0] - start[0];
        } finally {
            clReleaseEvent(ev);
        }
    }
}
