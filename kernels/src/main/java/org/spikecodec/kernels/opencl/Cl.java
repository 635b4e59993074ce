package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;

/**
 * Small JOCL helpers. Error codes are checked here rather than through {@code CL.setExceptionsEnabled},
 * which is a process-wide switch.
 */
final class Cl {
    private Cl() {}

    static void check(int err, String what) {
        if (err != CL_SUCCESS) throw new IllegalStateException(what + " failed: " + stringFor_errorCode(err) + " (" + err + ")");
    }

    static cl_device_id[] devices(cl_platform_id platform) {
        int[] n = new int[1];
        int err = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
        if (err == CL_DEVICE_NOT_FOUND) return new cl_device_id[0];
        check(err, "clGetDeviceIDs");
        cl_device_id[] ids = new cl_device_id[n[0]];
        check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null), "clGetDeviceIDs");
        return ids;
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        check(clGetPlatformInfo(p, param, 0, null, size), "clGetPlatformInfo");
        byte[] buf = new byte[(int) size[0]];
        check(clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null), "clGetPlatformInfo");
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        check(clGetDeviceInfo(d, param, 0, null, size), "clGetDeviceInfo");
        byte[] buf = new byte[(int) size[0]];
        check(clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null), "clGetDeviceInfo");
        return cString(buf);
    }

    /** A cl_ulong / cl_bitfield device property. */
    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        check(clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null), "clGetDeviceInfo");
        return v[0];
    }

    /** A {@code __local} kernel argument of this many bytes (allocated per work-group by the runtime). */
    record LocalBytes(long bytes) {}

    /**
     * Sets a kernel's arguments, in order: a {@link ClBuffer} or {@code cl_mem} (a buffer), an {@code Integer}
     * ({@code int}), a {@code Float} ({@code float}) or {@link LocalBytes} ({@code __local} memory).
     */
    static void setArgs(cl_kernel k, Object... args) {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i] instanceof ClBuffer b ? b.mem() : args[i];
            int err;
            if (a instanceof cl_mem m) err = clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
            else if (a instanceof Integer v) err = clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            else if (a instanceof Float v) err = clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
            else if (a instanceof LocalBytes l) err = clSetKernelArg(k, i, l.bytes(), null);
            else throw new IllegalArgumentException("kernel argument " + i + ": " + args[i]);
            check(err, "clSetKernelArg " + i);
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8).trim();
    }
}
