package org.spikecodec.engine.lif;

import java.util.Arrays;

/**
 * The LIF neuron seen as a non-uniform scalar quantizer (spike-coding.md 1.1): a constant input I gives
 * at least k spikes exactly when {@code I >= I_k}, with
 * {@code I_k = theta / (R (1 - exp(-(T - (k-1) Delta) / (k tau))))}.
 *
 * <p>The quantizer is <em>defined</em> by the float table of these thresholds, computed here in double with
 * {@link StrictMath} (bit-identical on every JVM) and rounded once to float. Every backend compares the
 * float neuron input against that table, so encoder, decoder, CPU and GPU agree on every count.
 */
public final class LifQuantizer implements SpikeCountQuantizer {
    /** Largest spike count the codec represents; neurons driven harder saturate (see {@link #levels}). */
    public static final int MAX_COUNT = 1 << 20;

    private final LifParameters params;
    /** Number of finite thresholds: with a refractory period only k with T - (k-1) Delta > 0 can fire. */
    private final int finiteCount;
    /**
     * The float thresholds I_1.. computed so far, grown on demand: an encode asks for a table per band and channel, and
     * each entry costs a StrictMath.expm1 (3% of an encode's CPU when every table was computed afresh). StrictMath makes
     * every computation of an entry identical, so threads that race to grow it publish equal arrays.
     */
    private volatile float[] computed = new float[0];

    public LifQuantizer(LifParameters params) {
        this.params = params;
        this.finiteCount = computeFiniteCount(params);
        // The kernels compare float inputs against float thresholds: both ends of the table must be normal floats, or
        // every count collapses to 0 (I_1 rounds to infinity) or to saturation (I_1 rounds to 0).
        float first = (float) thresholdExact(1), last = (float) thresholdExact(finiteCount);
        if (!(first >= Float.MIN_NORMAL) || Float.isInfinite(first))
            throw new IllegalArgumentException("LIF parameters threshold " + params.threshold() + ", R " + params.resistance() + ", T "
                    + params.window() + ", tau " + params.tau() + " put the first decision threshold I_1 = " + thresholdExact(1)
                    + " outside the float range; choose a threshold between 1e-30 and 1e30");
        if (Float.isInfinite(last))
            throw new IllegalArgumentException("LIF parameters threshold " + params.threshold() + ", R " + params.resistance() + ", refractory "
                    + params.refractory() + " put the last decision threshold I_" + finiteCount + " = " + thresholdExact(finiteCount)
                    + " beyond the float range; choose a lower threshold or another refractory period");
    }

    public LifParameters params() { return params; }

    /** The exact decision threshold I_k in double (k >= 1); +infinity when the k-th spike cannot happen. */
    public double thresholdExact(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1");
        double x = (params.window() - (k - 1) * params.refractory()) / k;
        if (!(x > 0)) return Double.POSITIVE_INFINITY;
        return params.threshold() / (params.resistance() * -StrictMath.expm1(-x / params.tau()));
    }

    /** Dead zone: inputs below I_1 = theta / (R (1 - exp(-T/tau))) never fire. */
    public double deadZone() { return thresholdExact(1); }

    /** How many counts are reachable at all (saturation by the refractory period or by {@link #MAX_COUNT}). */
    @Override
    public int maxReachableCount() { return finiteCount; }

    /** Float decision table I_1..I_n with n = min(count, reachable). */
    @Override
    public float[] thresholds(int count) {
        int n = Math.min(Math.max(count, 0), finiteCount);
        return Arrays.copyOf(computed(n), n);
    }

    /** The cached table, holding at least I_1..I_n (n <= the reachable count); the caller must not write to it. */
    private float[] computed(int n) {
        float[] c = computed;
        if (c.length >= n) return c;
        int m = (int) Math.min(finiteCount, Math.max(n, 2L * c.length));
        float[] t = Arrays.copyOf(c, m);
        for (int k = c.length + 1; k <= m; k++) t[k - 1] = (float) thresholdExact(k);
        computed = t;
        return t;
    }

    /**
     * The shortest table prefix that decides every input up to {@code maxInput}: it ends with the first
     * threshold above {@code maxInput} (or at saturation), so no input in range falls in an open top cell.
     */
    public float[] thresholdsCovering(float maxInput) {
        int n = 1;
        // Compare in float, as the kernels do, so the last entry kept is a float strictly above maxInput.
        while (n < finiteCount && computed(n)[n - 1] <= maxInput) n = (int) Math.min((long) n * 2, finiteCount);
        // n overshoots by up to 2x; trim to the first threshold above maxInput.
        float[] t = computed(n);
        // Up to the first threshold above maxInput: a scan of at most 2x the kept entries, once per band, so the
        // engine needs nothing of the cpu backend's internals.
        int keep = 0;
        while (keep < n && t[keep] <= maxInput) keep++;
        keep++;
        return Arrays.copyOf(t, Math.min(keep, n));
    }

    /**
     * Reconstruction levels in neuron-input units: {@code levels[0] = 0}, {@code levels[n]} the value
     * decoded for count n, for n = 0..maxCount.
     *
     * @param t        decision table holding at least I_1..I_{maxCount}, and I_{maxCount+1} when reachable
     * @param laplace  Laplacian rate lambda of the band's neuron inputs (used by {@link Reconstruction#CENTROID})
     * @param topMean  the encoder's mean input over saturated neurons (count == table length), NaN if unknown
     */
    public static float[] levels(float[] t, int maxCount, Reconstruction mode, double laplace, double topMean) {
        if (maxCount > t.length) throw new IllegalArgumentException("count " + maxCount + " beyond the " + t.length + " reachable thresholds");
        float[] lv = new float[maxCount + 1];
        for (int n = 1; n <= maxCount; n++) {
            double a = t[n - 1];
            boolean open = n == t.length; // top cell: no upper edge
            double v;
            if (mode == Reconstruction.LOWER) {
                v = a;
            } else if (open) {
                if (Double.isFinite(topMean) && topMean >= a) v = topMean;
                else if (mode == Reconstruction.CENTROID && laplace > 0) v = a + 1 / laplace;
                else v = n >= 2 ? a + (a - t[n - 2]) / 2 : a * 1.5;
            } else {
                double b = t[n];
                v = mode == Reconstruction.CENTROID && laplace > 0 ? laplaceCentroid(a, b, laplace) : (a + b) / 2;
            }
            lv[n] = (float) v;
        }
        return lv;
    }

    /** Centroid of a density proportional to exp(-lambda x) on [a, b). */
    static double laplaceCentroid(double a, double b, double lambda) {
        double w = b - a, lw = lambda * w;
        if (lw < 1e-6) return a + w / 2;
        return a + 1 / lambda - w / StrictMath.expm1(lw);
    }

    private static int computeFiniteCount(LifParameters p) {
        if (p.refractory() == 0) return MAX_COUNT;
        long k = (long) Math.floor(p.window() / p.refractory()) + 1;
        while (k > 1 && !(p.window() - (k - 1) * p.refractory() > 0)) k--;
        return (int) Math.min(k, MAX_COUNT);
    }
}
