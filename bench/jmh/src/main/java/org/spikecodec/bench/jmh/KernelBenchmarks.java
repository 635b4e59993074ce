package org.spikecodec.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.spikecodec.bench.LifJob;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.KernelVariants;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClDevice;

/**
 * JMH microbenchmarks of the kernels behind {@link ComputeBackend}, each beside {@link #copy}: a memory copy of the
 * same bytes (one float plane, 4 bytes a pixel) on the same backend ({@code System.arraycopy} on cpu; on OpenCL a
 * device buffer copy, {@code clEnqueueCopyBuffer}, waited for: {@link ProfiledBackend#copyBenchmark}). Run with {@code bench/run-jmh.sh}.
 *
 * <p>Times are wall time of one call (average, ms). On OpenCL, {@code lifThreshold}/{@code lifReadout} include the
 * host/device copies of the call; the kernel-only time by profiling events is in {@code spikecodec bench}. The
 * OpenCL LIF kernels run in the variant {@link #lifWidth} picks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmarks {
    /** Side of the square plane. */
    @Param({"1024"})
    public int size;

    /** A {@code --backend} specification: cpu, opencl, opencl:P:D. */
    @Param({"cpu"})
    public String backend;

    /**
     * The cpu backend's LIF implementation: {@code auto} (as the backend chooses: the Vector API on Java 21+ with
     * {@code jdk.incubator.vector}, see {@code VectorSupport}), {@code scalar} or {@code vector} (forced; the module
     * must be present, bench/run-jmh.sh adds it). Ignored by other backends.
     */
    @Param({"auto"})
    public String impl;

    /**
     * The OpenCL LIF kernels' variant: {@code auto} (as the backend chooses for the device) or the elements per
     * work-item, 1 (scalar kernels), 4, 8 or 16 ({@code floatN} kernels; {@link KernelVariants}). Ignored by cpu.
     */
    @Param({"auto"})
    public String lifWidth;

    /** The OpenCL wavelet's row passes: {@code auto}, {@code local} (in local memory) or {@code samples}. Ignored by cpu. */
    @Param({"auto"})
    public String rows;

    /**
     * Threads of the cpu backend: 0 (every processor, as the codec runs it) or N. Ignored by OpenCL.
     * {@link #copy} is one {@code System.arraycopy}, one thread, whatever this says: {@code threads=1} compares
     * like with like.
     */
    @Param({"0"})
    public int threads;

    /** LIF decision table: {@code covering} (every threshold up to the plane's largest input, 14 entries) or N (I_1..I_N). */
    @Param({"covering"})
    public String table;

    ComputeBackend b;
    private float[] plane, work, dst, thresholds, levels, blurKernel;
    private int[] counts;
    private float[] copyDst;

    @Setup(Level.Trial)
    public void setUp() {
        b = switch (impl) {
            case "auto" -> openBackend();
            case "scalar", "vector" -> {
                if (!backend.equals("cpu")) throw new IllegalArgumentException("impl=" + impl + " is for backend=cpu");
                CpuBackend c = new CpuBackend(cpuThreads(), impl.equals("vector"));
                if (c.vectorized() != impl.equals("vector")) throw new IllegalStateException("impl=vector: the Vector API is unavailable (--add-modules jdk.incubator.vector)");
                yield c;
            }
            default -> throw new IllegalArgumentException("impl must be auto, scalar or vector: " + impl);
        };
        int n = size * size;
        SplittableRandom r = new SplittableRandom(42);
        plane = new float[n];
        float max = 0;
        for (int i = 0; i < n; i++) {
            plane[i] = (float) (-20.0 * Math.log1p(-r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
            max = Math.max(max, Math.abs(plane[i]));
        }
        LifQuantizer q = new LifQuantizer(LifParameters.defaults());
        thresholds = table.equals("covering") ? q.thresholdsCovering(max) : q.thresholds(Integer.parseInt(table));
        counts = new int[n];
        b.lifThreshold(plane, 0, n, 1f, thresholds, counts, 0);
        int top = 0;
        for (int c : counts) top = Math.max(top, Math.abs(c));
        levels = LifQuantizer.levels(q.thresholds(top + 1), top, Reconstruction.MIDPOINT, Double.NaN, Double.NaN);
        work = new float[n];
        dst = new float[n];
        copyDst = new float[n];
        blurKernel = new float[9];
        double sum = 0;
        for (int i = 0; i < 9; i++) sum += blurKernel[i] = (float) Math.exp(-(i - 4) * (i - 4) / 8.0);
        for (int i = 0; i < 9; i++) blurKernel[i] /= (float) sum;
    }

    private int cpuThreads() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

    private ComputeBackend openBackend() {
        if (backend.equals("cpu") && threads > 0) return new CpuBackend(threads);
        ComputeBackend opened = new BackendSelector().open(backend);
        if ((lifWidth.equals("auto") && rows.equals("auto")) || !(opened instanceof OpenClBackend cl)) return opened;
        OpenClDevice device = cl.device();
        cl.close();
        KernelVariants v = KernelVariants.forDevice(device);
        if (!lifWidth.equals("auto")) v = v.withLifWidth(Integer.parseInt(lifWidth));
        if (!rows.equals("auto")) v = v.withLocalRows(rows.equals("local"));
        return new OpenClBackend(device, v);
    }

    /** The in-place transforms start from the same plane every call (not timed). */
    @Setup(Level.Invocation)
    public void refill() { System.arraycopy(plane, 0, work, 0, plane.length); }

    @TearDown(Level.Trial)
    public void tearDown() { b.close(); }

    @Benchmark
    public int[] lifThreshold() {
        b.lifThreshold(plane, 0, plane.length, 1f, thresholds, counts, 0);
        return counts;
    }

    @Benchmark
    public float[] lifReadout() {
        b.lifReadout(counts, 0, counts.length, levels, 1f, dst, 0);
        return dst;
    }

    @Benchmark
    public float[] dwtForward() {
        b.dwtForward(work, size, size, 5);
        return work;
    }

    @Benchmark
    public float[] dwtInverse() {
        b.dwtInverse(work, size, size, 5);
        return work;
    }

    @Benchmark
    public float[] separableBlur() {
        b.separableBlur(plane, dst, size, size, blurKernel);
        return dst;
    }

    /**
     * The LIF job as spiking-network frameworks run it ({@link LifJob}): 768x512 RGB, one neuron per sample (1,179,648),
     * constant input, {@code steps} time steps. The counts of the first call are checked against the closed form.
     */
    @State(Scope.Thread)
    public static class Job {
        /** Time steps T of the window (dt = W / T). */
        @Param({"32", "128"})
        public int steps;

        float[] neurons, copyDst, table;
        int[] counts;
        LifIntegration p;

        @Setup(Level.Trial)
        public void setUp(KernelBenchmarks k) throws java.io.IOException {
            neurons = LifJob.input(LifJob.PHOTO).neurons();
            copyDst = new float[neurons.length];
            counts = new int[neurons.length];
            p = LifJob.integration(steps);
            k.b.lifIntegrate(neurons, neurons.length, p, counts, null);
            LifJob.Check check = LifJob.check(neurons, counts, p);
            if (!check.ok()) throw new IllegalStateException(k.b.name() + ": " + check);
            table = new LifQuantizer(LifJob.LIFQ).thresholdsCovering(1f);
        }
    }

    /** The time-stepped integration of the LIF job's 1.18 M neurons (counts only, as a framework's spike tensor summed). */
    @Benchmark
    public int[] lifJobIntegrate(Job j) {
        b.lifIntegrate(j.neurons, j.neurons.length, j.p, j.counts, null);
        return j.counts;
    }

    /** The closed form on the same neurons: thresholding against the LIFQ decision table. */
    @Benchmark
    public int[] lifJobThreshold(Job j) {
        b.lifThreshold(j.neurons, 0, j.neurons.length, 1f, j.table, j.counts, 0);
        return j.counts;
    }

    /** Baseline of the LIF job: a copy of its input bytes (3 planes of 768x512 floats) on the same backend. */
    @Benchmark
    public long lifJobCopy(Job j) {
        if (b instanceof ProfiledBackend p) return p.copyBenchmark(4L * j.neurons.length);
        System.arraycopy(j.neurons, 0, j.copyDst, 0, j.neurons.length);
        return j.copyDst.length;
    }

    /** Baseline: a copy of one float plane (the bytes each kernel above reads) on the same backend. */
    @Benchmark
    public long copy() {
        if (b instanceof ProfiledBackend p) return p.copyBenchmark(4L * plane.length);
        System.arraycopy(plane, 0, copyDst, 0, plane.length);
        return copyDst.length;
    }
}
