package org.spikecodec.kernels.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jocl.CL.LogLevel;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What OpenCL offers on this machine: an immutable answer, computed once per process by {@link #cached()}
 * (the platforms and devices of a process do not change while it runs) or afresh by {@link #run()}.
 *
 * @param failure empty when the library loaded and at least one device was found; otherwise why not
 *                (library missing, no platform, no device, a failing call)
 */
public record OpenClProbe(List<OpenClDevice> devices, String failure) {
    private static final Logger log = LoggerFactory.getLogger(OpenClProbe.class);
    private static final String INSTALL_HINT = "install an ICD loader (libOpenCL.so.1, Debian: ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd)";

    public OpenClProbe {
        devices = List.copyOf(devices);
    }

    /** True when at least one device was found. */
    public boolean available() { return failure.isEmpty() && !devices.isEmpty(); }

    /** The first device that is a GPU and {@link OpenClDevice#exactCapable() exact-capable}. */
    public Optional<OpenClDevice> firstGpu() {
        return devices.stream().filter(d -> d.isGpu() && d.exactCapable()).findFirst();
    }

    /** The first exact-capable GPU, else the first exact-capable device of any type. */
    public Optional<OpenClDevice> preferred() {
        return firstGpu().or(() -> devices.stream().filter(OpenClDevice::exactCapable).findFirst());
    }

    public Optional<OpenClDevice> device(int platformIndex, int deviceIndex) {
        return devices.stream().filter(d -> d.platformIndex() == platformIndex && d.deviceIndex() == deviceIndex).findFirst();
    }

    /** The process-wide probe, run on first use. */
    public static OpenClProbe cached() { return Holder.PROBE; }

    private static final class Holder {
        static final OpenClProbe PROBE = run();
    }

    /**
     * Probes now. Never throws: every failure, a missing native library included, becomes {@link #failure()}. JOCL is
     * loaded only when {@link OpenClLibrary} finds the OpenCL library, since JOCL reports a failed load on stdout, and
     * only with {@link SignalChaining signal chaining}, since loading a driver replaces the JVM's signal handlers.
     */
    public static OpenClProbe run() {
        Optional<String> missing = OpenClLibrary.unavailableReason();
        if (missing.isPresent()) {
            log.debug("not loading JOCL: {}", missing.get());
            return new OpenClProbe(List.of(), missing.get() + "; " + INSTALL_HINT);
        }
        Optional<String> unsafe = SignalChaining.refusal();
        if (unsafe.isPresent()) {
            log.debug("not loading JOCL: {}", unsafe.get());
            return new OpenClProbe(List.of(), unsafe.get());
        }
        try {
            // The first use of CL loads JOCL and the OpenCL library; from then on JOCL's native logger, which writes to
            // stdout, is silenced (its errors also come back as return codes, which Cl.check reports).
            setLogLevel(LogLevel.LOG_QUIET);
            return enumerate();
        } catch (LinkageError e) {
            // JOCL's first class load throws UnsatisfiedLinkError without libOpenCL.so.1 (later loads: NoClassDefFoundError).
            return new OpenClProbe(List.of(), "OpenCL library not loadable (" + e + "); " + INSTALL_HINT);
        } catch (RuntimeException e) {
            return new OpenClProbe(List.of(), "OpenCL probe failed: " + e);
        }
    }

    private static OpenClProbe enumerate() {
        int[] n = new int[1];
        int err = clGetPlatformIDs(0, null, n);
        if (err == -1001 /* CL_PLATFORM_NOT_FOUND_KHR */ || (err == CL_SUCCESS && n[0] == 0)) {
            return new OpenClProbe(List.of(), "no OpenCL platform (no ICD installed, e.g. pocl-opencl-icd; PoCL also needs "
                    + "a writable POCL_CACHE_DIR)");
        }
        Cl.check(err, "clGetPlatformIDs");
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        Cl.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        List<OpenClDevice> out = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            String platformName = Cl.platformString(platforms[p], CL_PLATFORM_NAME);
            cl_device_id[] ids = Cl.devices(platforms[p]);
            for (int d = 0; d < ids.length; d++) out.add(describe(p, d, platformName, ids[d]));
        }
        if (out.isEmpty()) return new OpenClProbe(List.of(), "OpenCL platform(s) found but no device");
        return new OpenClProbe(out, "");
    }

    private static OpenClDevice describe(int p, int d, String platformName, cl_device_id id) {
        long type = Cl.deviceLong(id, CL_DEVICE_TYPE);
        long fp = Cl.deviceLong(id, CL_DEVICE_SINGLE_FP_CONFIG);
        int[] cu = new int[1];
        Cl.check(clGetDeviceInfo(id, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint, Pointer.to(cu), null), "CL_DEVICE_MAX_COMPUTE_UNITS");
        return new OpenClDevice(p, d, platformName, Cl.deviceString(id, CL_DEVICE_NAME), typeName(type), cu[0],
                Cl.deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE), Cl.deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                Cl.deviceString(id, CL_DEVICE_VERSION),
                (fp & CL_FP_DENORM) != 0, (fp & CL_FP_ROUND_TO_NEAREST) != 0, (fp & CL_FP_INF_NAN) != 0);
    }

    private static String typeName(long t) {
        List<String> s = new ArrayList<>();
        if ((t & CL_DEVICE_TYPE_GPU) != 0) s.add("GPU");
        if ((t & CL_DEVICE_TYPE_CPU) != 0) s.add("CPU");
        if ((t & CL_DEVICE_TYPE_ACCELERATOR) != 0) s.add("ACCELERATOR");
        if ((t & CL_DEVICE_TYPE_CUSTOM) != 0) s.add("CUSTOM");
        return s.isEmpty() ? "UNKNOWN" : String.join("+", s);
    }
}
