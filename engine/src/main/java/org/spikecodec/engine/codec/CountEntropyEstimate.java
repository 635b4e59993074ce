package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.SpikeCountQuantizer;
import org.spikecodec.engine.transform.BandShape;

/**
 * A cheap estimate of the coded size of one image's spike counts at any LIF threshold theta, for the rate search to
 * aim with: the first-order entropy of the counts band by band, plus one sign bit per firing neuron, computed from a
 * sorted sample of the neuron inputs without quantizing or entropy-coding anything.
 *
 * <p>Why it is cheap: every decision threshold is theta/R times a constant ({@link LifQuantizer}: I_k = (theta/R) c_k
 * with c_k independent of theta), so the count of an input u is the number of constants c_k at most u R / theta; one
 * merge of a band's sorted inputs with the c_k gives its count histogram. The context-modelling coder beats the
 * first-order entropy by a factor that drifts slowly with the rate (about 0.45 to 0.8 on photos with the wavelet);
 * the search measures that factor on its encodings ({@link RateCurve}).
 */
final class CountEntropyEstimate {
    /**
     * Neuron inputs kept per band, evenly spaced: enough for an estimate within a few percent, sorted in milliseconds.
     * Per band, not per image, so that the small coarse bands, which carry much of the rate at low rates, are kept whole.
     */
    static final int SAMPLES_PER_BAND = 1 << 14;

    private final List<float[]> sortedInputs = new ArrayList<>();
    /** Neurons each sampled input stands for, per band. */
    private final List<Double> weights = new ArrayList<>();
    /** The quantizer at theta = R: its thresholds are the c_k. */
    private final SpikeCountQuantizer unit;
    /** The stepped neuron's c_1, c_2, ... computed so far (by bisection, so fetched in doublings); unused for the closed form. */
    private float[] steppedTable = new float[0];
    private final double resistance;
    private final double maxInput;
    /** c_1, c_2, ... as far as needed so far (grown on demand: small thresholds need many). */
    private double[] unitThresholds = new double[0];

    /** @param lif the LIF parameters but theta (tau, R, T and Delta shape the thresholds) */
    CountEntropyEstimate(SpikeEncoder.Analysis a, LifParameters lif, double chromaGain) {
        this(a, lif, chromaGain, new LifQuantizer(lif.withThreshold(lif.resistance())));
    }

    /**
     * @param unit the quantizer the counts come from, at theta = R (the closed form, or the stepped neuron of a
     *             time-varying front end: its thresholds scale with theta / R too, up to float rounding, since the
     *             potential is linear in the drive)
     */
    CountEntropyEstimate(SpikeEncoder.Analysis a, LifParameters lif, double chromaGain, SpikeCountQuantizer unit) {
        float[] gains = SpikeEncoder.channelGains(a.model(), chromaGain);
        double max = 0;
        for (int c = 0; c < a.bands().size(); c++) {
            for (int b = 0; b < a.layout().size(); b++) {
                float[] coeff = a.bands().get(c).get(b);
                if (coeff.length == 0) continue;
                float g = SpikeEncoder.neuronGain(a.layout().get(b), gains[c]);
                int stride = Math.max(1, coeff.length / SAMPLES_PER_BAND);
                float[] u = new float[(coeff.length + stride - 1) / stride];
                for (int i = 0, j = 0; i < coeff.length; i += stride, j++) u[j] = Math.abs(coeff[i]) * g;
                for (float v : coeff) max = Math.max(max, Math.abs(v) * g);
                Arrays.sort(u);
                sortedInputs.add(u);
                weights.add((double) coeff.length / u.length);
            }
        }
        this.maxInput = max;
        this.resistance = lif.resistance();
        this.unit = unit;
    }

    /**
     * The smallest theta at which no neuron fires (every input below the first threshold): the empty file. Infinite
     * for an image whose inputs are all zero.
     */
    double emptyTheta() {
        return maxInput > 0 ? maxInput * resistance / unitThreshold(1) : Double.POSITIVE_INFINITY;
    }

    /** Estimated bytes of the counts at {@code theta}: zero at and above {@link #emptyTheta()}. */
    double bytes(double theta) {
        double scale = resistance / theta; // count(u) = #{k : c_k <= u * scale}
        double bits = 0;
        for (int i = 0; i < sortedInputs.size(); i++) bits += bandBits(sortedInputs.get(i), scale) * weights.get(i);
        return bits / 8;
    }

    /**
     * Entropy of one band's counts, plus sign bits. The inputs are sorted ascending, so each count is one run; its end
     * is found by binary search for the first input reaching the next threshold (a band has at most a few dozen
     * distinct counts and up to {@link #SAMPLES_PER_BAND} inputs; this runs once per theta the search tries). The runs
     * are summed in ascending count order, as a scan of the inputs would meet them.
     */
    private double bandBits(float[] u, double scale) {
        double[] c = thresholdsUpTo(u[u.length - 1] * scale);
        int n = u.length;
        double bits = 0;
        for (int k = 0, start = 0; start < n; k++) {
            int end = k < c.length ? firstReaching(u, start, n, c[k], scale) : n;
            bits += runBits(end - start, k, n);
            start = end;
        }
        return bits;
    }

    /** The first index in {@code [from, to)} whose input fires at least once more at {@code threshold} ({@code to} if none). */
    private static int firstReaching(float[] u, int from, int to, double threshold, double scale) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (threshold <= u[mid] * scale) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /** {@code run} of {@code n} neurons with the same count: their share of the entropy, and a sign bit each if they fire. */
    private static double runBits(int run, int count, int n) {
        if (run == 0) return 0;
        return -run * log2((double) run / n) + (count > 0 ? run : 0);
    }

    /** c_1..c_K with c_K above {@code v}, or every reachable one (saturation). */
    private double[] thresholdsUpTo(double v) {
        int reachable = unit.maxReachableCount();
        int have = unitThresholds.length;
        if ((have > 0 && unitThresholds[have - 1] > v) || have == reachable) return unitThresholds;
        int n = Math.max(16, have);
        while (n < reachable && unitThreshold(n) <= v) n = (int) Math.min((long) n * 2, reachable);
        double[] t = Arrays.copyOf(unitThresholds, n);
        for (int k = have; k < n; k++) t[k] = unitThreshold(k + 1);
        unitThresholds = t;
        return t;
    }

    /** c_k (k >= 1, at most the reachable count). */
    private double unitThreshold(int k) {
        if (unit instanceof LifQuantizer closedForm) return closedForm.thresholdExact(k);
        if (k > steppedTable.length) steppedTable = unit.thresholds(Math.max(k, 2 * steppedTable.length));
        return steppedTable[k - 1];
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
