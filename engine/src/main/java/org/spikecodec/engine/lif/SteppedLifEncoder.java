package org.spikecodec.engine.lif;

import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;

/**
 * Runs a band of neurons through a backend's time-stepped integration kernel ({@link ComputeBackend#lifIntegrate},
 * spike-coding.md 1.5): the stepped counterpart of {@link LifQuantizer}'s closed form, for inputs that change over
 * time (the retina filter's layers) or for checking the closed form against a simulation. It does not take part in
 * the {@code .spk} bitstream, whose counts come from the closed-form thresholding kernel.
 *
 * <p>Steps and refractory steps are rounded as {@link LifSimulator} rounds them ({@code round(T/dt)},
 * {@code round(Delta/dt)}); the float kernel parameters come from {@link LifIntegration#exact} with
 * {@code dt/tau}, R and theta, so every caller and every backend uses the same float decay factors.
 */
public final class SteppedLifEncoder {
    private final LifParameters p;
    private final double dt;
    private final int steps, refractorySteps;

    /** Spike counts per bin ({@code counts[bin * neurons + i]}, signed) and 1-based first-spike steps (-1: none). */
    public record Result(int neurons, int bins, int stepsPerBin, int[] counts, int[] firstSpikeStep) {
        /** Total spike count of neuron {@code i} over the window, signed by its first bin with spikes. */
        public int total(int i) {
            int n = 0, sign = 0;
            for (int b = 0; b < bins; b++) {
                int c = counts[b * neurons + i];
                if (sign == 0) sign = Integer.signum(c);
                n += Math.abs(c);
            }
            return sign < 0 ? -n : n;
        }
    }

    /** @param dt integration step, in the unit of the parameters' times */
    public SteppedLifEncoder(LifParameters p, double dt) {
        StepGrid grid = StepGrid.of(p, dt); // the simulator's rounding, so the two compare step for step
        this.p = p;
        this.dt = dt;
        this.steps = grid.steps();
        this.refractorySteps = grid.refractorySteps();
    }

    public int steps() { return steps; }

    public int refractorySteps() { return refractorySteps; }

    public double dt() { return dt; }

    /** The kernel parameters for inputs that change every {@code stepsPerPlane} steps, counted in bins of {@code stepsPerBin}. */
    public LifIntegration integration(int stepsPerPlane, int stepsPerBin) {
        return LifIntegration.exact(steps, stepsPerPlane, stepsPerBin, dt / p.tau(), p.resistance(), p.threshold(), refractorySteps);
    }

    /** A still band: every neuron's input held constant over the window, counted in one bin. */
    public Result encodeConstant(ComputeBackend backend, float[] band) {
        return encode(backend, band, band.length, steps, steps);
    }

    /**
     * A time-varying band: {@code planes} holds {@code ceil(steps / stepsPerPlane)} consecutive planes of
     * {@code neurons} inputs, plane {@code k} driving steps {@code [k * stepsPerPlane, (k+1) * stepsPerPlane)}.
     */
    public Result encode(ComputeBackend backend, float[] planes, int neurons, int stepsPerPlane, int stepsPerBin) {
        LifIntegration li = integration(stepsPerPlane, stepsPerBin);
        int[] counts = new int[Math.multiplyExact(li.bins(), neurons)];
        int[] first = new int[neurons];
        backend.lifIntegrate(planes, neurons, li, counts, first);
        return new Result(neurons, li.bins(), stepsPerBin, counts, first);
    }
}
