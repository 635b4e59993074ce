package org.spikecodec.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The integration kernel's counts (cpu backend, scalar and vector) for constant inputs against the closed form's
 * discrete formula ({@link ConstantInputSpikes}): equal for every input not near a tie, and ties rare.
 */
class ConstantInputSpikesTest {

    /** Random parameters (refractory periods included) and inputs spread over the firing range: exact away from ties. */
    @Test
    void kernelCountsEqualTheDiscreteFormulaAwayFromTies() {
        SplittableRandom r = new SplittableRandom(13);
        long compared = 0, ties = 0, tiesDiffering = 0;
        try (CpuBackend scalar = new CpuBackend(2, false); CpuBackend vector = new CpuBackend(2, true)) {
            for (int trial = 0; trial < 300; trial++) {
                int steps = r.nextInt(1, 300);
                LifIntegration p = LifIntegration.exact(steps, steps, steps, Math.exp(r.nextDouble(-7, 1.5)), Math.exp(r.nextDouble(-2, 2)),
                        Math.pow(2, r.nextInt(-30, 30)) * (1 + r.nextDouble()), r.nextInt(3) == 0 ? r.nextInt(1, 6) : 0);
                // Around the dead-zone edge theta / (R (1 - decay^steps)) and up to inputs that fire every step.
                double edge = p.threshold() / (p.driveScale() * -Math.expm1(steps * Math.log(p.decay())));
                int neurons = 2_000;
                float[] in = new float[neurons];
                for (int i = 0; i < neurons; i++) in[i] = (float) (edge * Math.exp(r.nextDouble(-0.3, 6)) * (r.nextInt(3) == 0 ? -1 : 1));
                int[] counts = new int[neurons], first = new int[neurons], vcounts = new int[neurons];
                scalar.lifIntegrate(in, neurons, p, counts, first);
                vector.lifIntegrate(in, neurons, p, vcounts, null);
                assertArrayEquals(counts, vcounts, () -> "vector vs scalar " + p);
                for (int i = 0; i < neurons; i++) {
                    ConstantInputSpikes.Prediction pr = ConstantInputSpikes.predict(in[i], p);
                    if (pr.nearTie()) {
                        ties++;
                        if (pr.count() != Math.abs(counts[i])) tiesDiffering++;
                        continue;
                    }
                    int k = i;
                    assertEquals(pr.count(), Math.abs(counts[i]), () -> "count for x=" + in[k] + " " + p + " " + pr);
                    assertEquals(pr.count() == 0 ? -1 : pr.period(), first[i], () -> "first spike for x=" + in[k] + " " + p);
                    if (counts[i] != 0) assertEquals(in[i] < 0, counts[i] < 0, "sign");
                    compared++;
                }
            }
        }
        System.out.println("closed form vs kernel: " + compared + " exact, " + ties + " near a tie (" + tiesDiffering + " of them differ)");
        assertTrue(compared > 500_000, "compared " + compared);
        assertTrue(ties < compared / 1000, "ties should be rare: " + ties);
    }

    /** The formula itself on cases worked by hand, and the tie flag where float rounding decides. */
    @Test
    void formulaOnHandWorkedCases() {
        // decay 1/2, 1 - decay 1/2, theta 1: U(k) = x (1 - 2^-k). x = 4/3: U(1) = 2/3, U(2) = 1 exactly: a tie at s = 2.
        LifIntegration half = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 1f, 0);
        assertEquals(new ConstantInputSpikes.Prediction(1, 8, false), ConstantInputSpikes.predict(3f, half));
        assertEquals(new ConstantInputSpikes.Prediction(2, 4, false), ConstantInputSpikes.predict(1.5f, half)); // U(2) = 1.125
        assertTrue(ConstantInputSpikes.predict(2f, half).nearTie());   // U(1) = 1 exactly: on the threshold
        assertEquals(new ConstantInputSpikes.Prediction(Integer.MAX_VALUE, 0, false), ConstantInputSpikes.predict(0.5f, half));
        // Asymptote exactly theta: never in real arithmetic. In 8 steps U stays at most 1 - 2^-8, clear of theta; in 30
        // the float potential rounds up to 1 (1 - 2^-25 is a tie, rounded to even) and fires: a tie the formula flags.
        assertEquals(new ConstantInputSpikes.Prediction(Integer.MAX_VALUE, 0, false), ConstantInputSpikes.predict(1f, half));
        LifIntegration long30 = new LifIntegration(30, 30, 30, 1f, 0.5f, 0.5f, 1f, 0);
        assertTrue(ConstantInputSpikes.predict(1f, long30).nearTie());
        try (CpuBackend cpu = new CpuBackend(1, false)) {
            int[] c = new int[1];
            cpu.lifIntegrate(new float[] {1f}, 1, long30, c, null);
            assertTrue(c[0] > 0, "the float neuron fires where the real one never does");
        }
        // Refractory 2: spikes at s, 2s + 2, ...: floor((8 + 2) / (2 + 2)) = 2.
        LifIntegration held = new LifIntegration(8, 8, 8, 1f, 0.5f, 0.5f, 1f, 2);
        assertEquals(2, ConstantInputSpikes.predict(1.5f, held).count());
        // Perfect integrator (decay 1): s = ceil(theta / c); c = 0.25 -> s = 4, 2 spikes in 8 steps.
        LifIntegration perfect = new LifIntegration(8, 8, 8, 1f, 1f, 0.25f, 1f, 0);
        assertEquals(new ConstantInputSpikes.Prediction(4, 2, true), ConstantInputSpikes.predict(1f, perfect)); // U(4) = 1 exactly
        assertEquals(new ConstantInputSpikes.Prediction(3, 2, false), ConstantInputSpikes.predict(1.5f, perfect));
        // Non-finite drives are outside the formula.
        assertTrue(ConstantInputSpikes.predict(Float.NaN, half).nearTie());
        assertTrue(ConstantInputSpikes.predict(Float.POSITIVE_INFINITY, half).nearTie());
    }
}
