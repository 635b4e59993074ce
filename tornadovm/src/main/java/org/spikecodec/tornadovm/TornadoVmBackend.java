package org.spikecodec.tornadovm;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemorySegment;
import org.spikecodec.kernels.BackendUnavailableException;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The {@link ComputeBackend} on TornadoVM: every stage as {@link TornadoKernels} in task graphs run on one TornadoVM
 * device (OpenCL, PTX or SPIR-V, whichever TornadoVM was built with), with exactly the cpu backend's results.
 *
 * <p>Each stage has its task graph, built on first use and kept: its arrays (TornadoVM's off-heap {@link FloatArray}
 * and {@link IntArray}) and their device buffers stay allocated between calls, and a call copies its data into them,
 * sets each task's global size, runs the plan and copies the result out. Arrays have power-of-two capacities; a call
 * larger than a graph's arrays rebuilds that graph with larger ones (and compiles it again). The wavelet has one graph
 * per direction (a column pass and a row pass, reading the level from its parameters), run once per level, the plane
 * going to the device and back each time: a graph of two tasks per level kept the plane on the device for the whole
 * transform, but compiled every task, about a second each on PoCL, for every level count met. {@link #lastTiming()}
 * gives TornadoVM's profiler times of the last call (device kernel time; host-to-device and device-to-host copies),
 * and {@link #lastCompileNanos()} the compilation a call paid for (its graph's first run).
 *
 * <p>Per-call cost: a run of a plan costs about 1 to 5 ms on PoCL whatever its size, and the codec calls the LIF stages
 * once per wavelet band (tens of calls per image, many of a few hundred coefficients), so small images are dominated
 * by it.
 *
 * <p>Calls are serialised ({@code synchronized}); {@link #close()} frees every plan's device memory.
 */
public final class TornadoVmBackend implements ProfiledBackend {
    private static final int MIN_CAPACITY = 1 << 12;
    /** Levels of one wavelet graph at most (a plane of 2^31 samples needs 31). */
    private static final int MAX_LEVELS = 32;

    private final TornadoDevice device;
    private final String spec;
    private final float[] cdf97 = CpuBackend.cdf97Constants();
    private final KernelContext context = new KernelContext();

    private Lif lif;
    private Readout readout;
    private Integrate integrate;
    private Blur blur, blurAdjoint;
    private Dwt dwt;
    private Copy copy;

    private Timing last = Timing.NONE;
    private long lastCompile;
    private boolean closed;

    /**
     * Opens TornadoVM device {@code device} ({@code spec} is how {@code --backend} named it) and runs the thresholding
     * kernel once on it, so that a device that cannot compile or run it (or a runtime that would run it as plain
     * Java) fails here, with {@link BackendUnavailableException}.
     */
    public TornadoVmBackend(TornadoDevice device, String spec) {
        TornadoVmSettings.apply(); // no-op when the provider started the runtime; refuses options that change results
        this.device = device;
        this.spec = spec;
        try {
            int[] out = new int[3];
            lifThreshold(new float[] {-2f, 0.5f, 3f}, 0, 3, 1f, new float[] {1f, 2f}, out, 0);
            if (out[0] != -2 || out[1] != 0 || out[2] != 2)
                throw new IllegalStateException("a check of the thresholding kernel gave " + java.util.Arrays.toString(out) + ", not [-2, 0, 2]");
        } catch (RuntimeException | LinkageError e) {
            close();
            throw new BackendUnavailableException("TornadoVM device " + spec + " (" + device.getPhysicalDevice().getDeviceName().trim() + ") unusable: " + e, e);
        }
    }

    @Override public String name() { return "tornadovm:" + device.getPhysicalDevice().getDeviceName().trim(); }

    /** The device as {@code --backend} names it, e.g. {@code tornadovm:0:0}. */
    public String spec() { return spec; }

    public TornadoDevice device() { return device; }

    @Override public synchronized Timing lastTiming() { return last; }

    @Override public synchronized long lastCompileNanos() { return lastCompile; }

    // ---- LIF ---------------------------------------------------------------------------------------------------

    @Override
    public synchronized void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        ComputeBackend.requireRange(in.length, inOff, len);
        ComputeBackend.requireRange(out.length, outOff, len);
        ComputeBackend.requireDecisionTable(thresholds);
        ensureOpen();
        if (len == 0) { none(); return; }
        if (lif == null || lif.in.getSize() < len || lif.t.getSize() < thresholds.length) lif = replace(lif, new Lif(len, thresholds.length));
        Lif g = lif;
        copyIn(in, inOff, g.in, len);
        copyIn(thresholds, 0, g.t, thresholds.length);
        g.ip.set(0, len);
        g.ip.set(1, thresholds.length);
        g.fp.set(0, gain);
        run(g.graph, len, len);
        copyOut(g.out, out, outOff, len);
    }

    @Override
    public synchronized void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff) {
        ComputeBackend.requireRange(counts.length, countsOff, len);
        ComputeBackend.requireRange(out.length, outOff, len);
        if (levels.length == 0 || levels[0] != 0f) throw new IllegalArgumentException("levels[0] must be 0");
        ensureOpen();
        if (len == 0) { none(); return; }
        if (readout == null || readout.counts.getSize() < len || readout.q.getSize() < levels.length)
            readout = replace(readout, new Readout(len, levels.length));
        Readout g = readout;
        copyIn(counts, countsOff, g.counts, len);
        for (int a = 0; a < levels.length; a++) g.q.set(a, levels[a] / gain); // Java's division, as the cpu backend's
        g.ip.set(0, len);
        g.ip.set(1, levels.length - 1);
        run(g.graph, len, len);
        copyOut(g.out, out, outOff, len);
    }

    @Override
    public synchronized void lifIntegrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep) {
        ensureOpen();
        if (p == null) throw new IllegalArgumentException("LIF integration parameters are required");
        p.checkArrays(input, neurons, countsPerBin, firstSpikeStep);
        if (neurons == 0) { none(); return; }
        long in = (long) p.planes() * neurons, bins = (long) p.bins() * neurons;
        if (in > Integer.MAX_VALUE - 64 || bins > Integer.MAX_VALUE - 64)
            throw new IllegalArgumentException("integration of " + in + " inputs / " + bins + " counts exceeds one TornadoVM array");
        if (integrate == null || integrate.input.getSize() < in || integrate.counts.getSize() < bins || integrate.first.getSize() < neurons)
            integrate = replace(integrate, new Integrate((int) in, (int) bins, neurons));
        Integrate g = integrate;
        copyIn(input, 0, g.input, (int) in);
        int[] ip = {neurons, p.steps(), p.stepsPerPlane(), p.stepsPerBin(), p.bins(), p.refractorySteps()};
        for (int k = 0; k < ip.length; k++) g.ip.set(k, ip[k]);
        float[] fp = {p.driveScale(), p.decay(), p.oneMinusDecay(), p.threshold()};
        for (int k = 0; k < fp.length; k++) g.fp.set(k, fp[k]);
        run(g.graph, neurons, neurons);
        copyOut(g.counts, countsPerBin, 0, (int) bins);
        if (firstSpikeStep != null) copyOut(g.first, firstSpikeStep, 0, neurons);
    }

    // ---- transforms ----------------------------------------------------------------------------------------------

    @Override public synchronized void dwtForward(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, true); }

    @Override public synchronized void dwtInverse(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, false); }

    private void dwt(float[] plane, int width, int height, int levels, boolean forward) {
        ensureOpen();
        ComputeBackend.requireDwtArguments(plane, width, height, levels);
        int applied = CpuBackend.dwtEffectiveLevels(width, height, levels);
        if (applied == 0) { none(); return; }
        int n = width * height;
        if (dwt == null || dwt.plane.getSize() < n) dwt = replace(dwt, new Dwt(n));
        Dwt d = dwt;
        Graph g = d.graph(forward);
        copyIn(plane, 0, d.plane, n);
        d.ip.set(0, width);
        int[] regionW = new int[applied], regionH = new int[applied];
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            d.ip.set(2 + 2 * l, regionW[l] = w);
            d.ip.set(3 + 2 * l, regionH[l] = h);
        }
        float[] k = cdf97;
        float[] lifts = forward ? new float[] {k[0], k[1], k[2], k[3]} : new float[] {-k[3], -k[2], -k[1], -k[0]};
        for (int i = 0; i < 4; i++) d.fp.set(i, lifts[i]);
        d.fp.set(4, k[4]);
        d.fp.set(5, k[5]);
        // One run per level (forward: columns then rows, from level 0; inverse: rows then columns, from the deepest), the
        // plane going to the device and back each time: one graph of two tasks serves every level count (a graph with two
        // tasks per level would compile them all, about a second each on PoCL, for each level count met).
        long kernel = 0, transfer = 0, compile = 0;
        none();
        for (int i = 0; i < applied; i++) {
            int l = forward ? i : applied - 1 - i;
            d.ip.set(1, l);
            boolean compiling = !g.compiled();
            Timing t = forward ? g.run(n, regionW[l], regionH[l]) : g.run(n, regionH[l], regionW[l]);
            if (compiling) compile = g.compileNanos();
            kernel += t.kernelNanos();
            transfer += t.transferNanos();
        }
        copyOut(d.plane, plane, 0, n);
        last = new Timing(kernel, transfer, n);
        lastCompile = compile;
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
        int r = kernel.length / 2, n = w * h;
        int[] mx = CpuBackend.mirrorTable(w, r), my = CpuBackend.mirrorTable(h, r);
        int[][] tables = adjoint ? concat(CpuBackend.adjointFoldLists(my, h, r, false), CpuBackend.adjointFoldLists(mx, w, r, true))
                : new int[][] {mx, my};
        Blur b = adjoint ? blurAdjoint : blur;
        if (b == null || !b.fits(n, kernel.length, tables)) {
            b = replace(b, new Blur(n, kernel.length, tables, adjoint));
            if (adjoint) blurAdjoint = b; else blur = b;
        }
        copyIn(src, 0, b.src, n);
        copyIn(kernel, 0, b.kern, kernel.length);
        for (int i = 0; i < tables.length; i++) copyIn(tables[i], 0, b.tables[i], tables[i].length);
        b.ip.set(0, w);
        b.ip.set(1, h);
        b.ip.set(2, kernel.length);
        run(b.graph, n, n, n);
        copyOut(b.dst, dst, 0, n);
    }

    private static int[][] concat(int[][] a, int[][] b) { return new int[][] {a[0], a[1], b[0], b[1]}; }

    // ---- copy baseline (ProfiledBackend) ------------------------------------------------------------------------

    /**
     * {@inheritDoc} On this backend a kernel that copies one device array into another ({@code out[i] = in[i]}, one
     * work-item per float), both already on the device: TornadoVM has no device-to-device copy command in its API.
     */
    @Override
    public synchronized long copyBenchmark(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative byte count " + bytes);
        ensureOpen();
        long floats = (bytes + 3) / 4, total = 0;
        Timing keep = last;
        long keepCompile = lastCompile;
        try {
            while (floats > 0) {
                int n = (int) Math.min(floats, 1 << 26);
                if (copy == null || copy.in.getSize() < n) copy = replace(copy, new Copy(n));
                copy.ip.set(0, n);
                total += copy.graph.run(n, n).kernelNanos();
                floats -= n;
            }
        } finally {
            last = keep;
            lastCompile = keepCompile;
        }
        return total;
    }

    // ---- the graphs ---------------------------------------------------------------------------------------------

    private void run(Graph g, int elements, int... sizes) {
        last = Timing.NONE;
        boolean compiling = !g.compiled();
        Timing t = g.run(elements, sizes);
        lastCompile = compiling ? g.compileNanos() : 0;
        last = t;
    }

    private void none() {
        last = Timing.NONE;
        lastCompile = 0;
    }

    private static <G extends AutoCloseable> G replace(AutoCloseable old, G fresh) {
        if (old != null) closeQuietly(old);
        return fresh;
    }

    static int capacity(long n) {
        long c = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, n - 1)) << 1);
        return (int) Math.min(c, Integer.MAX_VALUE - 64);
    }

    private final class Lif implements AutoCloseable {
        final FloatArray in, t, fp = new FloatArray(1);
        final IntArray ip = new IntArray(2), out;
        final Graph graph;

        Lif(int n, int tableLength) {
            in = new FloatArray(capacity(n));
            out = new IntArray(in.getSize());
            t = new FloatArray(Math.max(64, Integer.highestOneBit(tableLength) << 1));
            graph = new Graph("lifThreshold", device, new String[] {"t"}, tg -> tg
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, t, ip, fp)
                    .task("t", TornadoKernels::lifThreshold, context, in, t, ip, fp, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
        }

        @Override public void close() { graph.close(); }
    }

    private final class Readout implements AutoCloseable {
        final IntArray counts, ip = new IntArray(2);
        final FloatArray q, out;
        final Graph graph;

        Readout(int n, int levels) {
            counts = new IntArray(capacity(n));
            out = new FloatArray(counts.getSize());
            q = new FloatArray(Math.max(64, Integer.highestOneBit(levels) << 1));
            graph = new Graph("lifReadout", device, new String[] {"t"}, tg -> tg
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, counts, q, ip)
                    .task("t", TornadoKernels::lifReadout, context, counts, q, ip, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
        }

        @Override public void close() { graph.close(); }
    }

    private final class Integrate implements AutoCloseable {
        final FloatArray input, fp = new FloatArray(4);
        final IntArray ip = new IntArray(6), counts, first;
        final Graph graph;

        Integrate(int in, int bins, int neurons) {
            input = new FloatArray(capacity(in));
            counts = new IntArray(capacity(bins));
            first = new IntArray(capacity(neurons));
            graph = new Graph("lifIntegrate", device, new String[] {"t"}, tg -> tg
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, input, ip, fp)
                    .task("t", TornadoKernels::lifIntegrate, context, input, ip, fp, counts, first)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, counts, first));
        }

        @Override public void close() { graph.close(); }
    }

    /** The blur (tables: the mirror tables mx, my) or its adjoint (the fold lists: vertical start, list; horizontal start, list). */
    private final class Blur implements AutoCloseable {
        final FloatArray src, tmp, dst, kern;
        final IntArray ip = new IntArray(3);
        final IntArray[] tables;
        final Graph graph;

        Blur(int n, int kernelLength, int[][] sizes, boolean adjoint) {
            src = new FloatArray(capacity(n));
            tmp = new FloatArray(src.getSize());
            dst = new FloatArray(src.getSize());
            kern = new FloatArray(capacity(kernelLength));
            tables = new IntArray[sizes.length];
            for (int i = 0; i < sizes.length; i++) tables[i] = new IntArray(capacity(sizes[i].length));
            IntArray[] x = tables;
            graph = adjoint
                    ? new Graph("blurAdjoint", device, new String[] {"v", "h"}, tg -> tg
                            .transferToDevice(DataTransferMode.EVERY_EXECUTION, src, kern, ip, x[0], x[1], x[2], x[3])
                            .task("v", TornadoKernels::blurAdjointColumns, context, src, x[0], x[1], kern, ip, tmp)
                            .task("h", TornadoKernels::blurAdjointRows, context, tmp, x[2], x[3], kern, ip, dst)
                            .transferToHost(DataTransferMode.EVERY_EXECUTION, dst))
                    : new Graph("blur", device, new String[] {"h", "v"}, tg -> tg
                            .transferToDevice(DataTransferMode.EVERY_EXECUTION, src, kern, ip, x[0], x[1])
                            .task("h", TornadoKernels::blurRows, context, src, x[0], kern, ip, tmp)
                            .task("v", TornadoKernels::blurColumns, context, tmp, x[1], kern, ip, dst)
                            .transferToHost(DataTransferMode.EVERY_EXECUTION, dst));
        }

        boolean fits(int n, int kernelLength, int[][] sizes) {
            if (src.getSize() < n || kern.getSize() < kernelLength) return false;
            for (int i = 0; i < sizes.length; i++) if (tables[i].getSize() < sizes[i].length) return false;
            return true;
        }

        @Override public void close() { graph.close(); }
    }

    /** The wavelet's arrays, and one graph per direction over them, run once per level. */
    private final class Dwt implements AutoCloseable {
        final FloatArray plane, scratch, fp = new FloatArray(6);
        final IntArray ip = new IntArray(2 + 2 * MAX_LEVELS);
        private Graph forward, inverse;

        Dwt(int n) {
            plane = new FloatArray(capacity(n));
            scratch = new FloatArray(plane.getSize());
        }

        /** Forward: the level's column pass, then its row pass; inverse: rows, then columns. */
        Graph graph(boolean fwd) {
            if (fwd && forward == null) forward = new Graph("dwtForward", device, new String[] {"c", "r"}, tg -> tg
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, plane, ip, fp)
                    .task("c", TornadoKernels::dwtForwardColumns, context, plane, scratch, ip, fp)
                    .task("r", TornadoKernels::dwtForwardRows, context, plane, scratch, ip, fp)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, plane));
            if (!fwd && inverse == null) inverse = new Graph("dwtInverse", device, new String[] {"r", "c"}, tg -> tg
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, plane, ip, fp)
                    .task("r", TornadoKernels::dwtInverseRows, context, plane, scratch, ip, fp)
                    .task("c", TornadoKernels::dwtInverseColumns, context, plane, scratch, ip, fp)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, plane));
            return fwd ? forward : inverse;
        }

        @Override
        public void close() {
            if (forward != null) closeQuietly(forward);
            if (inverse != null) closeQuietly(inverse);
        }
    }

    private final class Copy implements AutoCloseable {
        final FloatArray in, out;
        final IntArray ip = new IntArray(1);
        final Graph graph;

        Copy(int n) {
            in = new FloatArray(capacity(n));
            out = new FloatArray(in.getSize());
            graph = new Graph("copy", device, new String[] {"t"}, tg -> tg
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, in, out)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ip)
                    .task("t", TornadoKernels::copy, context, in, ip, out)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, out));
        }

        @Override public void close() { graph.close(); }
    }

    // ---- host copies ----------------------------------------------------------------------------------------------

    private static void copyIn(float[] src, int off, FloatArray dst, int n) { MemorySegment.copy(src, off, dst.getSegment(), JAVA_FLOAT, 0, n); }

    private static void copyIn(int[] src, int off, IntArray dst, int n) { MemorySegment.copy(src, off, dst.getSegment(), JAVA_INT, 0, n); }

    private static void copyOut(FloatArray src, float[] dst, int off, int n) { MemorySegment.copy(src.getSegment(), JAVA_FLOAT, 0, dst, off, n); }

    private static void copyOut(IntArray src, int[] dst, int off, int n) { MemorySegment.copy(src.getSegment(), JAVA_INT, 0, dst, off, n); }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("TornadoVM backend is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (AutoCloseable g : new AutoCloseable[] {lif, readout, integrate, blur, blurAdjoint, dwt, copy}) if (g != null) closeQuietly(g);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // freeing device memory of a plan being dropped: nothing more to do
        }
    }
}
