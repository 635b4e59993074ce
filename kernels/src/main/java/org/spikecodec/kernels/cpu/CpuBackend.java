package org.spikecodec.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;

/**
 * Pure-Java backend: always available, the reference every other backend is validated against.
 * Element-wise stages are cut into one part per thread of a private fork-join pool (the caller runs one), each run by the scalar
 * {@link LifThresholding} or by its bit-identical Vector API twin (see {@link VectorSupport} for which); so is the
 * time-stepped integration, by neuron ranges ({@link LifIntegrator} or {@code VectorLifIntegrator});
 * the transforms split their passes into strips of columns or bands of rows over the same pool
 * ({@link RangeRunner}), bit-identical to their serial reference, the wavelet's rows lifted by the scalar loops or their
 * Vector API twin ({@link Cdf97Rows}), and so are the blur's horizontal taps ({@link BlurRows}), chosen with the LIF kernels.
 */
public final class CpuBackend implements ComputeBackend {
    /** Below this many elements the fork-join overhead is larger than the work. */
    private static final int CHUNK = 1 << 15;

    private final ForkJoinPool pool;
    private final LifKernel lif;
    private final IntegrationKernel integrator;
    /** The wavelet's row kernels: scalar, or Vector API with the LIF kernels (the same floats either way). */
    private final Cdf97Rows rows;
    /** The blur's horizontal taps: scalar, or Vector API with the LIF kernels (the same floats either way). */
    private final BlurRows blurRows;
    /** The transforms' splitter: one part per thread (none smaller than the grain); small work stays on the caller. */
    private final RangeRunner ranges = this::runRanges;

    public CpuBackend() { this(Runtime.getRuntime().availableProcessors()); }

    /** A backend on {@code threads} threads; the LIF stages on the Vector API when {@link VectorSupport#wanted()}. */
    public CpuBackend(int threads) { this(threads, VectorSupport.wanted()); }

    /**
     * A backend on {@code threads} threads whose LIF stages run on the Vector API when {@code vector} is true and
     * the {@code jdk.incubator.vector} module is present (else, with a warning, on the scalar code).
     */
    public CpuBackend(int threads, boolean vector) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        this.lif = VectorSupport.kernel(vector);
        this.integrator = VectorSupport.integrator(vector);
        this.rows = VectorSupport.rows(vector);
        this.blurRows = VectorSupport.blurRows(vector);
        this.pool = new ForkJoinPool(threads);
    }

    /** Whether the LIF stages run on the Vector API. */
    public boolean vectorized() { return lif != LifKernel.SCALAR; }

    /** The LIF implementation, for logs: {@code scalar} or {@code vector (Species[...])}. */
    public String lifImplementation() { return lif.toString(); }

    /** The time-stepped integration's implementation, for logs: {@code scalar} or {@code vector (Species[...])}. */
    public String integrationImplementation() { return integrator == IntegrationKernel.SCALAR ? "scalar" : integrator.toString(); }

    @Override public String name() { return "cpu"; }

    @Override
    public void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        checkRange(in.length, inOff, len);
        checkRange(out.length, outOff, len);
        ComputeBackend.requireDecisionTable(thresholds);
        LifKernel.Thresholder th = lif.thresholder(thresholds);
        forChunks(len, (from, to) -> th.threshold(in, inOff + from, to - from, gain, out, outOff + from));
    }

    @Override
    public void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff) {
        checkRange(counts.length, countsOff, len);
        checkRange(out.length, outOff, len);
        LifKernel.Readouter ro = readouter(levels, gain);
        forChunks(len, (from, to) -> ro.readout(counts, countsOff + from, to - from, out, outOff + from));
    }

    /** Each row read out straight into its place in {@code out}, the rows cut into one part per thread. */
    @Override
    public void lifReadoutRows(int[] counts, int countsOff, int width, int height, float[] levels, float gain,
                               float[] out, int outOff, int outStride) {
        int len = ComputeBackend.requireRows(out.length, outOff, width, height, outStride);
        checkRange(counts.length, countsOff, len);
        LifKernel.Readouter ro = readouter(levels, gain);
        RangeRunner.Body rows = (y0, y1) -> {
            for (int y = y0; y < y1; y++) ro.readout(counts, countsOff + y * width, width, out, outOff + y * outStride);
        };
        int parts = Math.min(pool.getParallelism(), len / CHUNK);
        if (parts <= 1) rows.run(0, height);
        else runParts(parts, rows, p -> (int) ((long) height * p / parts));
    }

    private LifKernel.Readouter readouter(float[] levels, float gain) {
        if (levels.length == 0 || levels[0] != 0f) throw new IllegalArgumentException("levels[0] must be 0");
        return lif.readouter(levels, gain);
    }

    @Override
    public void lifIntegrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep) {
        if (p == null) throw new IllegalArgumentException("LIF integration parameters are required");
        p.checkArrays(input, neurons, countsPerBin, firstSpikeStep);
        // The work is neurons x steps: even a few thousand neurons of a long window are worth a part per thread.
        int parts = (int) Math.min(pool.getParallelism(), (long) neurons * p.steps() / CHUNK);
        if (parts <= 1) { integrator.integrate(input, neurons, p, countsPerBin, firstSpikeStep, 0, neurons); return; }
        runParts(parts, (from, to) -> integrator.integrate(input, neurons, p, countsPerBin, firstSpikeStep, from, to), k -> cut(neurons, k, parts));
    }

    @Override public void dwtForward(float[] plane, int width, int height, int levels) {
        Cdf97Lifting.forward2d(plane, width, height, levels, ranges, rows, false, 0f);
    }

    /** The offset subtracted where the forward's first pass loads each sample. */
    @Override public void dwtForward(float[] plane, int width, int height, int levels, float offset) {
        Cdf97Lifting.forward2d(plane, width, height, levels, ranges, rows, true, offset);
    }

    @Override public void dwtInverse(float[] plane, int width, int height, int levels) {
        Cdf97Lifting.inverse2d(plane, width, height, levels, ranges, rows, false, 0f);
    }

    /** The offset added where the inverse's last pass stores each sample. */
    @Override public void dwtInverse(float[] plane, int width, int height, int levels, float offset) {
        Cdf97Lifting.inverse2d(plane, width, height, levels, ranges, rows, true, offset);
    }

    @Override public void separableBlur(float[] src, float[] dst, int width, int height, float[] kernel) {
        MirrorConvolution.blur(src, dst, width, height, kernel, ranges, blurRows);
    }

    @Override public void separableBlurAdjoint(float[] src, float[] dst, int width, int height, float[] kernel) {
        MirrorConvolution.blurAdjoint(src, dst, width, height, kernel, ranges, blurRows);
    }

    /**
     * The lifting constants of the CDF 9/7 transform exactly as this backend uses them:
     * {@code {alpha, beta, gamma, delta, K, 1/K}} (the last rounded from the double quotient), for backends
     * that must reproduce its arithmetic bit for bit.
     */
    public static float[] cdf97Constants() {
        return new float[] {Cdf97Lifting.ALPHA, Cdf97Lifting.BETA, Cdf97Lifting.GAMMA, Cdf97Lifting.DELTA, Cdf97Lifting.K, Cdf97Lifting.INV_K};
    }

    /** Levels the DWT actually applies to a {@code width x height} plane when {@code levels} are requested. */
    public static int dwtEffectiveLevels(int width, int height, int levels) { return Cdf97Lifting.effectiveLevels(width, height, levels); }

    /**
     * The blurs' whole-sample symmetric extension as this backend uses it: {@code t[j]} = source index of extended
     * position {@code j} (signal index {@code j - r}) of a signal of {@code n} samples, {@code n + 2r} entries.
     */
    public static int[] mirrorTable(int n, int r) { return MirrorConvolution.mirrorTable(n, r); }

    /**
     * The adjoint blur's fold lists over a mirror table ({@link #mirrorTable}) of a signal of {@code n} samples: for
     * each target sample, the extended positions folded onto it in the order this backend's adjoint adds them, as
     * {@code {start[0..n], list}} (vertical: ascending; horizontal, {@code interiorFirst}: the interior position, then
     * the margins), for backends that compute the adjoint one output sample at a time.
     */
    public static int[][] adjointFoldLists(int[] table, int n, int r, boolean interiorFirst) {
        return MirrorConvolution.foldLists(table, n, r, interiorFirst);
    }

    @Override public void close() { pool.shutdown(); }

    private static void checkRange(int length, int off, int len) {
        if (off < 0 || len < 0 || off > length - len) throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + length);
    }

    /**
     * Runs {@code body} over {@code [0, len)} cut into one contiguous part per thread (each of at least
     * {@link #CHUNK} elements, the cuts on multiples of 64 so that no vector loop leaves a tail mid-array): the
     * calling thread runs the first part itself while the pool runs the others. (A recursive split into
     * {@code CHUNK}-sized tasks, the caller only waiting, was no faster on 2 threads than on 1 for 1M elements.)
     */
    private void forChunks(int len, RangeRunner.Body body) {
        int parts = Math.min(pool.getParallelism(), len / CHUNK);
        if (parts <= 1) { body.run(0, len); return; }
        runParts(parts, body, p -> cut(len, p, parts));
    }

    /** The transforms' splitter: one part per thread, each at least {@code grain} long (row bands, column strips). */
    private void runRanges(int n, int grain, RangeRunner.Body body) {
        if (n <= 0) return;
        int parts = (int) Math.min(pool.getParallelism(), ((long) n + grain - 1) / grain);
        runParts(parts, body, p -> (int) ((long) n * p / parts));
    }

    /** {@link #runRanges}, for the package's tests. */
    void runRangesForTest(int n, int grain, RangeRunner.Body body) { runRanges(n, grain, body); }

    /** Runs parts {@code [cut(p), cut(p + 1))}, p < parts, the caller running the first while the pool runs the others. */
    private void runParts(int parts, RangeRunner.Body body, java.util.function.IntUnaryOperator cut) {
        if (parts <= 1) { body.run(cut.applyAsInt(0), cut.applyAsInt(1)); return; }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        // A caller that is itself a task of another fork-join pool (the codec's channels and coder blocks run on the
        // common pool) forks the parts into that pool: its workers already hold the cores, and an idle one takes a part
        // up, where this backend's own threads would only add runnable threads on top of them (2 cores, 3 channels:
        // the encoder ran 10% faster this way). The parts, and so the results, are the same either way.
        boolean foreign = ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() != pool;
        for (int p = 1; p < parts; p++) {
            int from = cut.applyAsInt(p), to = cut.applyAsInt(p + 1);
            others[p - 1] = foreign ? ForkJoinTask.adapt(() -> body.run(from, to)).fork() : pool.submit(() -> body.run(from, to));
        }
        try {
            body.run(0, cut.applyAsInt(1));
        } finally {
            for (ForkJoinTask<?> f : others) f.join(); // every part done (and its exception thrown) before returning
        }
    }

    private static int cut(int len, int p, int parts) { return p == parts ? len : (int) ((long) len * p / parts) & ~63; }
}
