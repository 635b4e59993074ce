package org.spikecodec.engine.lif;

/**
 * Parameters of the Leaky Integrate-and-Fire neuron (spike-coding.md section 1):
 * {@code tau du/dt = -u + R I}, spike and reset to 0 when {@code u >= threshold}, then held at 0 for
 * {@code refractory}; spikes are counted over the window {@code [0, window]}. Times share one unit
 * (milliseconds by convention); only ratios matter.
 *
 * @param threshold  theta > 0
 * @param tau        membrane time constant tau = R C > 0
 * @param resistance R > 0 (rescales the input; equivalent to 1/theta)
 * @param window     observation window T > 0
 * @param refractory refractory period Delta: 0, or T / {@value LifQuantizer#MAX_COUNT} <= Delta <= T (a shorter period
 *                   caps nothing the codec can count, and T / Delta would overflow a count near Delta = 1e-300)
 */
public record LifParameters(double threshold, double tau, double resistance, double window, double refractory) {

    /**
     * Defaults chosen by rate-distortion measurement (docs/rate-distortion.md): with T/tau = 0.05 the leak is
     * small, the cells are nearly uniform and the dead zone is ~1.03 cells wide. More leak (T/tau = 0.5, 1.25,
     * 2) widens the dead zone and crowds cells near threshold, and measured 0.1 to 0.7 dB worse at equal rate
     * on the test photos. The threshold is what rate control searches.
     */
    public static final double DEFAULT_TAU = 1000, DEFAULT_RESISTANCE = 1, DEFAULT_WINDOW = 50, DEFAULT_REFRACTORY = 0;
    public static final double DEFAULT_THRESHOLD = 1;

    public LifParameters {
        require(threshold, "threshold", false);
        require(tau, "tau", false);
        require(resistance, "resistance R", false);
        require(window, "window T", false);
        require(refractory, "refractory period", true);
        if (refractory > window)
            throw new IllegalArgumentException("refractory period (" + refractory + ") must not exceed the window T (" + window + ")");
        if (refractory > 0 && refractory < window / LifQuantizer.MAX_COUNT)
            throw new IllegalArgumentException("refractory period " + refractory + " is below T/" + LifQuantizer.MAX_COUNT + " = "
                    + window / LifQuantizer.MAX_COUNT + ": it would cap no count the codec represents; use 0 (none) or a longer period");
    }

    public static LifParameters defaults() {
        return new LifParameters(DEFAULT_THRESHOLD, DEFAULT_TAU, DEFAULT_RESISTANCE, DEFAULT_WINDOW, DEFAULT_REFRACTORY);
    }

    public LifParameters withThreshold(double t) { return new LifParameters(t, tau, resistance, window, refractory); }

    public LifParameters withWindow(double t) { return new LifParameters(threshold, tau, resistance, t, refractory); }

    /**
     * Time to first spike (and inter-spike interval after a reset) for a constant input I:
     * {@code d = tau ln(R I / (R I - theta))}; +infinity when {@code R I <= theta}.
     */
    public double timeToSpike(double input) {
        double ri = resistance * input;
        if (!(ri > threshold)) return Double.POSITIVE_INFINITY;
        return -tau * StrictMath.log1p(-threshold / ri);
    }

    /** Spike count in the window for a constant input, from the closed form N = floor((T + Delta) / (d + Delta)). */
    public long closedFormCount(double input) {
        double d = timeToSpike(input);
        if (d > window) return 0;
        return (long) Math.floor((window + refractory) / (d + refractory));
    }

    /** Largest count a neuron can reach: floor(T/Delta) + 1 with a refractory period (at most 2^20 + 1), unbounded without. */
    public long maxCount() {
        return refractory > 0 ? (long) Math.floor(window / refractory) + 1 : Long.MAX_VALUE;
    }

    private static void require(double v, String name, boolean zeroAllowed) {
        if (!Double.isFinite(v) || v < 0 || (!zeroAllowed && v == 0))
            throw new IllegalArgumentException(name + " must be a finite number " + (zeroAllowed ? ">= 0" : "> 0") + ", got " + v);
    }
}
