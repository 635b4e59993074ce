package org.spikecodec.kernels;

/**
 * A backend that can say what its calls cost on the device, for benchmarks ({@code spikecodec bench}, the JMH
 * benchmarks): the device time of the last call, and a baseline, a plain copy of the same bytes on the same device.
 * The codec never needs either; it sees only {@link ComputeBackend}. Implemented by the OpenCL backend (whose
 * command queue records profiling events); the cpu backend has no device time and does not implement it (callers
 * time it by the wall clock and {@code System.arraycopy}).
 */
public interface ProfiledBackend extends ComputeBackend {

    /**
     * Device time of one call, from profiling events: kernel execution, and host/device copies.
     *
     * @param elements the elements of the call; 0 when it ran no device command (an empty call, or a stage handed to
     *                 the cpu backend)
     */
    record Timing(long kernelNanos, long transferNanos, int elements) {
        /** No device command ran. */
        public static final Timing NONE = new Timing(0, 0, 0);
    }

    /**
     * Profiling times of the last call (summed over its chunks, kernels and copies); {@link Timing#NONE} for a call
     * that ran on the CPU, ran nothing, or failed.
     */
    Timing lastTiming();

    /**
     * Compilation the last call paid for, in nanoseconds: a backend that compiles its kernels on first use (TornadoVM
     * compiles a task graph on its first run) reports it here, apart from {@link #lastTiming()}; 0 for a call that
     * compiled nothing, and on backends that build their kernels when they open (OpenCL).
     */
    default long lastCompileNanos() { return 0; }

    /**
     * Memory-copy baseline on the device: a device-to-device copy of {@code bytes} bytes (the buffers of the LIF
     * stages), timed by its profiling events; the device time in nanoseconds (summed over chunks when {@code bytes}
     * exceeds the device's largest allocation). The same bytes as a LIF call reads (or writes), so a kernel time can
     * be read as a multiple of a plain copy. Does not change {@link #lastTiming()}.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative
     * @throws IllegalStateException    when the backend is closed
     */
    long copyBenchmark(long bytes);
}
