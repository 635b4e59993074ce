package org.spikecodec.engine.lif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The backends' time-stepped integration kernel (through {@link SteppedLifEncoder}, on the cpu backend) against
 * the engine's double-precision {@link LifSimulator} and the discrete formula of spike-coding.md 1.5.
 *
 * <p>The kernel computes in float ({@code decay}, {@code 1 - decay}, R and theta rounded once to float, every step
 * rounded), the simulator in double, so the two may legitimately disagree by one step on the first spike when the
 * potential passes within float rounding of theta. So: (1) exactly against a float loop written here from the
 * documented contract; (2) exactly against the discrete formula {@code N = floor((n + r) / (s + r))}, with s the
 * kernel's own first-spike step (it holds exactly in float too: after a reset the float trajectory repeats bit for
 * bit); (3) against the simulator's count and first spike wherever the double trajectory stays clear of theta by more
 * than the float error bound, and the cases inside that bound are counted and must be rare.
 */
class SteppedLifEncoderTest {
    private static CpuBackend cpu;

    @BeforeAll static void open() { cpu = new CpuBackend(2); }

    @AfterAll static void close() { cpu.close(); }

    @Test
    void constantInputMatchesFloatLoopDiscreteFormulaAndSimulator() {
        SplittableRandom rnd = new SplittableRandom(5);
        int compared = 0, nearBoundary = 0, boundaryDisagreements = 0;
        for (int trial = 0; trial < 300; trial++) {
            LifParameters p = LifQuantizerTest.randomParams(rnd);
            double dt = p.window() / rnd.nextInt(8, 200);
            SteppedLifEncoder enc = new SteppedLifEncoder(p, dt);
            LifSimulator sim = new LifSimulator(p, dt);
            assertEquals(sim.steps(), enc.steps());
            int n = enc.steps(), r = enc.refractorySteps();
            LifIntegration li = enc.integration(n, n);
            double i1 = new LifQuantizer(p).deadZone();
            float[] band = new float[200];
            for (int i = 0; i < band.length; i++) {
                float v = (float) (i1 * StrictMath.exp(rnd.nextDouble(-0.5, 3)));
                band[i] = i % 3 == 0 ? -v : v;
            }
            SteppedLifEncoder.Result res = enc.encodeConstant(cpu, band);
            assertEquals(1, res.bins());
            double tolerance = 1e-5 + (n + 4) * 0x1p-23 + 0x1p-23 * p.tau() / dt;
            for (int i = 0; i < band.length; i++) {
                int count = res.counts()[i], first = res.firstSpikeStep()[i];
                // (1) the float loop of the contract
                int[] ref = floatLoop(band[i], li);
                assertEquals(ref[0], count, "float loop " + p + " dt=" + dt + " I=" + band[i]);
                assertEquals(ref[1], first);
                // (2) the discrete formula with the kernel's own period
                int expected = first < 0 ? 0 : (n + r) / (first + r);
                assertEquals(expected, Math.abs(count), "discrete formula " + p + " I=" + band[i]);
                assertEquals(count != 0 && band[i] < 0, count < 0, "sign");
                assertEquals(Math.abs(count), Math.abs(res.total(i)));
                // (3) the double simulator, away from the float rounding of theta
                double input = Math.abs(band[i]);
                int[] spikes = sim.spikeSteps(input);
                if (clearOfThreshold(p, dt, n, input, tolerance)) {
                    assertEquals(spikes.length, Math.abs(count), "simulator " + p + " dt=" + dt + " I=" + input);
                    assertEquals(spikes.length == 0 ? -1 : spikes[0], first);
                    assertEquals(sim.discreteFormulaCount(input), Math.abs(count));
                    compared++;
                } else {
                    nearBoundary++;
                    if (spikes.length != Math.abs(count)) boundaryDisagreements++;
                }
            }
        }
        System.out.println("stepped kernel vs LifSimulator: " + compared + " equal away from theta; " + nearBoundary
                + " within the float error bound of theta, " + boundaryDisagreements + " of them differ");
        assertTrue(compared > 50_000, "compared " + compared);
        assertTrue(nearBoundary < compared / 50, "near-boundary cases should be rare: " + nearBoundary);
    }

    /** The stepped neuron converges to the continuous closed form as dt shrinks (as LifSimulator does). */
    @Test
    void convergesToTheClosedFormAsDtShrinks() {
        LifParameters p = new LifParameters(1, 20, 1, 50, 2);
        SplittableRandom rnd = new SplittableRandom(9);
        float[] band = new float[400];
        for (int i = 0; i < band.length; i++) band[i] = (float) rnd.nextDouble(0.5, 20);
        double previous = Double.MAX_VALUE;
        for (double dt : new double[] {1, 0.1, 0.01, 0.001}) {
            SteppedLifEncoder.Result res = new SteppedLifEncoder(p, dt).encodeConstant(cpu, band);
            double err = 0;
            for (int i = 0; i < band.length; i++) err += Math.abs(res.counts()[i] - p.closedFormCount(band[i]));
            err /= band.length;
            assertTrue(err <= previous, "error must not grow as dt shrinks: " + err + " after " + previous);
            previous = err;
        }
        assertTrue(previous < 0.02, "mean count error at dt=0.001: " + previous);
    }

    /** Time-varying input and bins: the bins partition the window's spikes, the sign follows the input at the spike. */
    @Test
    void binsPartitionTheSpikesOfATimeVaryingInput() {
        LifParameters p = new LifParameters(1, 50, 1, 60, 1);
        SteppedLifEncoder enc = new SteppedLifEncoder(p, 1);
        SplittableRandom rnd = new SplittableRandom(4);
        int neurons = 300, planes = 6, perPlane = 10; // 60 steps: six planes of ten steps each
        float[] in = new float[planes * neurons];
        for (int k = 0; k < planes; k++)
            for (int i = 0; i < neurons; i++) in[k * neurons + i] = (float) (rnd.nextDouble(0, 3) * (k % 2 == 0 ? 1 : -1));
        SteppedLifEncoder.Result whole = enc.encode(cpu, in, neurons, perPlane, 60);
        SteppedLifEncoder.Result perLayer = enc.encode(cpu, in, neurons, perPlane, 10);
        assertEquals(6, perLayer.bins());
        int fired = 0;
        for (int i = 0; i < neurons; i++) {
            int sum = 0;
            for (int b = 0; b < 6; b++) {
                int c = perLayer.counts()[b * neurons + i];
                assertTrue(c == 0 || (c > 0) == (b % 2 == 0), "bin " + b + " follows plane " + b + "'s sign: " + c);
                sum += Math.abs(c);
            }
            assertEquals(Math.abs(whole.counts()[i]), sum);
            assertEquals(whole.firstSpikeStep()[i], perLayer.firstSpikeStep()[i]);
            if (sum > 0) fired++;
        }
        assertTrue(fired > neurons / 2, "fired " + fired);
    }

    @Test
    void rejectsBadSteps() {
        LifParameters p = LifParameters.defaults();
        assertThrows(IllegalArgumentException.class, () -> new SteppedLifEncoder(p, 0));
        assertThrows(IllegalArgumentException.class, () -> new SteppedLifEncoder(p, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SteppedLifEncoder(p, 1e9));
        SteppedLifEncoder enc = new SteppedLifEncoder(p, 1);
        assertThrows(IllegalArgumentException.class, () -> enc.encode(cpu, new float[10], 10, 1, 10)); // needs 50 planes
    }

    /** {count, first spike step} of one neuron with a constant input, written from the contract. */
    static int[] floatLoop(float x, LifIntegration p) {
        float u = 0f;
        int count = 0, first = -1;
        for (int t = 0; t < p.steps(); t++) {
            u = u * p.decay() + p.driveScale() * Math.abs(x) * p.oneMinusDecay();
            if (u >= p.threshold()) {
                count++;
                if (first < 0) first = t + 1;
                u = 0f;
                t += p.refractorySteps();
            }
        }
        return new int[] {x < 0 ? -count : count, first};
    }

    /**
     * Whether the exact potential {@code R I (1 - e^(-k dt/tau))} stays farther than {@code tol * theta} from theta at
     * every step k up to the first crossing (or the window): then float and double agree on the first spike step.
     */
    static boolean clearOfThreshold(LifParameters p, double dt, int n, double input, double tol) {
        double ri = p.resistance() * input;
        for (int k = 1; k <= n; k++) {
            double u = -ri * StrictMath.expm1(-k * dt / p.tau());
            if (Math.abs(u - p.threshold()) <= tol * p.threshold()) return false;
            if (u >= p.threshold()) return true;
        }
        return true;
    }
}
