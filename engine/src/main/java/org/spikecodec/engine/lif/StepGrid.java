package org.spikecodec.engine.lif;

/**
 * The time grid of a stepped neuron: the window and the refractory period rounded to whole steps of {@code dt}
 * ({@code round(T/dt)}, {@code round(Delta/dt)}). One rule, shared by the reference simulator and the
 * backend-driven encoder, so that their counts can be compared step for step.
 */
record StepGrid(double dt, int steps, int refractorySteps) {
    static final long MAX_STEPS = 100_000_000;

    static StepGrid of(LifParameters p, double dt) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("dt must be > 0: " + dt);
        long n = Math.round(p.window() / dt);
        if (n < 1 || n > MAX_STEPS) throw new IllegalArgumentException("window/dt must be in 1..1e8 steps, got " + n);
        return new StepGrid(dt, (int) n, (int) Math.round(p.refractory() / dt));
    }
}
