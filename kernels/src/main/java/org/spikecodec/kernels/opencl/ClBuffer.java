package org.spikecodec.kernels.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clReleaseMemObject;

import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * A device buffer that is kept between calls and only grows (by at least half its size, capped at the device's
 * largest allocation). Made by {@link ClSession#buffer()}, which releases it when the session closes; not
 * thread-safe (the backend serialises its calls).
 */
final class ClBuffer implements AutoCloseable {
    private final cl_context context;
    private final long maxAllocBytes;
    private cl_mem mem;
    private long capacity;

    ClBuffer(cl_context context, long maxAllocBytes) {
        this.context = context;
        this.maxAllocBytes = maxAllocBytes;
    }

    /** Makes the buffer hold at least {@code bytes} bytes (its contents are lost when it grows); returns it. */
    ClBuffer ensure(long bytes) {
        if (mem != null && bytes <= capacity) return this;
        long cap = Math.min(maxAllocBytes, Math.max(bytes, capacity + capacity / 2));
        close();
        int[] err = new int[1];
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, cap, null, err);
        Cl.check(err[0], "clCreateBuffer(" + cap + " bytes)");
        mem = m;
        capacity = cap;
        return this;
    }

    /** The device memory object (null before the first {@link #ensure}). */
    cl_mem mem() { return mem; }

    /** Capacity in bytes (0 before the first {@link #ensure} and after {@link #close}). */
    long capacity() { return capacity; }

    /** Releases the device memory; idempotent (a later {@link #ensure} allocates again). */
    @Override
    public void close() {
        if (mem != null) {
            clReleaseMemObject(mem);
            mem = null;
            capacity = 0;
        }
    }
}
