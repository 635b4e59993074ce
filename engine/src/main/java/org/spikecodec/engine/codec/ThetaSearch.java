package org.spikecodec.engine.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.FrontEnds;

/**
 * The rate search of one image: the LIF threshold theta whose encoding meets a target size, for as many targets as
 * the caller asks, each reusing every encoding made so far. Not thread-safe.
 *
 * <p>How it aims: the size falls monotonically (up to coder noise) as theta grows. Every encoding adds a point to the
 * image's {@link RateCurve} on x = log theta, whose prior is the first-order entropy of the counts
 * ({@link CountEntropyEstimate}, computed from a sorted sample of the neuron inputs in a fraction of an encoding's
 * time); the curve predicts theta from the measured points around the target, so after the first target or two
 * most targets take one encoding. Where the target is not yet enclosed by measured points the step is at most a
 * factor of 4 on theta; inside an enclosure the prediction is safeguarded by bisection when the enclosure stops
 * halving. A target already met by an earlier encoding costs none.
 */
public final class ThetaSearch {
    private static final Logger log = LoggerFactory.getLogger(ThetaSearch.class);
    private static final int MAX_STEPS = 60;
    /** Largest move on log theta towards a target no measured point lies beyond. */
    private static final double STEP_LIMIT = Math.log(4);
    /** How far below the empty-file theta the first prediction looks: the strongest neuron fires up to 2^16 times. */
    private static final double FIRST_RANGE = 16 * Math.log(2);
    /**
     * Coded size over the estimate, assumed before the first encoding: measured 1.0 at 0.05 bpp falling to 0.8 at 2 bpp
     * on photos with the wavelet (the context coder gains more at high rates), 0.15 to 0.45 with the retina filter.
     */
    private static final double FIRST_RATIO = 0.9;
    /** Narrowest enclosure worth splitting (log theta): on tiny images the size jumps by whole bytes there. */
    private static final double MIN_WIDTH = 1e-3;
    /** Theta this much above the empty-file estimate surely leaves every neuron silent in float arithmetic too. */
    private static final double EMPTY_MARGIN = 1e-3;

    private final SpikeEncoder encoder;
    private final RateController.Measure measure;
    private final SpikeEncoder.Analysis analysis;
    private final LifParameters base;
    private final Reconstruction rec;
    private final double chromaGain;
    private final RateCurve curve;
    /** log theta at which no neuron fires; positive infinity when none ever does (all inputs zero). */
    private final double emptyX;
    private final TreeMap<Double, SpikeEncoder.Encoded> encoded = new TreeMap<>();

    ThetaSearch(SpikeEncoder encoder, RateController.Measure measure, SpikeEncoder.Analysis analysis, LifParameters base,
                Reconstruction rec, double chromaGain) {
        this.encoder = encoder;
        this.measure = measure;
        this.analysis = analysis;
        this.base = base;
        this.rec = rec;
        this.chromaGain = chromaGain;
        CountEntropyEstimate estimate = new CountEntropyEstimate(analysis, base, chromaGain,
                SpikeEncoder.quantizer(FrontEnds.create(analysis.transform(), encoder.backend()), base.withThreshold(base.resistance())));
        this.emptyX = Math.log(estimate.emptyTheta()) + EMPTY_MARGIN;
        this.curve = new RateCurve(x -> Math.log(estimate.bytes(Math.exp(x))), Math.log(FIRST_RATIO));
    }

    /** Encodings computed so far (for every target together). */
    public int encodings() { return encoded.size(); }

    /**
     * The encoding whose size (file or payload, as the controller measures) is within {@code tolerance} of the target,
     * or else the closest one found; earlier encodings count, so a target near an earlier one may cost nothing.
     *
     * @param tolerance relative, e.g. 0.02 for 2%
     * @throws RateController.UnreachableRate when the target is below the empty file or above the highest rate this
     *         image reaches with these LIF parameters
     */
    public RateController.Result encodeToBpp(double targetBpp, double tolerance) {
        if (!(targetBpp > 0) || Double.isInfinite(targetBpp)) throw new IllegalArgumentException("target rate must be > 0 bpp, got " + targetBpp);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        double target = targetBpp * analysis.pixels() / 8;
        SpikeEncoder.Encoded best = null;
        for (SpikeEncoder.Encoded e : encoded.values()) best = closer(best, e, target);
        if (best != null && done(best, target, tolerance)) return new RateController.Result(best, 0, targetBpp);
        if (emptyX == Double.POSITIVE_INFINITY) return onlyFile(targetBpp, target, tolerance);
        Deque<Double> widths = new ArrayDeque<>(); // widths of the enclosures of this target, latest first
        int steps = 0, stalled = 0;
        // A step towards a target not yet enclosed that covered less than half the way (in log size) makes the next
        // one go at least twice as far: a curve bending away from its prediction is still enclosed in a few steps.
        double minStep = 0;
        while (steps < MAX_STEPS) {
            RateCurve.Bracket br = curve.bracket(target);
            if (br.hi() == Double.POSITIVE_INFINITY && br.lo() >= emptyX) throw belowEmpty(targetBpp, encoded.get(br.lo()));
            double x, from = Double.NaN; // from: the measured end stepped away from, when the target is not enclosed
            if (br.closed()) {
                double w = br.hi() - br.lo();
                if (w < MIN_WIDTH) break; // the size jumps over the target between two thresholds this close
                widths.push(w);
                boolean halving = widths.size() < 3 || w <= 0.5 * widths.stream().skip(2).findFirst().orElseThrow();
                x = halving ? curve.predict(target, br.lo(), br.hi()) : (br.lo() + br.hi()) / 2;
                if (!(x > br.lo() && x < br.hi())) x = (br.lo() + br.hi()) / 2;
            } else if (curve.size() == 0) {
                x = curve.predict(target, emptyX - FIRST_RANGE, emptyX);
            } else if (br.lo() == Double.NEGATIVE_INFINITY) { // every file so far is smaller: lower theta
                from = br.hi();
                x = Math.min(curve.predict(target, from - STEP_LIMIT, from), from - minStep);
                // A curve that sees no way down predicts the end itself: step the full limit instead of standing still.
                if (!(x < from)) x = from - STEP_LIMIT;
            } else { // every file so far is larger: raise theta, no further than the empty file
                from = br.lo();
                double limit = Math.min(from + STEP_LIMIT, emptyX);
                x = Math.min(Math.max(curve.predict(target, from, limit), from + minStep), limit);
                // Likewise (seen on a 16x16 crop whose first encoding, just below the empty file, held one spike: the
                // search re-read that encoding 60 times and returned it, 85 bytes for a target of 0.3).
                if (!(x > from)) x = limit;
            }
            long largestBefore = encoded.isEmpty() ? 0 : size(encoded.firstEntry().getValue());
            SpikeEncoder.Encoded e = encode(x);
            steps++;
            if (e == null) { // theta so small (or large) that the thresholds leave the float range: no further to go
                if (best == null) throw new IllegalArgumentException("no LIF threshold in the float range reaches " + targetBpp + " bpp");
                if (size(best) < target) throw aboveHighest(targetBpp, encoded.firstEntry().getValue());
                break;
            }
            best = closer(best, e, target);
            if (done(best, target, tolerance)) return new RateController.Result(best, steps, targetBpp);
            if (e.stats().spikes() == 0 && size(e) > target) throw belowEmpty(targetBpp, e);
            if (br.lo() == Double.NEGATIVE_INFINITY && largestBefore > 0) {
                // Lowering theta did not raise the size: every neuron already codes its input almost exactly.
                stalled = size(e) <= largestBefore * 1.001 ? stalled + 1 : 0;
                if (stalled >= 3) throw aboveHighest(targetBpp, e);
            }
            if (!Double.isNaN(from)) {
                double fromSize = size(encoded.get(from));
                boolean shortfall = Math.log(size(e) / fromSize) / Math.log(target / fromSize) < 0.5;
                minStep = shortfall ? Math.min(2 * Math.abs(x - from), STEP_LIMIT) : 0;
            }
        }
        return finish(best, steps, targetBpp, target);
    }

    /** All inputs zero (a flat image): every theta gives the same file. */
    private RateController.Result onlyFile(double targetBpp, double target, double tolerance) {
        SpikeEncoder.Encoded e = encode(Math.log(base.threshold()));
        if (done(e, target, tolerance)) return new RateController.Result(e, 1, targetBpp);
        throw size(e) > target ? belowEmpty(targetBpp, e) : aboveHighest(targetBpp, e);
    }

    private RateController.Result finish(SpikeEncoder.Encoded best, int steps, double targetBpp, double target) {
        // Tiny images (28x28: 10 bytes at 0.1 bpp) cannot land within 3% in whole bytes; that is not worth a warning.
        if (Math.abs(size(best) - target) > RateController.TOLERANCE * target && Math.abs(size(best) - target) > 2)
            log.warn("rate control: closest file is {} bytes for a target of {} bytes ({}% off): the rate jumps there; "
                    + "another window T or tau may land closer", size(best), Math.round(target), Math.round((size(best) / target - 1) * 1000) / 10.0);
        return new RateController.Result(best, steps, targetBpp);
    }

    /** The encoding at theta = exp(x), computed once; null when theta puts the thresholds outside the float range. */
    private SpikeEncoder.Encoded encode(double x) {
        SpikeEncoder.Encoded e = encoded.get(x);
        if (e != null) return e;
        try {
            e = encoder.quantize(analysis, base.withThreshold(Math.exp(x)), rec, chromaGain);
        } catch (IllegalArgumentException outOfRange) {
            return null;
        }
        // Kept for later targets, without the counts (4 bytes a neuron; the file has them).
        e = e.withCountsOnDemand(encoder.backend());
        encoded.put(x, e);
        curve.add(x, size(e));
        return e;
    }

    private RateController.UnreachableRate belowEmpty(double targetBpp, SpikeEncoder.Encoded empty) {
        return new RateController.UnreachableRate(RateController.UnreachableRate.Side.BELOW_SMALLEST, targetBpp, bpp(empty), empty);
    }

    private RateController.UnreachableRate aboveHighest(double targetBpp, SpikeEncoder.Encoded largest) {
        return new RateController.UnreachableRate(RateController.UnreachableRate.Side.ABOVE_HIGHEST, targetBpp, bpp(largest), largest);
    }

    private boolean done(SpikeEncoder.Encoded e, double target, double tolerance) {
        double off = Math.abs(size(e) - target);
        // Whole bytes allow nothing closer than the distance of the target to the nearest integer.
        return off <= tolerance * target || off <= Math.abs(target - Math.rint(target));
    }

    private SpikeEncoder.Encoded closer(SpikeEncoder.Encoded a, SpikeEncoder.Encoded b, double target) {
        if (a == null) return b;
        return Math.abs(size(b) - target) < Math.abs(size(a) - target) ? b : a;
    }

    private long size(SpikeEncoder.Encoded e) { return measure.of(e); }

    private double bpp(SpikeEncoder.Encoded e) { return size(e) * 8.0 / analysis.pixels(); }
}
