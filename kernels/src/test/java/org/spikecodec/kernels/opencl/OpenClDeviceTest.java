package org.spikecodec.kernels.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Shared fixture of the tests that compare an OpenCL kernel with the cpu backend on this machine's real
 * OpenCL runtime (PoCL in CI): one backend per test class, and each test skipped with the probe's reason
 * where no exact-capable device is available (per test, so every skip is reported with its reason).
 */
abstract class OpenClDeviceTest {
    static OpenClBackend cl;
    static CpuBackend cpu;
    private static String skipReason;

    @BeforeAll
    static void openDevice() {
        OpenClProbe probe = OpenClProbe.cached();
        if (probe.preferred().isEmpty()) {
            skipReason = "OpenCL tests skipped: " + (probe.available() ? "no exact-capable device" : probe.failure());
            System.out.println(skipReason);
            return;
        }
        cl = new OpenClBackend(probe.preferred().get());
        cpu = new CpuBackend(2);
        System.out.println("OpenCL tests on " + cl.device().describe());
    }

    @BeforeEach
    void requireOpenCl() { Assumptions.assumeTrue(cl != null, () -> skipReason); }

    @AfterAll
    static void closeDevice() {
        if (cl != null) cl.close();
        if (cpu != null) cpu.close();
        cl = null;
        cpu = null;
    }
}
