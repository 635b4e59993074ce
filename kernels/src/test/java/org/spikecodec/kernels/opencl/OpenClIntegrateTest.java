package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.LifIntegrationReference;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The OpenCL time-stepped integration kernel ({@code lif_integrate.cl}) against the cpu backend, on the real OpenCL
 * runtime of this machine (PoCL in CI): counts and first-spike steps identical, including inputs that put the
 * potential exactly on the threshold. Skipped, with the probe's reason, where no OpenCL device is available.
 */
class OpenClIntegrateTest extends OpenClDeviceTest {

    @Test
    void integrationRunsOnTheDevice() {
        assertTrue(cl.integrationOnDevice(), "lif_integrate.cl did not build");
        LifIntegration p = LifIntegration.exact(32, 32, 8, 0.05, 1, 1, 0);
        float[] in = new float[1000];
        Arrays.fill(in, 3f);
        cl.lifIntegrate(in, in.length, p, new int[4 * in.length], new int[in.length]);
        assertTrue(cl.lastTiming().kernelNanos() > 0, "no kernel ran: " + cl.lastTiming());
    }

    /** Random parameters, sizes and time-varying inputs (with exact-threshold and special inputs): identical results. */
    @Test
    void identicalToCpuOnRandomTimeVaryingInputs() {
        SplittableRandom r = new SplittableRandom(2024);
        long exactHits = 0, spikes = 0, neuronsTotal = 0;
        for (int trial = 0; trial < 120; trial++) {
            LifIntegration p = LifIntegrationReference.randomParameters(r, 200);
            int neurons = r.nextInt(1, trial % 8 == 0 ? 30_000 : 3_000);
            float[] in = LifIntegrationReference.randomInputs(r, neurons, p);
            int[] wantCounts = new int[p.bins() * neurons], wantFirst = new int[neurons];
            int[] gotCounts = new int[p.bins() * neurons], gotFirst = new int[neurons];
            Arrays.fill(gotCounts, -99);
            Arrays.fill(gotFirst, -99);
            cpu.lifIntegrate(in, neurons, p, wantCounts, wantFirst);
            cl.lifIntegrate(in, neurons, p, gotCounts, gotFirst);
            assertArrayEquals(wantCounts, gotCounts, () -> "counts " + p + " neurons=" + neurons);
            assertArrayEquals(wantFirst, gotFirst, () -> "first spikes " + p + " neurons=" + neurons);
            exactHits += LifIntegrationReference.run(in, neurons, p)[2][0];
            for (int c : wantCounts) spikes += Math.abs(c);
            neuronsTotal += neurons;
        }
        assertTrue(exactHits > 1000, "inputs must put u exactly on the threshold often: " + exactHits);
        System.out.println("lif_integrate: 120 random cases, " + neuronsTotal + " neurons, " + spikes + " spikes ("
                + exactHits + " fired with u exactly on the threshold), identical to the cpu backend");
    }

    /**
     * Constant inputs over one bin without refractory period (the branch-free {@code lif_integrate_constant}, and its
     * 16-lane form where the device's variants are wider than 1, as on PoCL), at the
     * LIFQ defaults and at random parameters with inputs steered near the threshold: the device, the cpu scalar code
     * and the cpu Vector API code give the same counts and first-spike steps.
     */
    @Test
    void constantKernelEqualsScalarAndVectorCpu() {
        SplittableRandom r = new SplittableRandom(91);
        try (CpuBackend scalar = new CpuBackend(2, false); CpuBackend vector = new CpuBackend(2, true);
             OpenClBackend oneLane = new OpenClBackend(cl.device(), cl.variants().withLifWidth(1))) {
            assertTrue(vector.integrationImplementation().startsWith("vector"));
            for (int trial = 0; trial < 40; trial++) {
                int steps = trial < 2 ? 32 << (2 * trial) : r.nextInt(1, 200);
                LifIntegration p = trial < 2 ? LifIntegration.exact(steps, steps, steps, 66.0 / steps / 7.0, 0.55, 0.09, 0)
                        : LifIntegrationReference.randomParameters(r, steps);
                p = new LifIntegration(p.steps(), p.steps(), p.steps(), p.driveScale(), p.decay(), p.oneMinusDecay(), p.threshold(), 0);
                assertTrue(IntegrateLauncher.isConstant(p));
                int neurons = r.nextInt(1, 20_000);
                float[] in = trial < 2 ? new float[neurons] : LifIntegrationReference.randomInputs(r, neurons, p);
                if (trial < 2) for (int i = 0; i < neurons; i++) in[i] = r.nextInt(256) / 255f * (r.nextInt(5) == 0 ? -1 : 1);
                int[][] s = integrate(scalar, in, neurons, p), v = integrate(vector, in, neurons, p), d = integrate(cl, in, neurons, p),
                        d1 = integrate(oneLane, in, neurons, p);
                LifIntegration q = p;
                assertArrayEquals(s[0], v[0], () -> "vector counts " + q);
                assertArrayEquals(s[0], d[0], () -> "device counts " + q);
                assertArrayEquals(s[1], v[1], () -> "vector first spikes " + q);
                assertArrayEquals(s[1], d[1], () -> "device first spikes " + q);
                assertArrayEquals(s[0], d1[0], () -> "device counts, one neuron a work-item " + q);
                assertArrayEquals(s[1], d1[1], () -> "device first spikes, one neuron a work-item " + q);
            }
        }
    }

    private static int[][] integrate(org.spikecodec.kernels.ComputeBackend b, float[] in, int neurons, LifIntegration p) {
        int[] counts = new int[neurons], first = new int[neurons];
        Arrays.fill(counts, -99);
        b.lifIntegrate(in, neurons, p, counts, first);
        return new int[][] {counts, first};
    }

    /** The hand-checked boundary cases of the cpu test, on the device. */
    @Test
    void exactThresholdBoundaryOnTheDevice() {
        LifIntegration half = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 1f, 0);
        int[] counts = new int[3], first = new int[3];
        cl.lifIntegrate(new float[] {2f, Math.nextDown(2f), -2f}, 3, half, counts, first);
        assertArrayEquals(new int[] {8, 4, -8}, counts);
        assertArrayEquals(new int[] {1, 2, 1}, first);
        LifIntegration above = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, Math.nextUp(0.75f), 0);
        LifIntegration on = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 0.75f, 0);
        int[] c1 = new int[1], f1 = new int[1];
        cl.lifIntegrate(new float[] {1f}, 1, on, c1, f1);
        assertArrayEquals(new int[] {4, 2}, new int[] {c1[0], f1[0]});
        cl.lifIntegrate(new float[] {1f}, 1, above, c1, f1);
        assertArrayEquals(new int[] {2, 3}, new int[] {c1[0], f1[0]});
    }

    /** Subnormal drives and potentials must not be flushed to zero on the device (a flushing device would never fire here). */
    @Test
    void subnormalPotentialsAreKept() {
        // Random inputs in the subnormal range against a subnormal threshold: every drive and potential is subnormal.
        SplittableRandom r = new SplittableRandom(3);
        LifIntegration q = new LifIntegration(64, 1, 16, 1f, 0.75f, 0.25f, 1e-40f, 1);
        float[] x = new float[64 * 500];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble(-4e-40, 4e-40));
        int[] a = new int[4 * 500], b = new int[4 * 500], fa = new int[500], fb = new int[500];
        cpu.lifIntegrate(x, 500, q, a, fa);
        cl.lifIntegrate(x, 500, q, b, fb);
        assertArrayEquals(a, b);
        assertArrayEquals(fa, fb);
        assertTrue(Arrays.stream(a).anyMatch(c -> c != 0), "subnormal inputs must fire");
    }

    @Test
    void rejectsBadArgumentsAndAcceptsEmpty() {
        LifIntegration p = new LifIntegration(10, 5, 4, 1, 0.5f, 0.5f, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> cl.lifIntegrate(new float[5], 3, p, new int[9], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> cl.lifIntegrate(new float[6], 3, p, new int[8], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> cl.lifIntegrate(new float[6], 3, p, new int[9], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> cl.lifIntegrate(new float[6], 3, null, new int[9], new int[3]));
        cl.lifIntegrate(new float[0], 0, p, new int[0], null);
        int[] counts = new int[10];
        counts[9] = 42;
        cl.lifIntegrate(new float[] {2, 2, 2, 2, 2, 2, 2}, 3, p, counts, null);
        assertEquals(42, counts[9]);
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 2, 2, 2, 42}, counts);
    }
}
