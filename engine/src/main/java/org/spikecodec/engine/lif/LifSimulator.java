package org.spikecodec.engine.lif;

import java.util.Arrays;

/**
 * Time-stepped reference integrator of the LIF neuron (spike-coding.md 1.5), the oracle the closed form is
 * tested against. Each step integrates exactly for a piecewise-constant input:
 * {@code u <- u e^(-dt/tau) + R I (1 - e^(-dt/tau))}; a neuron fires only on step boundaries.
 */
public final class LifSimulator {
    private final LifParameters p;
    private final double dt;
    private final int steps;
    private final int refractorySteps;
    private final double decay;

    /** @param dt integration step, in the unit of the parameters' times; T and Delta are rounded to whole steps. */
    public LifSimulator(LifParameters p, double dt) {
        StepGrid grid = StepGrid.of(p, dt);
        this.p = p;
        this.dt = dt;
        this.steps = grid.steps();
        this.refractorySteps = grid.refractorySteps();
        this.decay = StrictMath.exp(-dt / p.tau());
    }

    public int steps() { return steps; }

    /** Spike count for an input held constant over the window. */
    public int count(double input) { return spikeSteps(input).length; }

    /** Step indices (1-based: a spike at index s happens at time s*dt) of the spikes for a constant input. */
    public int[] spikeSteps(double input) {
        double drive = p.resistance() * input * (1 - decay);
        int[] out = new int[8];
        int n = 0, hold = 0;
        double u = 0;
        for (int s = 1; s <= steps; s++) {
            if (hold > 0) { hold--; continue; }
            u = u * decay + drive;
            if (u >= p.threshold()) {
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = s;
                u = 0;
                hold = refractorySteps;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The count the stepped neuron must give for a constant input, from the discrete formula: it fires
     * every {@code s} steps (the first step at which the exactly-integrated potential reaches theta), so
     * {@code N = floor((n + r) / (s + r))} for n window steps and r refractory steps.
     */
    public long discreteFormulaCount(double input) {
        double ri = p.resistance() * input;
        if (!(ri > p.threshold())) return 0;
        // Smallest s with u_s = R I (1 - decay^s) >= theta, evaluated with the same recurrence as the simulation.
        double drive = ri * (1 - decay), u = 0;
        int s = 0;
        while (s <= steps) {
            s++;
            u = u * decay + drive;
            if (u >= p.threshold()) break;
        }
        if (s > steps) return 0;
        return ((long) steps + refractorySteps) / (s + refractorySteps);
    }

    public double dt() { return dt; }
}
