package org.spikecodec.kernels;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClProbe;

/** Every backend refuses a decision table outside the contract (on which their searches would disagree). */
class DecisionTableTest {
    static final float[][] BAD = {{1f, Float.NaN, 3f}, {2f, 1f}, {1f, 1f}, {0f, 1f}, {-1f, 2f}, {1f, Float.POSITIVE_INFINITY},
        {-0f}, {Float.NaN}};

    @Test
    void backendsRefuseBadTablesAndAcceptGoodOnes() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            check(cpu);
        }
        OpenClProbe probe = OpenClProbe.cached();
        if (probe.preferred().isPresent()) {
            try (OpenClBackend cl = new OpenClBackend(probe.preferred().get())) {
                check(cl);
            }
        }
    }

    private static void check(ComputeBackend b) {
        float[] in = {5f, -0.5f, 1.5f};
        for (float[] t : BAD) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.lifThreshold(in, 0, 3, 1f, t, new int[3], 0),
                    b.name() + " accepted " + java.util.Arrays.toString(t));
            assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
        }
        int[] out = new int[3];
        b.lifThreshold(in, 0, 3, 1f, new float[] {Float.MIN_VALUE, 1f, 3f}, out, 0);
        assertArrayEquals(new int[] {3, -1, 2}, out, b.name());
        b.lifThreshold(in, 0, 3, 1f, new float[0], out, 0);
        assertArrayEquals(new int[] {0, 0, 0}, out, b.name());
    }
}
