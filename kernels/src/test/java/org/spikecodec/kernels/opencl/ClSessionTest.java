package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.*;

import org.jocl.Pointer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The session under the OpenCL backend: programs built once, a failed build reported, everything released on close. */
class ClSessionTest {

    @Test
    void programsAreCachedBuffersGrowAndCloseReleasesEverything() {
        OpenClProbe probe = OpenClProbe.cached();
        Assumptions.assumeTrue(probe.preferred().isPresent(), () -> "no exact-capable OpenCL device: " + probe.failure());
        ClBuffer buffer;
        try (ClSession s = new ClSession(probe.preferred().get())) {
            assertNotEquals("?", s.driverVersion());
            ClProgram p = IntegrateLauncher.build(s);
            assertSame(p, IntegrateLauncher.build(s), "built once per session");

            ClProgram.BuildFailure e = assertThrows(ClProgram.BuildFailure.class,
                    () -> s.program("broken_for_test.cl", OpenClBackend.BUILD_OPTIONS, 1, "broken"));
            assertTrue(e.getMessage().contains("undeclared_name"), "the build log: " + e.getMessage());
            assertThrows(IllegalStateException.class, () -> s.program("lif_integrate.cl", OpenClBackend.BUILD_OPTIONS, 1, "no_such_kernel"));

            buffer = s.buffer();
            assertEquals(0, buffer.capacity());
            buffer.ensure(12);
            long cap = buffer.capacity();
            assertSame(buffer, buffer.ensure(8), "no reallocation when it suffices");
            assertEquals(cap, buffer.capacity());
            try (ClCommands c = s.commands()) {
                c.write(buffer, new int[] {1, -2, 3});
                int[] back = new int[3];
                c.read(buffer, 12, Pointer.to(back));
                assertArrayEquals(new int[] {1, -2, 3}, back);
                var t = c.timing(3);
                assertTrue(t.transferNanos() > 0 && t.kernelNanos() == 0 && t.elements() == 3, t.toString());
            }
            s.close();
            assertFalse(s.isOpen());
            assertEquals(0, buffer.capacity(), "the session released its buffers");
            assertThrows(IllegalStateException.class, s::buffer);
            assertThrows(IllegalStateException.class, s::commands);
        }
    }
}
