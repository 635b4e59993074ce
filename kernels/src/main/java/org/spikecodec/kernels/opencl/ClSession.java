package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.jocl.cl_queue_properties;
import org.spikecodec.kernels.BackendUnavailableException;

/**
 * An open OpenCL device: its context and one in-order command queue with profiling enabled, the programs built for
 * it (cached by source and build options) and the device buffers made on it. Everything the session makes is
 * released by {@link #close()}, in reverse order of making, so its owner ({@link OpenClBackend}) holds one native
 * resource. Not thread-safe: the owner serialises its calls.
 */
final class ClSession implements AutoCloseable {

    private final OpenClDevice device;
    private final cl_device_id id;
    private final String driverVersion;
    private cl_context context;
    private cl_command_queue queue;
    private final Map<String, ClProgram> programs = new HashMap<>();
    /** Releases the programs and buffers, in the order they were made. */
    private final List<Runnable> owned = new ArrayList<>();

    /**
     * Opens the device's context and queue. On any failure what was made is released before the exception leaves.
     *
     * @throws BackendUnavailableException when the platform or the device does not exist
     * @throws IllegalStateException       when an OpenCL call fails
     */
    ClSession(OpenClDevice device) {
        this.device = device;
        try {
            int[] n = new int[1];
            Cl.check(clGetPlatformIDs(0, null, n), "clGetPlatformIDs");
            if (device.platformIndex() >= n[0]) throw new BackendUnavailableException("no OpenCL platform " + device.platformIndex());
            cl_platform_id[] platforms = new cl_platform_id[n[0]];
            Cl.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
            cl_platform_id platform = platforms[device.platformIndex()];
            cl_device_id[] ids = Cl.devices(platform);
            if (device.deviceIndex() >= ids.length) throw new BackendUnavailableException("no OpenCL device " + device.spec());
            id = ids[device.deviceIndex()];
            driverVersion = driverVersion(id);

            int[] err = new int[1];
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL_CONTEXT_PLATFORM, platform);
            context = clCreateContext(props, 1, new cl_device_id[] {id}, null, null, err);
            Cl.check(err[0], "clCreateContext");
            queue = createQueue(err);
            Cl.check(err[0], "clCreateCommandQueue");
        } catch (RuntimeException | LinkageError e) {
            close();
            throw e;
        }
    }

    OpenClDevice device() { return device; }

    /** {@code CL_DRIVER_VERSION}, {@code ?} when the driver does not say. */
    String driverVersion() { return driverVersion; }

    /** A cl_ulong device property ({@code CL_DEVICE_LOCAL_MEM_SIZE}, ...). */
    long deviceLong(int param) { return Cl.deviceLong(id, param); }

    /**
     * The program built from {@code source} with {@code options} and holding {@code kernelNames}, every kernel of which
     * takes work-groups of {@code minWorkGroup} items: built once per session, then the same object. A failure leaves
     * nothing behind and nothing cached.
     *
     * @throws ClProgram.BuildFailure when the source does not build on the device
     * @throws IllegalStateException  when a kernel is missing or takes smaller work-groups
     */
    ClProgram program(String source, String options, long minWorkGroup, String... kernelNames) {
        ensureOpen();
        String key = source + "\0" + options + "\0" + minWorkGroup + "\0" + String.join(",", kernelNames);
        ClProgram p = programs.get(key);
        if (p != null) return p;
        p = new ClProgram(context, id, source, options, kernelNames);
        try {
            p.requireWorkGroup(minWorkGroup);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        programs.put(key, p);
        owned.add(p::close);
        return p;
    }

    /** A new, empty device buffer, released with the session. */
    ClBuffer buffer() {
        ensureOpen();
        ClBuffer b = new ClBuffer(context, device.maxAllocBytes());
        owned.add(b::close);
        return b;
    }

    /** The commands of one call, to be closed (try-with-resources) when the call ends. */
    ClCommands commands() {
        ensureOpen();
        return new ClCommands(queue);
    }

    boolean isOpen() { return context != null; }

    private void ensureOpen() {
        if (!isOpen()) throw new IllegalStateException("OpenCL session is closed");
    }

    @SuppressWarnings("deprecation")
    private cl_command_queue createQueue(int[] err) {
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

    /** {@code CL_DRIVER_VERSION}, {@code ?} where the query fails or is empty (a diagnostic, never a reason to fail). */
    private static String driverVersion(cl_device_id id) {
        try {
            String v = Cl.deviceString(id, CL_DRIVER_VERSION);
            return v.isEmpty() ? "?" : v;
        } catch (IllegalStateException e) {
            return "?";
        }
    }

    /**
     * Releases the buffers and programs (newest first), then waits for the queue and releases it and the context.
     * Idempotent; safe after a failed constructor, and when the OpenCL library never loaded.
     */
    @Override
    public void close() {
        try {
            for (int i = owned.size() - 1; i >= 0; i--) owned.get(i).run();
            if (queue != null) {
                clFinish(queue);
                clReleaseCommandQueue(queue);
            }
            if (context != null) clReleaseContext(context);
        } catch (LinkageError e) {
            // nothing was created when the library could not load
        } finally {
            owned.clear();
            programs.clear();
            queue = null;
            context = null;
        }
    }
}
