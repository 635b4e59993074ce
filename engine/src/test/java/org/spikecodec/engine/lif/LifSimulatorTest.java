package org.spikecodec.engine.lif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LifSimulatorTest {

    /** The stepped neuron can only fire on step boundaries: its count obeys the discrete formula exactly. */
    @Test
    void steppedSimulationMatchesDiscreteFormulaExactly() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            LifParameters p = LifQuantizerTest.randomParams(rnd);
            LifSimulator sim = new LifSimulator(p, p.window() / rnd.nextInt(8, 200));
            double i1 = new LifQuantizer(p).deadZone();
            for (int i = 0; i < 50; i++) {
                double input = i1 * StrictMath.exp(rnd.nextDouble(-0.5, 3));
                assertEquals(sim.discreteFormulaCount(input), sim.count(input), p + " I=" + input);
            }
        }
    }

    /** As dt shrinks, the stepped count converges to the continuous closed form. */
    @Test
    void steppedSimulationConvergesToClosedForm() {
        LifParameters p = new LifParameters(1, 20, 1, 50, 2);
        SplittableRandom rnd = new SplittableRandom(9);
        double[] inputs = new double[400];
        for (int i = 0; i < inputs.length; i++) inputs[i] = rnd.nextDouble(0.5, 20);
        double previous = Double.MAX_VALUE;
        for (double dt : new double[] {1, 0.1, 0.01, 0.001}) {
            LifSimulator sim = new LifSimulator(p, dt);
            double err = 0;
            for (double x : inputs) err += Math.abs(sim.count(x) - p.closedFormCount(x));
            err /= inputs.length;
            assertTrue(err <= previous, "error must not grow as dt shrinks: " + err + " after " + previous);
            previous = err;
        }
        assertTrue(previous < 0.02, "mean count error at dt=0.001: " + previous);
    }

    @Test
    void spikeTimesFollowTheClosedForm() {
        // Constant input: spikes at k d + (k-1) Delta; the stepped neuron fires at the first step at or after it.
        LifParameters p = new LifParameters(1, 10, 1, 100, 3);
        double input = 1.7, d = p.timeToSpike(input);
        LifSimulator sim = new LifSimulator(p, 1e-3);
        int[] s = sim.spikeSteps(input);
        assertEquals(p.closedFormCount(input), s.length);
        for (int k = 1; k <= s.length; k++) assertEquals(k * d + (k - 1) * p.refractory(), s[k - 1] * sim.dt(), 0.02 * k);
    }

    @Test
    void belowTheDeadZoneNothingFires() {
        LifParameters p = LifParameters.defaults();
        LifSimulator sim = new LifSimulator(p, 0.01);
        double i1 = new LifQuantizer(p).deadZone();
        assertEquals(0, sim.count(i1 * 0.99));
        assertEquals(0, p.closedFormCount(i1 * 0.99));
        assertEquals(1, p.closedFormCount(i1 * 1.0001));
        assertEquals(0, sim.count(0));
        assertEquals(0, sim.count(-5));
    }
}
