package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The device memory-copy baseline and the driver string used by the benchmark harness. */
class OpenClCopyBenchmarkTest {
    @Test
    void copyIsTimedByEventsAndBuffersAreReused() {
        OpenClProbe probe = OpenClProbe.cached();
        Assumptions.assumeTrue(probe.preferred().isPresent(), () -> "no exact-capable OpenCL device: " + probe.failure());
        try (OpenClBackend cl = new OpenClBackend(probe.preferred().get())) {
            assertFalse(cl.driverVersion().isBlank());
            assertNotEquals("?", cl.driverVersion());
            long t = cl.copyBenchmark(4L << 20);
            assertTrue(t > 0, "event time of a 4 MiB copy: " + t);
            long[] caps = cl.bufferCapacities();
            assertTrue(caps[0] >= 4L << 20 && caps[1] >= 4L << 20);
            assertEquals(0, cl.copyBenchmark(0));
            assertThrows(IllegalArgumentException.class, () -> cl.copyBenchmark(-1));
            // A LIF call after the copy still works on the shared buffers.
            int[] out = new int[3];
            cl.lifThreshold(new float[] {0.5f, -2.5f, 9f}, 0, 3, 1f, new float[] {1f, 2f, 3f}, out, 0);
            assertArrayEquals(new int[] {0, -2, 3}, out);
            cl.close();
            assertThrows(IllegalStateException.class, () -> cl.copyBenchmark(4));
        }
    }
}
