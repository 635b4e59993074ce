package org.spikecodec.engine.codec;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes one image's encodings measured along a rate knob, and the knob setting predicted for a target size.
 *
 * <p>The knob x is any setting whose output shrinks as x grows (log theta for the spike codec). A prior gives the
 * curve's shape: log size = prior(x) + residual(x), with the residual measured at every point and interpolated
 * linearly between the measured points around x (extrapolated from the two end points beyond them, constant with a
 * single point). With a prior that follows the curve's bends, such as the count entropy for theta, the residual is
 * nearly flat: one point already aims within tens of percent, and points around the target aim within about a
 * percent. With the prior -x it is secant interpolation in log-log.
 */
public final class RateCurve {
    /** Largest slope of the residual used when extrapolating: two close points must not send a prediction far. */
    private static final double MAX_RESIDUAL_SLOPE = 0.3;
    private static final int SOLVER_STEPS = 48;

    /** An estimate of log size at a knob setting, decreasing in x; negative infinity for nothing at all. */
    @FunctionalInterface
    public interface Prior {
        double logBytes(double x);
    }

    /**
     * The measured settings nearest a target on either side.
     *
     * @param lo the largest setting measured whose size exceeds the target; negative infinity when there is none
     * @param hi the smallest setting measured above {@code lo}; positive infinity when there is none
     */
    public record Bracket(double lo, double hi) {
        public boolean closed() { return lo > Double.NEGATIVE_INFINITY && hi < Double.POSITIVE_INFINITY; }
    }

    private final Prior prior;
    private final double defaultResidual;
    private final TreeMap<Double, Double> logBytes = new TreeMap<>();
    /** log size - prior, at the points where the prior is finite. */
    private final TreeMap<Double, Double> residuals = new TreeMap<>();

    /** @param defaultResidual the residual assumed before any point is measured */
    public RateCurve(Prior prior, double defaultResidual) {
        this.prior = prior;
        this.defaultResidual = defaultResidual;
    }

    /** Records that the setting {@code x} gave {@code bytes}. */
    public void add(double x, long bytes) {
        double y = Math.log(Math.max(bytes, 0.5));
        logBytes.put(x, y);
        double p = prior.logBytes(x);
        if (Double.isFinite(p)) residuals.put(x, y - p);
    }

    public int size() { return logBytes.size(); }

    /** The measured settings that enclose {@code targetBytes}. */
    public Bracket bracket(double targetBytes) {
        double y = Math.log(targetBytes);
        double lo = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Double, Double> p : logBytes.entrySet()) if (p.getValue() > y) lo = p.getKey();
        Double hi = lo == Double.NEGATIVE_INFINITY ? (logBytes.isEmpty() ? null : logBytes.firstKey()) : logBytes.higherKey(lo);
        return new Bracket(lo, hi == null ? Double.POSITIVE_INFINITY : hi);
    }

    /**
     * The setting in [lo, hi] where the curve predicts {@code targetBytes}; an end when the prediction lies beyond it.
     */
    public double predict(double targetBytes, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
        double y = Math.log(targetBytes);
        if (estimate(lo) <= y) return lo;
        if (estimate(hi) >= y) return hi;
        for (int i = 0; i < SOLVER_STEPS; i++) {
            double mid = (lo + hi) / 2;
            if (estimate(mid) > y) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** Predicted log size at {@code x}. */
    double estimate(double x) {
        double p = prior.logBytes(x);
        return p == Double.NEGATIVE_INFINITY ? p : p + residual(x);
    }

    private double residual(double x) {
        if (residuals.isEmpty()) return defaultResidual;
        if (residuals.size() == 1) return residuals.firstEntry().getValue();
        Map.Entry<Double, Double> a = residuals.floorEntry(x), b = residuals.higherEntry(x);
        if (a == null) { a = residuals.firstEntry(); b = residuals.higherEntry(a.getKey()); }
        else if (b == null) { b = residuals.lastEntry(); a = residuals.lowerEntry(b.getKey()); }
        else return interpolate(a, b, x); // between two measured points
        double slope = (b.getValue() - a.getValue()) / (b.getKey() - a.getKey());
        slope = Math.max(-MAX_RESIDUAL_SLOPE, Math.min(MAX_RESIDUAL_SLOPE, slope));
        Map.Entry<Double, Double> near = x < a.getKey() ? a : b;
        return near.getValue() + slope * (x - near.getKey());
    }

    private static double interpolate(Map.Entry<Double, Double> a, Map.Entry<Double, Double> b, double x) {
        double w = (x - a.getKey()) / (b.getKey() - a.getKey());
        return a.getValue() + w * (b.getValue() - a.getValue());
    }
}
