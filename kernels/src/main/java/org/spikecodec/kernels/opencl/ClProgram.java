package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * One OpenCL C source built for one device, with the kernels taken from it. Made (and cached) by
 * {@link ClSession#program}; the session releases it when it closes. A failed build or a missing kernel leaves
 * nothing behind: what was made is released before the exception leaves the constructor.
 */
final class ClProgram implements AutoCloseable {

    /** The program did not compile or link on the device; the message carries the error code and the build log. */
    static final class BuildFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        BuildFailure(String message) { super(message); }
    }

    private final cl_device_id device;
    private cl_program program;
    private final Map<String, cl_kernel> kernels = new LinkedHashMap<>();

    /**
     * Builds {@code source} (a class-path resource beside this class) with {@code options} and creates the named
     * kernels.
     *
     * @throws BuildFailure          when the build fails
     * @throws IllegalStateException when a kernel is missing or another OpenCL call fails
     */
    ClProgram(cl_context context, cl_device_id device, String source, String options, String... kernelNames) {
        this.device = device;
        try {
            int[] err = new int[1];
            program = clCreateProgramWithSource(context, 1, new String[] {ClSource.load(source)}, null, err);
            Cl.check(err[0], "clCreateProgramWithSource " + source);
            int built = clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
            if (built != CL_SUCCESS) throw new BuildFailure(stringFor_errorCode(built) + "\n" + buildLog());
            for (String name : kernelNames) {
                cl_kernel k = clCreateKernel(program, name, err);
                Cl.check(err[0], "clCreateKernel " + name);
                kernels.put(name, k);
            }
        } catch (RuntimeException | LinkageError e) {
            close();
            throw e;
        }
    }

    /** The kernel of that name (one of those asked for at build time). */
    cl_kernel kernel(String name) {
        cl_kernel k = kernels.get(name);
        if (k == null) throw new IllegalArgumentException("no kernel " + name + " in this program: " + kernels.keySet());
        return k;
    }

    /** {@code CL_KERNEL_WORK_GROUP_SIZE} of a kernel on the device: the largest work-group it can be launched with. */
    long workGroupSize(String name) {
        long[] wg = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(kernel(name), device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg), null),
                "CL_KERNEL_WORK_GROUP_SIZE");
        return wg[0];
    }

    /** {@code CL_KERNEL_LOCAL_MEM_SIZE}: local memory the kernel uses before any {@code __local} argument. */
    long localMemUsed(String name) {
        long[] used = new long[1];
        Cl.check(clGetKernelWorkGroupInfo(kernel(name), device, CL_KERNEL_LOCAL_MEM_SIZE, Sizeof.cl_ulong, Pointer.to(used), null),
                "CL_KERNEL_LOCAL_MEM_SIZE");
        return used[0];
    }

    /**
     * Requires every kernel of the program to take work-groups of {@code size} items.
     *
     * @throws IllegalStateException when one does not
     */
    ClProgram requireWorkGroup(long size) {
        for (String name : kernels.keySet()) {
            long wg = workGroupSize(name);
            if (wg < size) throw new IllegalStateException(name + ": work-group size " + wg + " < " + size);
        }
        return this;
    }

    private String buildLog() {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS) return "(no build log)";
        byte[] buf = new byte[(int) size[0]];
        if (clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null) != CL_SUCCESS) return "(no build log)";
        return new String(buf, StandardCharsets.UTF_8).trim();
    }

    /** Releases the kernels, then the program; idempotent. */
    @Override
    public void close() {
        for (cl_kernel k : kernels.values()) clReleaseKernel(k);
        kernels.clear();
        if (program != null) {
            clReleaseProgram(program);
            program = null;
        }
    }
}
