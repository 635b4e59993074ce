package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.LifIntegrationReference;

/**
 * The Vector API integration ({@link VectorLifIntegrator}) against the scalar {@link LifIntegrator} and the independent
 * reference of the contract, bit for bit: counts and first-spike steps, on random time-varying inputs (with inputs
 * that put the potential exactly on the threshold, and special values), random parameters (refractory periods,
 * planes and bins of any length), sizes that leave scalar tails, and sub-ranges. The surefire configuration adds
 * {@code jdk.incubator.vector}, so this runs on Java 17 as well.
 */
class VectorLifIntegratorTest {
    private static CpuBackend vector, scalar;

    @BeforeAll static void open() {
        vector = new CpuBackend(3, true);
        scalar = new CpuBackend(3, false);
        assertTrue(vector.integrationImplementation().startsWith("vector"), vector.integrationImplementation());
        assertEquals("scalar", scalar.integrationImplementation());
    }

    @AfterAll static void close() { vector.close(); scalar.close(); }

    private static int[][] run(CpuBackend b, float[] in, int neurons, LifIntegration p, boolean first) {
        int[] counts = new int[p.bins() * neurons], f = first ? new int[neurons] : null;
        Arrays.fill(counts, 12345); // every entry must be overwritten
        if (f != null) Arrays.fill(f, 777);
        b.lifIntegrate(in, neurons, p, counts, f);
        return new int[][] {counts, f};
    }

    @Test
    void vectorEqualsScalarAndReferenceOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(77);
        long exactHits = 0, spikes = 0, withRefractory = 0, multiBin = 0;
        for (int trial = 0; trial < 200; trial++) {
            LifIntegration p = LifIntegrationReference.randomParameters(r, 160);
            int neurons = r.nextInt(1, trial % 10 == 0 ? 9_000 : 1_500); // many blocks, and a scalar tail past the last vector
            float[] in = LifIntegrationReference.randomInputs(r, neurons, p);
            int[][] want = LifIntegrationReference.run(in, neurons, p);
            boolean first = r.nextBoolean();
            int[][] v = run(vector, in, neurons, p, first), s = run(scalar, in, neurons, p, first);
            assertArrayEquals(want[0], v[0], () -> "vector counts " + p + " neurons=" + neurons);
            assertArrayEquals(want[0], s[0], () -> "scalar counts " + p + " neurons=" + neurons);
            if (first) {
                assertArrayEquals(want[1], v[1], () -> "vector first spikes " + p + " neurons=" + neurons);
                assertArrayEquals(want[1], s[1], () -> "scalar first spikes " + p + " neurons=" + neurons);
            }
            exactHits += want[2][0];
            for (int c : want[0]) spikes += Math.abs(c);
            if (p.refractorySteps() > 0) withRefractory++;
            if (p.bins() > 1) multiBin++;
        }
        assertTrue(exactHits > 1000, "inputs must put u exactly on the threshold often: " + exactHits);
        assertTrue(spikes > 100_000, "spikes: " + spikes);
        assertTrue(withRefractory > 50 && multiBin > 50, withRefractory + " with refractory, " + multiBin + " with several bins");
    }

    /** A sub-range writes exactly its own neurons' entries, whatever its alignment to the vector length. */
    @Test
    void subRangesWriteOnlyTheirNeurons() {
        IntegrationKernel k = VectorSupport.integrator(true);
        assertNotSame(IntegrationKernel.SCALAR, k);
        SplittableRandom r = new SplittableRandom(8);
        for (int trial = 0; trial < 60; trial++) {
            LifIntegration p = LifIntegrationReference.randomParameters(r, 40);
            int neurons = r.nextInt(1, 700), from = r.nextInt(0, neurons), to = r.nextInt(from, neurons + 1);
            float[] in = LifIntegrationReference.randomInputs(r, neurons, p);
            int[][] want = LifIntegrationReference.run(in, neurons, p);
            int[] counts = new int[p.bins() * neurons], first = new int[neurons];
            Arrays.fill(counts, -5);
            Arrays.fill(first, -5);
            k.integrate(in, neurons, p, counts, first, from, to);
            for (int i = 0; i < neurons; i++) {
                boolean inside = i >= from && i < to;
                assertEquals(inside ? want[1][i] : -5, first[i], "first " + i + " of [" + from + "," + to + ")");
                for (int b = 0; b < p.bins(); b++)
                    assertEquals(inside ? want[0][b * neurons + i] : -5, counts[b * neurons + i], "count " + i + " bin " + b);
            }
        }
    }

    /** The LIFQ defaults over a constant image-sized band, as the benchmark runs it: vector, scalar and reference equal. */
    @Test
    void constantInputAtTheLifqDefaults() {
        for (int steps : new int[] {32, 128}) {
            LifIntegration p = LifIntegration.exact(steps, steps, steps, 66.0 / steps / 7.0, 0.55, 0.09, 0);
            SplittableRandom r = new SplittableRandom(steps);
            int neurons = 50_000 + 13;
            float[] in = new float[neurons];
            for (int i = 0; i < neurons; i++) in[i] = (float) (r.nextDouble(-1, 1) * (r.nextInt(4) == 0 ? 0.3 : 1.0));
            int[][] want = LifIntegrationReference.run(in, neurons, p);
            assertArrayEquals(want[0], run(vector, in, neurons, p, false)[0]);
            assertArrayEquals(want[0], run(scalar, in, neurons, p, false)[0]);
            assertArrayEquals(want[1], run(vector, in, neurons, p, true)[1]);
        }
    }
}
