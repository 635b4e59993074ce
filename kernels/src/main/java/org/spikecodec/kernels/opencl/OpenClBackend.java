package org.spikecodec.kernels.opencl;

import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.kernels.BackendUnavailableException;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * OpenCL backend: every stage of {@link ComputeBackend} as OpenCL kernels, with exactly the cpu backend's results
 * (so a {@code .spk} file is the same byte for byte whichever backend wrote it). This class checks the arguments,
 * decides what runs on the device and what on the cpu backend, and serialises the calls; the work is done by
 * <ul>
 *   <li>{@link ClSession}: the device's context, its one profiling command queue, the programs built for it and the
 *       device buffers, all released together;</li>
 *   <li>one launcher per kernel family, each with its own {@code .cl} source: {@link LifLauncher} (thresholding and
 *       read-out, {@code lif.cl}; scalar on a GPU, {@code floatN} on a CPU device: {@link KernelVariants}),
 *       {@link IntegrateLauncher} (time-stepped integration, {@code lif_integrate.cl}), {@link WaveletLauncher}
 *       (CDF 9/7 lifting, {@code cdf97.cl}) and {@link BlurLauncher} (mirror-boundary separable convolution and its
 *       adjoint, {@code mirror_blur.cl});</li>
 *   <li>{@link ClCommands}: the commands of one call and their profiling events, from which {@link #lastTiming()}
 *       comes; and {@link CopyBaseline}, the device copy of {@link #copyBenchmark}. Both are for benchmarks, behind
 *       {@link ProfiledBackend}.</li>
 * </ul>
 * Exactness: the device must keep subnormals and round to nearest ({@link OpenClDevice#exactCapable()}), and every
 * program is built with {@code #pragma OPENCL FP_CONTRACT OFF} and {@link #BUILD_OPTIONS} (no mad, fma,
 * denormals-are-zero or fast-math option). Without {@code lif.cl} the backend is unavailable; should another program
 * fail to build, its stages run on the cpu backend (with a warning), as do planes larger than the device's largest
 * allocation.
 *
 * <p>Device buffers are kept between calls and grown when a call needs more; LIF inputs larger than the device's
 * largest allocation are processed in chunks. One command queue: calls are serialised ({@code synchronized}).
 * {@link #close()} releases every OpenCL object and is idempotent.
 */
public final class OpenClBackend implements ProfiledBackend {

    /** Build options: the OpenCL C version only. No -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero. */
    public static final String BUILD_OPTIONS = "-cl-std=CL1.2";

    private static final Logger log = LoggerFactory.getLogger(OpenClBackend.class);

    private final OpenClDevice device;
    private final KernelVariants variants;
    private final CpuBackend cpu = new CpuBackend();
    private final ClSession session;
    /** The LIF stages' buffers (also the copy baseline's). */
    private final ClBuffer input, output, table;
    private final LifLauncher lif;
    private final CopyBaseline copy;
    /** Null when its program did not build (its stages then run on the cpu backend). */
    private final WaveletLauncher wavelet;
    private final BlurLauncher blur;
    private final IntegrateLauncher integrate;
    private Timing last = Timing.NONE;
    private boolean closed;

    /**
     * Opens the given device. Throws {@link BackendUnavailableException} (with every OpenCL object already
     * released) when OpenCL cannot be loaded, the device does not exist or is not exact-capable, or the
     * kernels do not build.
     */
    public OpenClBackend(OpenClDevice device) { this(device, KernelVariants.forDevice(device)); }

    /** Opens the device with the given kernel variants (tests and benchmarks compare them on one device). */
    public OpenClBackend(OpenClDevice device, KernelVariants variants) {
        this.device = device;
        this.variants = variants;
        if (!device.exactCapable()) {
            cpu.close();
            throw new BackendUnavailableException("OpenCL device " + device.spec() + " (" + device.name()
                    + ") cannot give counts identical to the cpu backend: " + device.exactnessGap());
        }
        ClSession s = null;
        try {
            s = new ClSession(device);
            ClProgram lifProgram;
            try {
                lifProgram = LifLauncher.build(s, variants);
            } catch (ClProgram.BuildFailure e) {
                throw new BackendUnavailableException("OpenCL kernels (" + LifLauncher.SOURCE + ") failed to build on " + device.name() + ": "
                        + e.getMessage());
            }
            input = s.buffer();
            output = s.buffer();
            table = s.buffer();
            lif = new LifLauncher(lifProgram, variants, device.maxAllocBytes(), input, output, table);
            copy = new CopyBaseline(s, input, output, 4L * lif.chunkElements());
            // The transforms and the integration share three buffers: a plane (or input), an intermediate, a result.
            ClBuffer plane = s.buffer(), aux = s.buffer(), dst = s.buffer();
            ClProgram dwt = optional(WaveletLauncher.SOURCE, WaveletLauncher::build, s);
            wavelet = dwt == null ? null : new WaveletLauncher(s, dwt, variants, plane, aux);
            ClProgram blurs = optional(BlurLauncher.SOURCE, BlurLauncher::build, s);
            blur = blurs == null ? null : new BlurLauncher(blurs, plane, aux, dst, s.buffer(), s.buffer(), s.buffer(), s.buffer(), s.buffer());
            ClProgram integration = optional(IntegrateLauncher.SOURCE, IntegrateLauncher::build, s);
            integrate = integration == null ? null : new IntegrateLauncher(integration, variants, plane, aux, dst);
            session = s;
        } catch (BackendUnavailableException e) {
            closeAfterFailure(s);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            closeAfterFailure(s);
            throw new BackendUnavailableException("OpenCL device " + device.spec() + " (" + device.name() + ") unusable: " + e, e);
        }
    }

    /** Builds an optional program; on failure warns and returns null (those stages then run on the cpu backend). */
    private ClProgram optional(String source, Function<ClSession, ClProgram> build, ClSession s) {
        try {
            return build.apply(s);
        } catch (RuntimeException e) {
            log.warn("OpenCL kernels {} unusable on {}; those stages run on the cpu backend: {}", source, device.name(), e.getMessage());
            return null;
        }
    }

    private void closeAfterFailure(ClSession s) {
        try {
            if (s != null) s.close();
        } finally {
            cpu.close();
        }
    }

    /** Whether the DWT and the blur run on the device (their programs built; false once closed), for tests and diagnostics. */
    public synchronized boolean[] transformsOnDevice() { return new boolean[] {!closed && wavelet != null, !closed && blur != null}; }

    /** Whether {@link #lifIntegrate} runs on the device (lif_integrate.cl built; false once closed), for tests and diagnostics. */
    public synchronized boolean integrationOnDevice() { return !closed && integrate != null; }

    public OpenClDevice device() { return device; }

    /** The kernel variants this backend runs. */
    public KernelVariants variants() { return variants; }

    /** {@code CL_DRIVER_VERSION} of the device in use. */
    public String driverVersion() { return session.driverVersion(); }

    @Override public String name() { return "opencl:" + device.name(); }

    // ---- profiling (ProfiledBackend) ---------------------------------------------------------------------

    /** {@inheritDoc} On this backend a {@code clEnqueueCopyBuffer} between the LIF stages' input and output buffers. */
    @Override
    public synchronized long copyBenchmark(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative byte count " + bytes);
        ensureOpen();
        return copy.nanos(bytes);
    }

    @Override
    public synchronized Timing lastTiming() { return last; }

    /** Runs one call's device commands; its profiling times become {@link #lastTiming()} ({@link Timing#NONE} should it fail). */
    private void onDevice(int elements, Consumer<ClCommands> call) {
        last = Timing.NONE;
        try (ClCommands c = session.commands()) {
            call.accept(c);
            last = c.timing(elements);
        }
    }

    /** Current capacity in bytes of the input, output and table buffers (for tests of buffer reuse). */
    synchronized long[] bufferCapacities() { return new long[] {input.capacity(), output.capacity(), table.capacity()}; }

    // ---- LIF ---------------------------------------------------------------------------------------------

    @Override
    public synchronized void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        ComputeBackend.requireRange(in.length, inOff, len);
        ComputeBackend.requireRange(out.length, outOff, len);
        ComputeBackend.requireDecisionTable(thresholds);
        ensureOpen();
        if (len == 0) { last = Timing.NONE; return; }
        onDevice(len, c -> lif.threshold(c, in, inOff, len, gain, thresholds, out, outOff));
    }

    @Override
    public synchronized void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff) {
        ComputeBackend.requireRange(counts.length, countsOff, len);
        ComputeBackend.requireRange(out.length, outOff, len);
        if (levels.length == 0 || levels[0] != 0f) throw new IllegalArgumentException("levels[0] must be 0");
        ensureOpen();
        if (len == 0) { last = Timing.NONE; return; }
        onDevice(len, c -> lif.readout(c, counts, countsOff, len, levels, gain, out, outOff));
    }

    /** On the cpu backend when lif_integrate.cl did not build or a buffer would exceed the device's largest allocation. */
    @Override
    public synchronized void lifIntegrate(float[] in, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep) {
        ensureOpen();
        if (p == null) throw new IllegalArgumentException("LIF integration parameters are required");
        p.checkArrays(in, neurons, countsPerBin, firstSpikeStep);
        long inBytes = 4L * p.planes() * neurons, countBytes = 4L * p.bins() * neurons;
        if (neurons == 0) { last = Timing.NONE; return; }
        if (integrate == null || inBytes > device.maxAllocBytes() || countBytes > device.maxAllocBytes()) {
            last = Timing.NONE;
            cpu.lifIntegrate(in, neurons, p, countsPerBin, firstSpikeStep);
            return;
        }
        onDevice(neurons, c -> integrate.run(c, in, neurons, p, countsPerBin, firstSpikeStep));
    }

    // ---- transforms --------------------------------------------------------------------------------------

    @Override
    public synchronized void dwtForward(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, true); }

    @Override
    public synchronized void dwtInverse(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, false); }

    private void dwt(float[] plane, int width, int height, int levels, boolean forward) {
        ensureOpen();
        ComputeBackend.requireDwtArguments(plane, width, height, levels);
        int applied = CpuBackend.dwtEffectiveLevels(width, height, levels);
        last = Timing.NONE;
        if (applied == 0) return;
        if (wavelet == null || 4L * width * height > device.maxAllocBytes()) {
            if (forward) cpu.dwtForward(plane, width, height, levels); else cpu.dwtInverse(plane, width, height, levels);
            return;
        }
        onDevice(width * height, c -> wavelet.run(c, plane, width, height, applied, forward));
    }

    @Override
    public synchronized void separableBlur(float[] src, float[] dst, int width, int height, float[] kernel) {
        blur(src, dst, width, height, kernel, false);
    }

    @Override
    public synchronized void separableBlurAdjoint(float[] src, float[] dst, int width, int height, float[] kernel) {
        blur(src, dst, width, height, kernel, true);
    }

    private void blur(float[] src, float[] dst, int w, int h, float[] kernel, boolean adjoint) {
        ensureOpen();
        ComputeBackend.requireBlurArguments(src, dst, w, h, kernel);
        if (blur == null || 4L * w * h > device.maxAllocBytes()) {
            last = Timing.NONE;
            if (adjoint) cpu.separableBlurAdjoint(src, dst, w, h, kernel); else cpu.separableBlur(src, dst, w, h, kernel);
            return;
        }
        onDevice(w * h, c -> blur.run(c, src, dst, w, h, kernel, adjoint));
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("OpenCL backend is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            session.close();
        } finally {
            cpu.close();
        }
    }
}
