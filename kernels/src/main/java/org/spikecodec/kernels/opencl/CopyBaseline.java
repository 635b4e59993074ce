package org.spikecodec.kernels.opencl;

/**
 * The memory-copy baseline of the benchmarks ({@link org.spikecodec.kernels.ProfiledBackend#copyBenchmark}): a
 * device-to-device copy ({@code clEnqueueCopyBuffer}) between the two buffers the LIF stages use, timed by its
 * profiling events. Not part of any codec stage. Not thread-safe.
 */
final class CopyBaseline {
    private final ClSession session;
    private final ClBuffer from, to;
    private final long chunkBytes;

    /** Copies between {@code from} and {@code to} in chunks of at most {@code chunkBytes} bytes. */
    CopyBaseline(ClSession session, ClBuffer from, ClBuffer to, long chunkBytes) {
        this.session = session;
        this.from = from;
        this.to = to;
        this.chunkBytes = chunkBytes;
    }

    /** Device nanoseconds of a copy of {@code bytes >= 0} bytes, summed over its chunks. */
    long nanos(long bytes) {
        long total = 0;
        try (ClCommands c = session.commands()) {
            for (long done = 0; done < bytes; done += chunkBytes) {
                long n = Math.min(chunkBytes, bytes - done);
                from.ensure(n);
                to.ensure(n);
                total += c.copy(from, to, n);
            }
        }
        return total;
    }
}
