package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.util.Arrays;
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
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * OpenCL backend (issue 3, first cut). {@link #lifThreshold} and {@link #lifReadout} run as OpenCL kernels
 * ({@code lif.cl}) with exactly the cpu backend's results:
 * <ul>
 *   <li>thresholding does the same single float multiply {@code |x| * gain} (correctly rounded in OpenCL
 *       as in Java), then only comparisons against the same float table, so its count is the same integer;
 *       the device must keep subnormals and round to nearest ({@link OpenClDevice#exactCapable()}), and the
 *       program is built without any fast-math, mad or denormals-are-zero option;</li>
 *   <li>read-out computes the quotient table {@code levels[a] / gain} on the host in Java (OpenCL's
 *       single-precision division need not be correctly rounded), and the kernel only looks it up and
 *       flips the sign bit.</li>
 * </ul>
 * <b>Not yet on the device:</b> {@link #dwtForward}, {@link #dwtInverse}, {@link #separableBlur} and
 * {@link #separableBlurAdjoint} delegate to the cpu backend; moving them is the next step.
 *
 * <p>Device buffers are kept between calls and grown when a call needs more; inputs larger than the
 * device's largest allocation are processed in chunks. Timings of the last call come from profiling
 * events ({@link #lastTiming()}). One command queue: calls are serialised ({@code synchronized}).
 * {@link #close()} releases every OpenCL object and is idempotent.
 */
public final class OpenClBackend implements ComputeBackend {

    /** Build options: the OpenCL C version only. No -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero. */
    public static final String BUILD_OPTIONS = "-cl-std=CL1.2";

    /** Device time of the last LIF call, from profiling events: kernel execution, and host/device copies. */
    public record Timing(long kernelNanos, long transferNanos, int elements) {}

    private static final int THRESHOLD_TABLE = 1, QUOTIENT_TABLE = 2;

    private final OpenClDevice device;
    private final CpuBackend cpu = new CpuBackend();
    private final long chunkElements;
    private cl_context context;
    private cl_command_queue queue;
    private cl_program program;
    private cl_kernel thresholdKernel, readoutKernel;
    private String driverVersion = "?";
    private long localSize;
    private final Buffer input = new Buffer(), output = new Buffer(), table = new Buffer();
    private float[] tableContents;
    private int tableKind;
    private Timing last = new Timing(0, 0, 0);
    private boolean closed;

    /**
     * Opens the given device. Throws {@link BackendUnavailableException} (with every OpenCL object already
     * released) when OpenCL cannot be loaded, the device does not exist or is not exact-capable, or the
     * kernels do not build.
     */
    public OpenClBackend(OpenClDevice device) {
        this.device = device;
        if (!device.exactCapable()) {
            cpu.close();
            throw new BackendUnavailableException("OpenCL device " + device.spec() + " (" + device.name()
                    + ") cannot give counts identical to the cpu backend: " + device.exactnessGap());
        }
        this.chunkElements = Math.max(1, Math.min(Integer.MAX_VALUE, device.maxAllocBytes() / 4));
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
        int built = clBuildProgram(program, 1, new cl_device_id[] {id}, BUILD_OPTIONS, null, null);
        if (built != CL_SUCCESS) {
            throw new BackendUnavailableException("OpenCL kernels (lif.cl) failed to build on " + device.name() + ": "
                    + stringFor_errorCode(built) + "\n" + buildLog(id));
        }
        thresholdKernel = clCreateKernel(program, "lif_threshold", err);
        Cl.check(err[0], "clCreateKernel lif_threshold");
        readoutKernel = clCreateKernel(program, "lif_readout", err);
        Cl.check(err[0], "clCreateKernel lif_readout");
        long[] wg = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(thresholdKernel, id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null),
                "CL_KERNEL_WORK_GROUP_SIZE");
        long[] wg2 = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(readoutKernel, id, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg2), null),
                "CL_KERNEL_WORK_GROUP_SIZE");
        localSize = Math.max(1, Math.min(128, Math.min(wg[0], wg2[0])));
    }

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

    private String buildLog(cl_device_id id) {
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

    /** Profiling times of the last {@link #lifThreshold} or {@link #lifReadout} call (summed over its chunks). */
    public synchronized Timing lastTiming() { return last; }

    public long lastKernelNanos() { return lastTiming().kernelNanos(); }

    public long lastTransferNanos() { return lastTiming().transferNanos(); }

    @Override
    public synchronized void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        checkRange(in.length, inOff, len);
        checkRange(out.length, outOff, len);
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

    private long run(cl_kernel k, int n) {
        long global = (n + localSize - 1) / localSize * localSize;
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

    @Override public void dwtForward(float[] plane, int width, int height, int levels) { cpu.dwtForward(plane, width, height, levels); }

    @Override public void dwtInverse(float[] plane, int width, int height, int levels) { cpu.dwtInverse(plane, width, height, levels); }

    @Override public void separableBlur(float[] src, float[] dst, int width, int height, float[] kernel) {
        cpu.separableBlur(src, dst, width, height, kernel);
    }

    @Override public void separableBlurAdjoint(float[] src, float[] dst, int width, int height, float[] kernel) {
        cpu.separableBlurAdjoint(src, dst, width, height, kernel);
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
            if (readoutKernel != null) clReleaseKernel(readoutKernel);
            if (thresholdKernel != null) clReleaseKernel(thresholdKernel);
            if (program != null) clReleaseProgram(program);
            if (queue != null) { clFinish(queue); clReleaseCommandQueue(queue); }
            if (context != null) clReleaseContext(context);
        } catch (LinkageError e) {
            // nothing was created when the library could not load
        } finally {
            readoutKernel = thresholdKernel = null;
            program = null;
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
