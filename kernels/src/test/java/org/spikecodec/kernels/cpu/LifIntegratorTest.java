package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.LifIntegrationReference;

/** The cpu backend's time-stepped LIF integration against the documented contract. */
class LifIntegratorTest {
    private static CpuBackend cpu;

    @BeforeAll static void open() { cpu = new CpuBackend(4); }

    @AfterAll static void close() { cpu.close(); }

    static int[][] integrate(float[] in, int neurons, LifIntegration p) {
        int[] counts = new int[p.bins() * neurons], first = new int[neurons];
        Arrays.fill(counts, 12345); // every entry must be overwritten
        Arrays.fill(first, 777);
        cpu.lifIntegrate(in, neurons, p, counts, first);
        return new int[][] {counts, first};
    }

    /** Random time-varying inputs, parameters and sizes (many chunks on 4 threads): identical to the reference loop. */
    @Test
    void matchesTheReferenceLoopOnRandomInputs() {
        SplittableRandom r = new SplittableRandom(31);
        long exactHits = 0, spikes = 0;
        for (int trial = 0; trial < 150; trial++) {
            LifIntegration p = LifIntegrationReference.randomParameters(r, 250);
            int neurons = r.nextInt(1, trial % 10 == 0 ? 20_000 : 2_000);
            float[] in = LifIntegrationReference.randomInputs(r, neurons, p);
            int[][] want = LifIntegrationReference.run(in, neurons, p), got = integrate(in, neurons, p);
            assertArrayEquals(want[0], got[0], () -> "counts " + p + " neurons=" + neurons);
            assertArrayEquals(want[1], got[1], () -> "first spikes " + p + " neurons=" + neurons);
            exactHits += want[2][0];
            for (int c : want[0]) spikes += Math.abs(c);
        }
        assertTrue(exactHits > 1000, "inputs must put u exactly on the threshold often: " + exactHits);
        assertTrue(spikes > 100_000, "spikes: " + spikes);
    }

    /** u == threshold fires (float compare >=); the float just below does not. Exact binary fractions, no rounding. */
    @Test
    void firesWhenThePotentialIsExactlyOnTheThreshold() {
        LifIntegration half = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 1f, 0);
        // Step 1: u = 0 * 0.5 + 2 * 0.5 = 1 == theta.
        assertArrayEquals(new int[] {8, 1}, flat(integrate(new float[] {2f}, 1, half)));
        // nextDown(2) * 0.5 < 1: fires only at step 2 (u = 0.49999997 + 0.99999994 = 1.4999999), then every 2 steps.
        assertArrayEquals(new int[] {4, 2}, flat(integrate(new float[] {Math.nextDown(2f)}, 1, half)));
        // theta = 0.75 with input 1: u1 = 0.5, u2 = 0.25 + 0.5 = 0.75 exactly: fires at step 2, every 2 steps.
        LifIntegration t075 = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 0.75f, 0);
        assertArrayEquals(new int[] {4, 2}, flat(integrate(new float[] {1f}, 1, t075)));
        // theta just above 0.75: u3 = 0.375 + 0.5 = 0.875 fires at step 3; 8 steps give 2 spikes.
        LifIntegration above = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, Math.nextUp(0.75f), 0);
        assertArrayEquals(new int[] {2, 3}, flat(integrate(new float[] {1f}, 1, above)));
        // Negative input on the threshold: a negative count of the same magnitude.
        assertArrayEquals(new int[] {-8, 1}, flat(integrate(new float[] {-2f}, 1, half)));
    }

    /** With decay 0 the potential is the drive of the step: u = |x|, so each step fires iff |x| >= theta. */
    @Test
    void countsPerBinCarryTheSignOfTheBinsFirstSpike() {
        LifIntegration p = new LifIntegration(10, 1, 4, 1f, 0f, 1f, 1f, 0); // bins [0,4) [4,8) [8,10)
        float[] n0 = {-1, 1, 1, 0, 1, -1, -2, 0.5f, 0, 0};         // bin0: -,+,+ -> -3; bin1: +,-,- -> +3; bin2: none
        float[] n1 = {0, 0, 0, 0, 0, 0, 0, 0, 0.99f, -1};             // only step 10, negative
        float[] n2 = {0, -0f, Float.NaN, 5, 5, 5, 5, 5, 5, 5};        // NaN poisons u: never fires again
        float[] n3 = {Float.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0, 0, Float.NEGATIVE_INFINITY}; // infinite drive fires
        float[] in = interleave(n0, n1, n2, n3);
        int[][] got = integrate(in, 4, p);
        assertArrayEquals(new int[] {-3, 0, 0, 1, 3, 0, 0, 0, 0, -1, 0, -1}, got[0]);
        assertArrayEquals(new int[] {1, 10, -1, 1}, got[1]);
        assertArrayEquals(LifIntegrationReference.run(in, 4, p)[0], got[0]);
    }

    /** Refractory steps are skipped: firing every step, with r refractory steps, spikes at 1, r+2, 2r+3, ...: (n+r)/(1+r). */
    @Test
    void refractoryStepsHoldTheNeuron() {
        for (int r = 0; r <= 6; r++) {
            for (int n = 1; n <= 40; n++) {
                LifIntegration p = new LifIntegration(n, n, n, 1f, 0f, 1f, 1f, r);
                int[][] got = integrate(new float[] {3f}, 1, p);
                assertEquals((n + r) / (1 + r), got[0][0], "n=" + n + " r=" + r);
                assertEquals(1, got[1][0]);
            }
        }
        // Input is ignored while held: a spike at step 1, the input of steps 2-3 (huge) is not integrated.
        LifIntegration p = new LifIntegration(4, 1, 1, 1f, 0.5f, 0.5f, 1f, 2);
        assertArrayEquals(new int[] {1, 0, 0, 0}, integrate(new float[] {2f, 100f, 100f, 1f}, 1, p)[0]);
    }

    /** Planes hold for stepsPerPlane steps; the last plane and the last bin may be shorter. */
    @Test
    void planesAndBinsOfAnyLength() {
        LifIntegration p = new LifIntegration(10, 3, 4, 1f, 0f, 1f, 1f, 0); // planes {0-2, 3-5, 6-8, 9}, bins {0-3, 4-7, 8-9}
        assertEquals(4, p.planes());
        assertEquals(3, p.bins());
        float[] in = {1, 0, -1, 1};
        int[][] got = integrate(in, 1, p);
        // Steps 1-3 fire on +1, 7-9 on -1, 10 on +1: bin1 holds steps 7, 8 (-2); bin2 holds 9 (-) and 10 (+): -2.
        assertArrayEquals(new int[] {3, -2, -2}, got[0]);
        assertEquals(1, got[1][0]);
    }

    @Test
    void neuronsThatNeverFireReportMinusOne() {
        LifIntegration p = LifIntegration.exact(50, 50, 10, 0.05, 1, 1, 0);
        float[] in = {0f, 0.5f, -0.9f, 1e-30f};
        int[][] got = integrate(in, 4, p);
        assertArrayEquals(new int[] {-1, -1, -1, -1}, got[1]);
        assertTrue(Arrays.stream(got[0]).allMatch(c -> c == 0));
        int[] counts = new int[20];
        cpu.lifIntegrate(in, 4, p, counts, null); // first-spike output is optional
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(0, 1, 1, 1, 0.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 0, 1, 1, 0.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 0, 1, 0.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, -1, 0.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, Float.NaN, 0.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, 1.5f, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, Float.NaN, 0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, 0.5f, -0.5f, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, 0.5f, 0.5f, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, 0.5f, 0.5f, Float.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new LifIntegration(4, 1, 1, 1, 0.5f, 0.5f, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> LifIntegration.exact(4, 1, 1, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LifIntegration.exact(4, 1, 1, Double.NaN, 1, 1, 0));

        LifIntegration p = new LifIntegration(10, 5, 4, 1, 0.5f, 0.5f, 1, 0); // 2 planes, 3 bins
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(new float[5], 3, p, new int[9], new int[3]));  // input 2x3
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(new float[6], 3, p, new int[8], new int[3]));  // counts 3x3
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(new float[6], 3, p, new int[9], new int[2]));  // first
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(new float[6], -1, p, new int[9], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(null, 3, p, new int[9], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> cpu.lifIntegrate(new float[6], 3, null, new int[9], new int[3]));
        cpu.lifIntegrate(new float[0], 0, p, new int[0], new int[0]);
        // Longer arrays are fine; entries past bins x neurons are left alone.
        int[] counts = new int[10];
        counts[9] = 42;
        cpu.lifIntegrate(new float[7], 3, p, counts, null);
        assertEquals(42, counts[9]);
    }

    static int[] flat(int[][] r) { return new int[] {r[0][0], r[1][0]}; }

    /** Planes from per-neuron time series (all of one length). */
    static float[] interleave(float[]... series) {
        int n = series.length, t = series[0].length;
        float[] out = new float[n * t];
        for (int s = 0; s < t; s++) for (int i = 0; i < n; i++) out[s * n + i] = series[i][s];
        return out;
    }
}
