package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;
import org.spikecodec.kernels.BackendUnavailableException;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenCL backend. {@link #lifThreshold} and {@link #lifReadout} run as OpenCL kernels ({@code lif.cl}; scalar on a
 * GPU, {@code floatN} on a CPU device: {@link KernelVariants}) with exactly the cpu backend's results:
 * <ul>
 *   <li>thresholding does the same single float multiply {@code |x| * gain} (correctly rounded in OpenCL
 *       as in Java), then only comparisons against the same float table, so its count is the same integer;
 *       the device must keep subnormals and round to nearest ({@link OpenClDevice#exactCapable()}), and the
 *       program is built without any fast-math, mad or denormals-are-zero option;</li>
 *   <li>read-out computes the quotient table {@code levels[a] / gain} on the host in Java (OpenCL's
 *       single-precision division need not be correctly rounded), and the kernel only looks it up and
 *       flips the sign bit.</li>
 * </ul>
 * The transforms run on the device too, bit-identical to the cpu backend (so a {@code .spk} file is the same
 * byte for byte whichever backend wrote it):
 * <ul>
 *   <li>{@link #dwtForward} / {@link #dwtInverse} ({@code cdf97.cl}): the plane is uploaded once, every level's
 *       column and row passes run on device buffers (one launch per lifting step with one work-item per sample,
 *       or a whole row pass in local memory when the row fits; each {@code x + c * (a + b)} as three separately
 *       rounded float operations on the Java operands), and it is read back once; the lifting constants are the
 *       cpu backend's floats, passed as arguments;</li>
 *   <li>{@link #separableBlur} / {@link #separableBlurAdjoint} ({@code mirror_blur.cl}): one work-item per
 *       output sample, accumulating its terms in exactly the order the Java loops do (starting from the same
 *       first product or +0.0f); the mirror index tables and the adjoint's fold lists are integer tables
 *       built on the host.</li>
 * </ul>
 * {@link #lifIntegrate} ({@code lif_integrate.cl}, the time-stepped integration kernel) runs one work-item per neuron
 * doing the documented loop with the same separately rounded float operations in the same order, so its counts and
 * first-spike steps equal the cpu backend's; the decay factors are floats computed on the host.
 * Both programs are compiled with {@code #pragma OPENCL FP_CONTRACT OFF} and {@link #BUILD_OPTIONS} (no mad,
 * fma or fast-math). Should one of them fail to build, its stages fall back to the cpu backend with a warning;
 * planes larger than the device's largest allocation also go to the cpu backend.
 *
 * <p>Device buffers are kept between calls and grown when a call needs more; inputs larger than the
 * device's largest allocation are processed in chunks. Timings of the last call come from profiling
 * events ({@link #lastTiming()}). One command queue: calls are serialised ({@code synchronized}).
 * {@link #close()} releases every OpenCL object and is idempotent.
 */
public final class OpenClBackend implements ComputeBackend {

    /** Build options: the OpenCL C version only. No -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero. */
    public static final String BUILD_OPTIONS = "-cl-std=CL1.2";

    /** Device time of the last call, from profiling events: kernel execution, and host/device copies. */
    public record Timing(long kernelNanos, long transferNanos, int elements) {}

    private static final int THRESHOLD_TABLE = 1, QUOTIENT_TABLE = 2;
    private static final Logger log = LoggerFactory.getLogger(OpenClBackend.class);
    private static final String[] DWT_KERNELS = {"cdf97_lift_rows", "cdf97_lift_columns", "cdf97_reorder_rows", "cdf97_reorder_columns", "copy_region",
        "cdf97_rows_local"};
    private static final String[] BLUR_KERNELS = {"blur_rows", "blur_columns", "blur_adjoint_columns", "blur_adjoint_rows"};
    private static final String[] INTEGRATE_KERNELS = {"lif_integrate"};
    private static final long TRANSFORM_LOCAL_SIZE = 64;
    /** Largest global size in dimension 1 of one launch (CUDA's grid y limit, which NVIDIA's OpenCL inherits). */
    static final int MAX_DIM1 = 65_535;

    private final OpenClDevice device;
    private final KernelVariants variants;
    private final CpuBackend cpu = new CpuBackend();
    private final long chunkElements;
    private cl_context context;
    private cl_command_queue queue;
    private cl_program program;
    private cl_kernel thresholdKernel, readoutKernel;
    private String driverVersion = "?";
    private long localSize;
    private final Buffer input = new Buffer(), output = new Buffer(), table = new Buffer();
    /** Transform buffers: the plane (or blur source), scratch / intermediate, blur destination, blur weights, index tables. */
    private final Buffer tPlane = new Buffer(), tAux = new Buffer(), tDst = new Buffer(), tWeights = new Buffer();
    private final Buffer[] tIndex = {new Buffer(), new Buffer(), new Buffer(), new Buffer()};
    private cl_program dwtProgram, blurProgram, integrateProgram;
    /** Null when cdf97.cl / mirror_blur.cl / lif_integrate.cl failed to build (the stages then run on the cpu backend). */
    private cl_kernel[] dwtKernels, blurKernels, integrateKernels;
    private final float[] cdf97 = CpuBackend.cdf97Constants();
    /** Longest row the local-memory row pass takes (0: never), and its work-group size. */
    private long localRowFloats, localRowGroup;
    private float[] tableContents;
    private int tableKind;
    private Timing last = new Timing(0, 0, 0);
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
        // Below INT_MAX with room for the work-group padding, so that every element index fits the kernels' int.
        this.chunkElements = Math.max(1, Math.min(Integer.MAX_VALUE - (1 << 16), device.maxAllocBytes() / 4));
        try {
            init();
        } catch (BackendUnavailableException e) {
            close();
            throw e;
        } catch (RuntimeException | LinkageError e) {
            close();
            throw new BackendUnavailableException("OpenCL device " + device.spec() + " (" + device.name() + ") unusable: " + e, e);
        }
    }

    private void init() {
        cl_platform_id[] platforms = new cl_platform_id[device.platformIndex() + 1];
        int[] n = new int[1];
        Cl.check(clGetPlatformIDs(0, null, n), "clGetPlatformIDs");
        if (device.platformIndex() >= n[0]) throw new BackendUnavailableException("no OpenCL platform " + device.platformIndex());
        platforms = new cl_platform_id[n[0]];
        Cl.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        cl_platform_id platform = platforms[device.platformIndex()];
        cl_device_id[] ids = Cl.devices(platform);
        if (device.deviceIndex() >= ids.length) throw new BackendUnavailableException("no OpenCL device " + device.spec());
        cl_device_id id = ids[device.deviceIndex()];
        driverVersion = deviceString(id, CL_DRIVER_VERSION);

        int[] err = new int[1];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        context = clCreateContext(props, 1, new cl_device_id[] {id}, null, null, err);
        Cl.check(err[0], "clCreateContext");
        queue = createQueue(id, err);
        Cl.check(err[0], "clCreateCommandQueue");

        program = clCreateProgramWithSource(context, 1, new String[] {ClSource.load("lif.cl")}, null, err);
        Cl.check(err[0], "clCreateProgramWithSource");
        int built = clBuildProgram(program, 1, new cl_device_id[] {id}, BUILD_OPTIONS + variants.lifBuildOptions(), null, null);
        if (built != CL_SUCCESS) {
            throw new BackendUnavailableException("OpenCL kernels (lif.cl) failed to build on " + device.name() + ": "
                    + stringFor_errorCode(built) + "\n" + buildLog(id));
        }
        String suffix = variants.lifWidth() > 1 ? "_vec" : "";
        thresholdKernel = clCreateKernel(program, "lif_threshold" + suffix, err);
        Cl.check(err[0], "clCreateKernel lif_threshold" + suffix);
        readoutKernel = clCreateKernel(program, "lif_readout" + suffix, err);
        Cl.check(err[0], "clCreateKernel lif_readout" + suffix);
        long[] wg = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(thresholdKernel, id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null),
                "CL_KERNEL_WORK_GROUP_SIZE");
        long[] wg2 = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(readoutKernel, id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg2), null),
                "CL_KERNEL_WORK_GROUP_SIZE");
        localSize = Math.max(1, Math.min(128, Math.min(wg[0], wg2[0])));

        cl_program[] holder = new cl_program[1];
        dwtKernels = buildOptional(id, "cdf97.cl", DWT_KERNELS, holder);
        if (dwtKernels != null) {
            long[] v = new long[1];
            Cl.check(clGetDeviceInfo(id, CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(v), null), "CL_DEVICE_LOCAL_MEM_SIZE");
            long[] rowWg = new long[1];
            Cl.check(clGetKernelWorkGroupInfo(dwtKernels[5], id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(rowWg), null),
                    "CL_KERNEL_WORK_GROUP_SIZE");
            long[] used = new long[1];
            Cl.check(clGetKernelWorkGroupInfo(dwtKernels[5], id, CL_KERNEL_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(used), null),
                    "CL_KERNEL_LOCAL_MEM_SIZE");
            localRowFloats = variants.localRows() ? Math.max(0, (v[0] - used[0]) / 4) : 0;
            localRowGroup = Math.min(256, rowWg[0]);
        }
        dwtProgram = holder[0];
        holder[0] = null;
        blurKernels = buildOptional(id, "mirror_blur.cl", BLUR_KERNELS, holder);
        blurProgram = holder[0];
        holder[0] = null;
        integrateKernels = buildOptional(id, "lif_integrate.cl", INTEGRATE_KERNELS, holder);
        integrateProgram = holder[0];
    }

    /**
     * Builds a transform program and its kernels; on any failure releases what was made, warns, and returns null
     * (the stages then run on the cpu backend).
     */
    private cl_kernel[] buildOptional(cl_device_id id, String source, String[] names, cl_program[] programOut) {
        cl_program prog = null;
        cl_kernel[] kernels = new cl_kernel[names.length];
        try {
            int[] err = new int[1];
            prog = clCreateProgramWithSource(context, 1, new String[] {ClSource.load(source)}, null, err);
            Cl.check(err[0], "clCreateProgramWithSource " + source);
            int built = clBuildProgram(prog, 1, new cl_device_id[] {id}, BUILD_OPTIONS, null, null);
            if (built != CL_SUCCESS) {
                throw new IllegalStateException(stringFor_errorCode(built) + "\n" + buildLog(prog, id));
            }
            for (int i = 0; i < names.length; i++) {
                kernels[i] = clCreateKernel(prog, names[i], err);
                Cl.check(err[0], "clCreateKernel " + names[i]);
                long[] wg = new long[1];
                Cl.check(clGetKernelWorkGroupInfo(kernels[i], id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null),
                        "CL_KERNEL_WORK_GROUP_SIZE");
                if (wg[0] < TRANSFORM_LOCAL_SIZE) throw new IllegalStateException(names[i] + ": work-group size " + wg[0] + " < " + TRANSFORM_LOCAL_SIZE);
            }
            programOut[0] = prog;
            return kernels;
        } catch (RuntimeException e) {
            log.warn("OpenCL kernels {} unusable on {}; those stages run on the cpu backend: {}", source, device.name(), e.getMessage());
            for (cl_kernel k : kernels) if (k != null) clReleaseKernel(k);
            if (prog != null) clReleaseProgram(prog);
            return null;
        }
    }

    /** Whether the DWT and the blur run on the device (their programs built), for tests and diagnostics. */
    public synchronized boolean[] transformsOnDevice() { return new boolean[] {dwtKernels != null, blurKernels != null}; }

    /** Whether {@link #lifIntegrate} runs on the device (lif_integrate.cl built), for tests and diagnostics. */
    public synchronized boolean integrationOnDevice() { return integrateKernels != null; }

    @SuppressWarnings("deprecation")
    private cl_command_queue createQueue(cl_device_id id, int[] err) {
        if (majorVersion(device.openclVersion()) >= 2) {
            cl_queue_properties qp = new cl_queue_properties();
            qp.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
            return clCreateCommandQueueWithProperties(context, id, qp, err);
        }
        return clCreateCommandQueue(context, id, CL_QUEUE_PROFILING_ENABLE, err);
    }

    private static int majorVersion(String v) {
        // "OpenCL <major>.<minor> <vendor specific>"
        try {
            String num = v.split(" ")[1];
            return Integer.parseInt(num.substring(0, num.indexOf('.')));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private String buildLog(cl_device_id id) { return buildLog(program, id); }

    private static String buildLog(cl_program program, cl_device_id id) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS) return "(no build log)";
        byte[] buf = new byte[(int) size[0]];
        if (clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null) != CL_SUCCESS) return "(no build log)";
        return new String(buf, java.nio.charset.StandardCharsets.UTF_8).trim();
    }

    private static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        if (clGetDeviceInfo(id, param, 0, null, size) != CL_SUCCESS || size[0] <= 0) return "?";
        byte[] buf = new byte[(int) size[0]];
        if (clGetDeviceInfo(id, param, buf.length, Pointer.to(buf), null) != CL_SUCCESS) return "?";
        return new String(buf, java.nio.charset.StandardCharsets.UTF_8).replace("\0", "").trim();
    }

    public OpenClDevice device() { return device; }

    /** The kernel variants this backend runs. */
    public KernelVariants variants() { return variants; }

    /** {@code CL_DRIVER_VERSION} of the device in use. */
    public String driverVersion() { return driverVersion; }

    /**
     * Memory-copy baseline on the device: {@code clEnqueueCopyBuffer} of {@code bytes} bytes between two device
     * buffers (the ones the LIF kernels use), timed by its profiling event; returns the device time in
     * nanoseconds (summed over chunks when {@code bytes} exceeds the device's largest allocation). The same
     * bytes as a LIF call reads (or writes), so the kernel time can be read as a multiple of a plain copy.
     */
    public synchronized long copyBenchmark(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative byte count " + bytes);
        ensureOpen();
        long chunk = 4L * chunkElements, total = 0;
        for (long from = 0; from < bytes; from += chunk) {
            long n = Math.min(chunk, bytes - from);
            input.ensure(n);
            output.ensure(n);
            cl_event ev = new cl_event();
            Cl.check(clEnqueueCopyBuffer(queue, input.mem, output.mem, 0, 0, n, 0, null, ev), "clEnqueueCopyBuffer");
            Cl.check(clWaitForEvents(1, new cl_event[] {ev}), "clWaitForEvents");
            total += elapsed(ev);
        }
        return total;
    }

    @Override public String name() { return "opencl:" + device.name(); }

    /** Profiling times of the last call (summed over its chunks, kernels and copies); zero for a call run on the CPU. */
    public synchronized Timing lastTiming() { return last; }

    public long lastKernelNanos() { return lastTiming().kernelNanos(); }

    public long lastTransferNanos() { return lastTiming().transferNanos(); }

    @Override
    public synchronized void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        checkRange(in.length, inOff, len);
        checkRange(out.length, outOff, len);
        ComputeBackend.requireDecisionTable(thresholds);
        ensureOpen();
        if (len == 0) { last = new Timing(0, 0, 0); return; }
        long transfer = uploadTable(THRESHOLD_TABLE, thresholds);
        long kernel = 0;
        for (int from = 0; from < len; from += (int) Math.min(chunkElements, len - from)) {
            int n = (int) Math.min(chunkElements, len - from);
            long bytes = 4L * n;
            input.ensure(bytes);
            output.ensure(bytes);
            transfer += write(input.mem, bytes, Pointer.to(in).withByteOffset(4L * (inOff + from)));
            setArg(thresholdKernel, 0, input.mem);
            Cl.check(clSetKernelArg(thresholdKernel, 1, Sizeof.cl_float, Pointer.to(new float[] {gain})), "clSetKernelArg");
            setArg(thresholdKernel, 2, table.mem);
            setInt(thresholdKernel, 3, thresholds.length);
            setArg(thresholdKernel, 4, output.mem);
            setInt(thresholdKernel, 5, n);
            kernel += run(thresholdKernel, n);
            transfer += read(output.mem, bytes, Pointer.to(out).withByteOffset(4L * (outOff + from)));
        }
        last = new Timing(kernel, transfer, len);
    }

    @Override
    public synchronized void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff) {
        checkRange(counts.length, countsOff, len);
        checkRange(out.length, outOff, len);
        if (levels.length == 0 || levels[0] != 0f) throw new IllegalArgumentException("levels[0] must be 0");
        ensureOpen();
        if (len == 0) { last = new Timing(0, 0, 0); return; }
        float[] q = new float[levels.length];
        for (int a = 0; a < q.length; a++) q[a] = levels[a] / gain; // the cpu backend's float division, in Java
        long transfer = uploadTable(QUOTIENT_TABLE, q);
        long kernel = 0;
        for (int from = 0; from < len; from += (int) Math.min(chunkElements, len - from)) {
            int n = (int) Math.min(chunkElements, len - from);
            long bytes = 4L * n;
            input.ensure(bytes);
            output.ensure(bytes);
            transfer += write(input.mem, bytes, Pointer.to(counts).withByteOffset(4L * (countsOff + from)));
            setArg(readoutKernel, 0, input.mem);
            setArg(readoutKernel, 1, table.mem);
            setInt(readoutKernel, 2, q.length - 1);
            setArg(readoutKernel, 3, output.mem);
            setInt(readoutKernel, 4, n);
            kernel += run(readoutKernel, n);
            transfer += read(output.mem, bytes, Pointer.to(out).withByteOffset(4L * (outOff + from)));
        }
        last = new Timing(kernel, transfer, len);
    }

    /** Uploads the table unless the device already holds these exact values; returns the transfer time. */
    private long uploadTable(int kind, float[] values) {
        if (tableKind == kind && Arrays.equals(tableContents, values)) return 0;
        tableKind = 0;
        long bytes = 4L * values.length;
        if (bytes > device.maxAllocBytes()) throw new IllegalArgumentException("table of " + values.length + " entries exceeds the device's allocation limit");
        table.ensure(Math.max(4, bytes));
        long t = values.length == 0 ? 0 : write(table.mem, bytes, Pointer.to(values));
        tableContents = values.clone();
        tableKind = kind;
        return t;
    }

    private long write(cl_mem mem, long bytes, Pointer src) {
        cl_event ev = new cl_event();
        Cl.check(clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, bytes, src, 0, null, ev), "clEnqueueWriteBuffer");
        return elapsed(ev);
    }

    private long read(cl_mem mem, long bytes, Pointer dst) {
        cl_event ev = new cl_event();
        Cl.check(clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, bytes, dst, 0, null, ev), "clEnqueueReadBuffer");
        return elapsed(ev);
    }

    /** Runs a LIF kernel over {@code n} elements (one work-item per {@code lifWidth} of them) and waits for it. */
    private long run(cl_kernel k, int n) {
        long items = (n + (long) variants.lifWidth() - 1) / variants.lifWidth();
        long global = (items + localSize - 1) / localSize * localSize;
        cl_event ev = new cl_event();
        Cl.check(clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {localSize}, 0, null, ev),
                "clEnqueueNDRangeKernel");
        Cl.check(clWaitForEvents(1, new cl_event[] {ev}), "clWaitForEvents");
        return elapsed(ev);
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

    private static void setArg(cl_kernel k, int i, cl_mem mem) {
        Cl.check(clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(mem)), "clSetKernelArg");
    }

    private static void setInt(cl_kernel k, int i, int v) {
        Cl.check(clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v})), "clSetKernelArg");
    }

    /** A device buffer that only grows (by at least half its size, capped at the device's allocation limit). */
    private final class Buffer {
        cl_mem mem;
        long capacity;

        void ensure(long bytes) {
            if (mem != null && bytes <= capacity) return;
            long cap = Math.min(device.maxAllocBytes(), Math.max(bytes, capacity + capacity / 2));
            release();
            int[] err = new int[1];
            cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE, cap, null, err);
            Cl.check(err[0], "clCreateBuffer(" + cap + " bytes)");
            mem = m;
            capacity = cap;
        }

        void release() {
            if (mem != null) { clReleaseMemObject(mem); mem = null; capacity = 0; }
        }
    }

    /** Current capacity in bytes of the input, output and table buffers (for tests of buffer reuse). */
    synchronized long[] bufferCapacities() { return new long[] {input.capacity, output.capacity, table.capacity}; }

    // ---- time-stepped integration ----------------------------------------------------------------------

    /**
     * {@code lif_integrate.cl}: one work-item per neuron running the documented loop with the same float operations
     * in the same order (contraction off), so counts and first-spike steps equal the cpu backend's. Runs on the cpu
     * backend when the program did not build or a buffer would exceed the device's largest allocation.
     */
    @Override
    public synchronized void lifIntegrate(float[] in, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep) {
        ensureOpen();
        if (p == null) throw new IllegalArgumentException("LIF integration parameters are required");
        p.checkArrays(in, neurons, countsPerBin, firstSpikeStep);
        long inBytes = 4L * p.planes() * neurons, countBytes = 4L * p.bins() * neurons, firstBytes = 4L * neurons;
        if (neurons == 0) { last = new Timing(0, 0, 0); return; }
        if (integrateKernels == null || inBytes > device.maxAllocBytes() || countBytes > device.maxAllocBytes()) {
            last = new Timing(0, 0, 0);
            cpu.lifIntegrate(in, neurons, p, countsPerBin, firstSpikeStep);
            return;
        }
        tPlane.ensure(inBytes);
        tAux.ensure(countBytes);
        tDst.ensure(firstBytes);
        long transfer = write(tPlane.mem, inBytes, Pointer.to(in));
        List<cl_event> events = new ArrayList<>();
        try {
            cl_kernel k = integrateKernels[0];
            setArgs(k, tPlane.mem, neurons, p.steps(), p.stepsPerPlane(), p.stepsPerBin(), p.bins(), p.driveScale(), p.decay(),
                    p.oneMinusDecay(), p.threshold(), p.refractorySteps(), tAux.mem, tDst.mem);
            enqueue(k, neurons, events);
            transfer += read(tAux.mem, countBytes, Pointer.to(countsPerBin));
            if (firstSpikeStep != null) transfer += read(tDst.mem, firstBytes, Pointer.to(firstSpikeStep));
        } finally {
            last = new Timing(elapsedAll(events), transfer, neurons);
        }
    }

    // ---- transforms --------------------------------------------------------------------------------------

    @Override
    public synchronized void dwtForward(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, true); }

    @Override
    public synchronized void dwtInverse(float[] plane, int width, int height, int levels) { dwt(plane, width, height, levels, false); }

    private void dwt(float[] plane, int width, int height, int levels, boolean forward) {
        ensureOpen();
        if (width < 1 || height < 1) throw new IllegalArgumentException("plane size must be positive: " + width + "x" + height);
        if (levels < 0) throw new IllegalArgumentException("levels must be >= 0: " + levels);
        if ((long) width * height > plane.length)
            throw new IllegalArgumentException("plane of " + plane.length + " floats is smaller than " + width + "x" + height);
        int applied = CpuBackend.dwtEffectiveLevels(width, height, levels);
        long bytes = 4L * width * height;
        if (applied == 0) { last = new Timing(0, 0, 0); return; }
        if (dwtKernels == null || bytes > device.maxAllocBytes()) {
            last = new Timing(0, 0, 0);
            if (forward) cpu.dwtForward(plane, width, height, levels); else cpu.dwtInverse(plane, width, height, levels);
            return;
        }
        tPlane.ensure(bytes);
        tAux.ensure(bytes);
        long transfer = write(tPlane.mem, bytes, Pointer.to(plane));
        int[] regionW = new int[applied], regionH = new int[applied];
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            regionW[l] = w;
            regionH[l] = h;
        }
        float[] c = cdf97;
        float[] lifts = forward ? new float[] {c[0], c[1], c[2], c[3]} : new float[] {-c[3], -c[2], -c[1], -c[0]};
        List<cl_event> events = new ArrayList<>();
        try {
            for (int i = 0; i < applied; i++) {
                int l = forward ? i : applied - 1 - i;
                int w = regionW[l], h = regionH[l];
                if (forward && h > 1) dwtPass(false, w, h, width, forward, lifts, events);
                if (w > 1) dwtPass(true, w, h, width, forward, lifts, events);
                if (!forward && h > 1) dwtPass(false, w, h, width, forward, lifts, events);
            }
            transfer += read(tPlane.mem, bytes, Pointer.to(plane)); // blocking, after every kernel (in-order queue)
        } finally {
            last = new Timing(elapsedAll(events), transfer, width * height);
        }
    }

    /**
     * One DWT pass (along the rows or down the columns) over the {@code w x h} region: one launch per lifting step.
     * The forward lifts odd (predict), even (update), odd, even, then deinterleaves; the inverse interleaves first,
     * then lifts even, odd, even, odd.
     */
    private void dwtPass(boolean alongRows, int w, int h, int stride, boolean forward, float[] lifts, List<cl_event> events) {
        float k = cdf97[4], invk = cdf97[5];
        int n = alongRows ? w : h, lines = alongRows ? h : w;
        if (alongRows && w <= localRowFloats) { // the whole pass in local memory, one work-group per row
            cl_kernel k1 = dwtKernels[5];
            setArgs(k1, tPlane.mem, new LocalBytes(4L * w), stride, w, forward ? 1 : 0, lifts[0], lifts[1], lifts[2], lifts[3], k, invk);
            // Enough work-items for the longer half of the row (each lifting step updates one half), capped.
            long group = Math.max(1, Math.min(localRowGroup, Integer.highestOneBit(Math.max(1, (w + 1) / 2)) * 2L));
            cl_event ev = new cl_event();
            Cl.check(clEnqueueNDRangeKernel(queue, k1, 1, null, new long[] {group * h}, new long[] {group}, 0, null, ev),
                    "clEnqueueNDRangeKernel");
            events.add(ev);
            return;
        }
        cl_kernel lift = dwtKernels[alongRows ? 0 : 1], reorder = dwtKernels[alongRows ? 2 : 3], copy = dwtKernels[4];
        if (!forward) reorderPass(reorder, copy, alongRows, n, lines, w, h, stride, false, k, invk, events);
        for (int s = 0; s < 4; s++) {
            int parity = forward ? 1 - (s & 1) : s & 1, targets = parity == 1 ? n / 2 : (n + 1) / 2;
            setArgs(lift, tPlane.mem, stride, n, lines, parity, lifts[s]);
            if (alongRows) enqueue2d(lift, targets, lines, events); else enqueue2d(lift, lines, targets, events);
        }
        if (forward) reorderPass(reorder, copy, alongRows, n, lines, w, h, stride, true, k, invk, events);
    }

    private void reorderPass(cl_kernel reorder, cl_kernel copy, boolean alongRows, int n, int lines, int w, int h, int stride,
                             boolean forward, float k, float invk, List<cl_event> events) {
        setArgs(reorder, tPlane.mem, tAux.mem, stride, n, lines, forward ? 1 : 0, k, invk);
        if (alongRows) enqueue2d(reorder, n, lines, events); else enqueue2d(reorder, lines, n, events);
        setArgs(copy, tAux.mem, tPlane.mem, stride, w, h);
        enqueue2d(copy, w, h, events);
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
        if (w < 1 || h < 1) throw new IllegalArgumentException("size must be >= 1x1: " + w + "x" + h);
        if ((long) w * h != src.length || src.length != dst.length)
            throw new IllegalArgumentException("arrays of " + src.length + "/" + dst.length + " for " + w + "x" + h);
        if (kernel.length % 2 != 1) throw new IllegalArgumentException("kernel length must be odd: " + kernel.length);
        long bytes = 4L * w * h;
        if (blurKernels == null || bytes > device.maxAllocBytes()) {
            last = new Timing(0, 0, 0);
            if (adjoint) cpu.separableBlurAdjoint(src, dst, w, h, kernel); else cpu.separableBlur(src, dst, w, h, kernel);
            return;
        }
        int r = kernel.length / 2, n = w * h;
        int[] mx = mirrorTable(w, r), my = mirrorTable(h, r);
        tPlane.ensure(bytes);
        tAux.ensure(bytes);
        tDst.ensure(bytes);
        tWeights.ensure(4L * kernel.length);
        long transfer = write(tWeights.mem, 4L * kernel.length, Pointer.to(kernel));
        List<cl_event> events = new ArrayList<>();
        try {
            if (!adjoint) {
                transfer += upload(tIndex[0], mx);
                transfer += upload(tIndex[1], my);
                transfer += write(tPlane.mem, bytes, Pointer.to(src));
                cl_kernel hk = blurKernels[0], vk = blurKernels[1];
                setArgs(hk, tPlane.mem, tAux.mem, tIndex[0].mem, tWeights.mem, kernel.length, w, n);
                enqueue(hk, n, events);
                setArgs(vk, tAux.mem, tDst.mem, tIndex[1].mem, tWeights.mem, kernel.length, w, n);
                enqueue(vk, n, events);
            } else {
                int[][] v = foldLists(my, h, r, false), hz = foldLists(mx, w, r, true);
                transfer += upload(tIndex[0], v[0]);
                transfer += upload(tIndex[1], v[1]);
                transfer += upload(tIndex[2], hz[0]);
                transfer += upload(tIndex[3], hz[1]);
                transfer += write(tPlane.mem, bytes, Pointer.to(src));
                cl_kernel vk = blurKernels[2], hk = blurKernels[3];
                setArgs(vk, tPlane.mem, tAux.mem, tIndex[0].mem, tIndex[1].mem, tWeights.mem, kernel.length, w, h, n);
                enqueue(vk, n, events);
                setArgs(hk, tAux.mem, tDst.mem, tIndex[2].mem, tIndex[3].mem, tWeights.mem, kernel.length, w, n);
                enqueue(hk, n, events);
            }
            transfer += read(tDst.mem, bytes, Pointer.to(dst));
        } finally {
            last = new Timing(elapsedAll(events), transfer, n);
        }
    }

    /** {@code t[j]} = source index of extended position {@code j} (signal index {@code j - r}), as cpu.MirrorConvolution. */
    static int[] mirrorTable(int n, int r) {
        int[] t = new int[n + 2 * r];
        for (int j = 0; j < t.length; j++) {
            if (n == 1) continue;
            int p = 2 * (n - 1), m = Math.floorMod(j - r, p);
            t[j] = m < n ? m : p - m;
        }
        return t;
    }

    /**
     * For each target {@code t < n}, the extended positions {@code j} folded onto it, in the order the cpu
     * adjoint adds them: {@code {start[0..n], list}} with target t's positions at {@code list[start[t]..start[t+1])}.
     * Vertical ({@code interiorFirst} false): every j with {@code table[j] == t}, ascending. Horizontal: first the
     * interior position {@code t + r}, then the left-margin positions, then the right-margin ones, each ascending.
     */
    static int[][] foldLists(int[] table, int n, int r, boolean interiorFirst) {
        int[] start = new int[n + 1];
        for (int t : table) start[t + 1]++;
        for (int t = 0; t < n; t++) start[t + 1] += start[t];
        int[] fill = Arrays.copyOf(start, n);
        int[] list = new int[table.length];
        if (interiorFirst) {
            for (int t = 0; t < n; t++) list[fill[t]++] = t + r;
            for (int j = 0; j < table.length; j++) if (j < r || j >= r + n) list[fill[table[j]]++] = j;
        } else {
            for (int j = 0; j < table.length; j++) list[fill[table[j]]++] = j;
        }
        return new int[][] {start, list};
    }

    private long upload(Buffer b, int[] values) {
        long bytes = 4L * values.length;
        b.ensure(Math.max(4, bytes));
        return values.length == 0 ? 0 : write(b.mem, bytes, Pointer.to(values));
    }

    /** Enqueues a 1-D kernel over {@code n} items (global size rounded up; kernels bound-check), without waiting. */
    private void enqueue(cl_kernel k, int n, List<cl_event> events) {
        long global = (n + TRANSFORM_LOCAL_SIZE - 1) / TRANSFORM_LOCAL_SIZE * TRANSFORM_LOCAL_SIZE;
        cl_event ev = new cl_event();
        Cl.check(clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {TRANSFORM_LOCAL_SIZE}, 0, null, ev),
                "clEnqueueNDRangeKernel");
        events.add(ev);
    }

    /**
     * Enqueues a 2-D kernel over {@code n0 x n1} items (dimension 0 rounded up to the work-group width), without
     * waiting. Dimension 1 goes in launches of at most {@link #MAX_DIM1} items (a global offset for each): NVIDIA's
     * runtime maps it onto CUDA's grid y, which stops at 65,535 blocks, and a plane may be 65,536 rows high.
     */
    private void enqueue2d(cl_kernel k, int n0, int n1, List<cl_event> events) {
        long global0 = (n0 + TRANSFORM_LOCAL_SIZE - 1) / TRANSFORM_LOCAL_SIZE * TRANSFORM_LOCAL_SIZE;
        for (int from = 0; from < n1; from += MAX_DIM1) {
            cl_event ev = new cl_event();
            Cl.check(clEnqueueNDRangeKernel(queue, k, 2, new long[] {0, from}, new long[] {global0, Math.min(MAX_DIM1, n1 - from)},
                    new long[] {TRANSFORM_LOCAL_SIZE, 1}, 0, null, ev), "clEnqueueNDRangeKernel");
            events.add(ev);
        }
    }

    /** Waits for the events and sums their device times (releasing them). */
    private long elapsedAll(List<cl_event> events) {
        if (events.isEmpty()) return 0;
        clWaitForEvents(events.size(), events.toArray(new cl_event[0]));
        long sum = 0;
        for (cl_event ev : events) sum += elapsed(ev);
        events.clear();
        return sum;
    }

    /** A {@code __local} kernel argument of this many bytes (allocated per work-group by the runtime). */
    private record LocalBytes(long bytes) {}

    private static void setArgs(cl_kernel k, Object... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof cl_mem m) setArg(k, i, m);
            else if (args[i] instanceof Integer v) setInt(k, i, v);
            else if (args[i] instanceof Float v) setFloat(k, i, v);
            else if (args[i] instanceof LocalBytes l) Cl.check(clSetKernelArg(k, i, l.bytes(), null), "clSetKernelArg (local)");
            else throw new IllegalArgumentException("kernel argument " + args[i]);
        }
    }

    private static void setFloat(cl_kernel k, int i, float v) {
        Cl.check(clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v})), "clSetKernelArg");
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("OpenCL backend is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            input.release();
            output.release();
            table.release();
            tPlane.release();
            tAux.release();
            tDst.release();
            tWeights.release();
            for (Buffer b : tIndex) b.release();
            for (cl_kernel[] ks : new cl_kernel[][] {dwtKernels, blurKernels, integrateKernels}) {
                if (ks != null) for (cl_kernel k : ks) if (k != null) clReleaseKernel(k);
            }
            if (dwtProgram != null) clReleaseProgram(dwtProgram);
            if (blurProgram != null) clReleaseProgram(blurProgram);
            if (integrateProgram != null) clReleaseProgram(integrateProgram);
            if (readoutKernel != null) clReleaseKernel(readoutKernel);
            if (thresholdKernel != null) clReleaseKernel(thresholdKernel);
            if (program != null) clReleaseProgram(program);
            if (queue != null) { clFinish(queue); clReleaseCommandQueue(queue); }
            if (context != null) clReleaseContext(context);
        } catch (LinkageError e) {
            // nothing was created when the library could not load
        } finally {
            readoutKernel = thresholdKernel = null;
            dwtKernels = blurKernels = integrateKernels = null;
            program = dwtProgram = blurProgram = integrateProgram = null;
            queue = null;
            context = null;
            tableContents = null;
            cpu.close();
        }
    }

    private static void checkRange(int length, int off, int len) {
        if (off < 0 || len < 0 || off > length - len) throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + length);
    }
}
