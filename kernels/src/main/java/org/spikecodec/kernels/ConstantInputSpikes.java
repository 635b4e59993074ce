package org.spikecodec.kernels;

/**
 * The closed form of the time-stepped integration ({@link ComputeBackend#lifIntegrate}) for an input held
 * constant over the window (spike-coding.md 1.5), the oracle its counts are checked against.
 *
 * <p>With the drive {@code c = (R |x|)(1 - decay)} (the kernel's own float) and {@code d = decay}, the potential
 * after k steps from a reset is the geometric series {@code U(k) = c (1 + d + ... + d^(k-1)) = c (1 - d^k) / (1 - d)}.
 * The first spike comes at the least s with {@code U(s) >= theta}:
 * {@code s = ceil( ln(1 - theta (1 - d) / c) / ln d )} (when {@code c / (1 - d) > theta}, else never;
 * {@code s = ceil(theta / c)} when d = 1). A reset starts the same trajectory again and each spike holds the neuron
 * r refractory steps, so the spikes fall on steps {@code s, 2s + r, 3s + 2r, ...} and a window of n steps holds
 * {@code N = floor((n + r) / (s + r))} of them (0 when s > n).
 *
 * <p>The kernel computes U in float, rounding twice a step, the formula in double. Before the spike the float
 * potential is off the exact series by at most {@code E(k) = 2^-23 (theta + c) min(k, 1/(1 - d))} relative
 * (two roundings of 2^-24 a step, damped by d) plus {@code 2^-149} a rounding where it is subnormal; the check below
 * doubles that. Where {@code U(s - 1) < theta - E} and {@code U(s) >= theta + E} the float neuron fires exactly at s,
 * and the count is exact; otherwise the input is {@linkplain Prediction#nearTie near a tie} and the float count may
 * differ from the formula's (by a step of the period).
 */
public final class ConstantInputSpikes {
    private ConstantInputSpikes() {}

    /**
     * What the closed form predicts for one input.
     *
     * @param period  the first spike's 1-based step s, which is also the steps from a reset to the next spike;
     *                {@code Integer.MAX_VALUE} when the neuron never fires
     * @param count   spikes in the window, unsigned
     * @param nearTie the float potential passes within the error bound of theta at step s - 1 or s (or at the
     *                window's last step when it does not fire): the kernel's count need not equal {@code count}
     */
    public record Prediction(int period, int count, boolean nearTie) {}

    /** The closed form for an input {@code x} held over the whole window ({@code p.stepsPerPlane() >= p.steps()}). */
    public static Prediction predict(float x, LifIntegration p) {
        float c = p.driveScale() * Math.abs(x) * p.oneMinusDecay(); // the kernel's drive, bit for bit
        int n = p.steps(), r = p.refractorySteps();
        double theta = p.threshold(), d = p.decay();
        if (!Float.isFinite(c)) return new Prediction(Integer.MAX_VALUE, -1, true); // NaN or infinite: not this formula's
        long s = firstSpikeStep(c, d, theta);
        if (s > n) return new Prediction(Integer.MAX_VALUE, 0, potential(c, d, n) >= theta - error(c, d, theta, n));
        double e = error(c, d, theta, s);
        boolean tie = !(potential(c, d, s - 1) < theta - e && potential(c, d, s) >= theta + e);
        return new Prediction((int) s, (int) ((n + (long) r) / (s + r)), tie);
    }

    /** The least s >= 1 with U(s) >= theta in real arithmetic (evaluated in double); {@code Long.MAX_VALUE} for never. */
    static long firstSpikeStep(double c, double d, double theta) {
        if (!(c > 0)) return Long.MAX_VALUE;
        if (d == 0) return c >= theta ? 1 : Long.MAX_VALUE;
        if (d == 1) return Math.max(1, (long) Math.ceil(theta / c));
        double asymptote = c / (1 - d);
        if (!(asymptote > theta)) return Long.MAX_VALUE;
        double q = Math.log1p(-theta / asymptote) / Math.log(d);
        return q >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) Math.ceil(q));
    }

    /** U(k) = c (1 - d^k) / (1 - d), without cancellation for d near 1. */
    static double potential(double c, double d, long k) {
        if (k <= 0) return 0;
        if (d == 0) return c;
        if (d == 1) return c * k;
        return c * -Math.expm1(k * Math.log(d)) / (1 - d);
    }

    /** Twice the bound on |float potential - U(k)| up to step k (see the class comment). */
    static double error(double c, double d, double theta, long k) {
        double steps = d < 1 ? Math.min(k, 1 / (1 - d)) : k;
        return 2 * (0x1p-23 * (theta + c) * steps + 2 * k * 0x1p-149);
    }
}
