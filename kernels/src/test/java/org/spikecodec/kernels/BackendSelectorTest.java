package org.spikecodec.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.BackendSelector.Spec;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClDevice;
import org.spikecodec.kernels.opencl.OpenClProbe;

class BackendSelectorTest {

    @Test
    void parsesSpecifications() {
        assertEquals(new Spec(Spec.Kind.AUTO, -1, -1), Spec.parse("auto"));
        assertEquals(new Spec(Spec.Kind.CPU, -1, -1), Spec.parse(" CPU "));
        assertEquals(new Spec(Spec.Kind.OPENCL, -1, -1), Spec.parse("opencl"));
        assertEquals(new Spec(Spec.Kind.OPENCL, 1, 2), Spec.parse("opencl:1:2"));
        for (String bad : new String[] {"", "gpu", "opencl:1", "opencl:a:b", "opencl:-1:0", "opencl:1:2:3", "cpu:0:0"}) {
            assertThrows(IllegalArgumentException.class, () -> Spec.parse(bad), bad);
        }
    }

    /**
     * {@code tornadovm} is a provided backend: parsed here, its device part left to its provider; in a build without the
     * tornadovm module (this one) asking for it says so, without probing OpenCL.
     */
    @Test
    void tornadovmIsProvidedAndAbsentHere() {
        assertEquals(Spec.Kind.PROVIDED, Spec.parse("tornadovm").kind());
        assertEquals(Spec.Kind.PROVIDED, Spec.parse(" TornadoVM:0:1 ").kind());
        assertEquals("tornadovm", Spec.providerName("tornadovm:0:1"));
        AtomicInteger probes = new AtomicInteger();
        BackendSelector s = new BackendSelector(() -> { probes.incrementAndGet(); return new OpenClProbe(List.of(), "unused"); });
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> s.open("tornadovm"));
        assertTrue(e.getMessage().contains("not in this build"), e.getMessage());
        assertEquals(0, probes.get(), "OpenCL not probed for tornadovm");
        assertTrue(BackendProvider.find("tornadovm").isEmpty());
    }

    @Test
    void withoutOpenClAutoFallsBackAndExplicitThrows() {
        AtomicInteger probes = new AtomicInteger();
        OpenClProbe none = new OpenClProbe(List.of(), "OpenCL library not loadable (test)");
        BackendSelector s = new BackendSelector(() -> { probes.incrementAndGet(); return none; });
        try (ComputeBackend b = s.open("auto")) { assertInstanceOf(CpuBackend.class, b); }
        try (ComputeBackend b = s.open("auto")) { assertInstanceOf(CpuBackend.class, b); }
        try (ComputeBackend b = s.open("cpu")) { assertEquals("cpu", b.name()); }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> s.open("opencl"));
        assertTrue(e.getMessage().contains("library not loadable"), e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> s.open("opencl:0:0"));
    }

    @Test
    void deviceThatFlushesSubnormalsIsRefused() {
        OpenClDevice ftz = new OpenClDevice(0, 0, "p", "ftz-gpu", "GPU", 1, 1L << 30, 1L << 28, "OpenCL 1.2", false, true, true);
        OpenClProbe probe = new OpenClProbe(List.of(ftz), "");
        assertTrue(probe.firstGpu().isEmpty());
        BackendSelector s = new BackendSelector(() -> probe);
        try (ComputeBackend b = s.open("auto")) { assertInstanceOf(CpuBackend.class, b); }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> new OpenClBackend(ftz));
        assertTrue(e.getMessage().contains("denormals"), e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> s.open("opencl:0:0"));
    }

    @Test
    void anAssignedGpuNamesTheNthExactGpuInProbeOrder() {
        OpenClDevice cpu = new OpenClDevice(0, 0, "pocl", "cpu", "CPU", 2, 1L << 30, 1L << 28, "OpenCL 3.0", true, true, true);
        OpenClDevice ftz = new OpenClDevice(1, 0, "nv", "ftz-gpu", "GPU", 1, 1L << 30, 1L << 28, "OpenCL 3.0", false, true, true);
        OpenClDevice gpuA = new OpenClDevice(1, 1, "nv", "gpu-a", "GPU", 1, 1L << 30, 1L << 28, "OpenCL 3.0", true, true, true);
        OpenClDevice gpuB = new OpenClDevice(2, 0, "nv2", "gpu-b", "GPU", 1, 1L << 30, 1L << 28, "OpenCL 3.0", true, true, true);
        BackendSelector s = new BackendSelector(() -> new OpenClProbe(List.of(cpu, ftz, gpuA, gpuB), ""));
        assertEquals("opencl:1:1", s.forGpu("auto", 0));
        assertEquals("opencl:2:0", s.forGpu("opencl", 1));
        assertEquals("auto", s.forGpu("auto", 2), "no third GPU: auto chooses as usual");
        assertEquals("auto", s.forGpu("auto", -1), "no GPU assigned");
        assertEquals("cpu", s.forGpu("cpu", 1));
        assertEquals("opencl:0:0", s.forGpu("opencl:0:0", 1), "a device named by its indices stays");
    }

    @Test
    void realProbe() {
        OpenClProbe p = OpenClProbe.cached();
        assertSame(p, OpenClProbe.cached());
        p.devices().forEach(d -> System.out.println("OpenCL device: " + d.describe()));
        Assumptions.assumeTrue(p.preferred().isPresent(), () -> "no OpenCL device: " + p.failure());
        BackendSelector s = new BackendSelector();
        try (ComputeBackend b = s.open("opencl")) { assertTrue(b.name().startsWith("opencl:"), b.name()); }
        OpenClDevice d = p.preferred().get();
        try (ComputeBackend b = s.open(d.spec())) { assertInstanceOf(OpenClBackend.class, b); }
        assertThrows(BackendUnavailableException.class, () -> s.open("opencl:99:0"));
        try (ComputeBackend b = s.open("auto")) {
            assertEquals(p.firstGpu().isPresent(), b instanceof OpenClBackend, "auto uses OpenCL exactly when a GPU is present");
        }
    }
}
