package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The setting of a codec's monotone quality knob whose payload is closest to a target. Baseline codecs cannot hit a
 * rate exactly (their knob is discrete or coarse), so the closest is reported with its real size, never the target.
 *
 * <p>Few encodings, since an external encoder costs 50 to 300 ms a run: every encoding of the image so far (its
 * {@link Cache}, one per codec session, shared by the searches for all its target rates) is a candidate, and the
 * two nearest the target on either side bracket the search at once; inside the bracket the search interpolates on
 * (knob, log payload), which is close to linear for every codec here, with the Illinois rule (regula falsi that
 * halves the stale end's weight, so a curved payload cannot pin one end), and bisects only where an end is not yet
 * known or was refused. It stops as soon as a payload is within {@link #TOLERANCE} of the target (or as close as
 * whole bytes allow), or when no setting of the knob's grid lies strictly inside the bracket (then, for a monotone
 * payload, the closer end is the best setting there is). Only the chosen encoding is decoded.
 *
 * <p>The choice is the closest among the encodings tried, so it can depend on which targets the session searched
 * before (a cached encoding within the tolerance ends a search at once): the same requests in the same order give
 * the same encodings. The encodings tried are kept as their coded bytes; of the decodings only the latest
 * ({@link LastDecoded}).
 */
final class QualitySearch {
    private QualitySearch() {}

    /** One encoding, not decoded yet: the search needs only its payload size. */
    interface Encoding {
        long payloadBytes();

        /** The encoding decoded, with its sizes and setting (decoded again at each call). */
        RateCodec.Compressed decode() throws IOException;
    }

    /**
     * A codec's monotone rate knob: its range, its step ({@code 0} for a continuous knob; an integer knob such as
     * a quantizer has step 1, and every value is rounded to the step before the cache is asked, so that two
     * search points that round to the same setting cost one encoding) and whether the payload grows with it.
     */
    record Knob(double lo, double hi, double step, boolean increasing) {
        Knob {
            if (!(lo < hi) || !(step >= 0)) throw new IllegalArgumentException("knob range [" + lo + ", " + hi + "], step " + step);
        }

        /** {@code v} on the knob's grid, within its range. */
        double snap(double v) {
            double s = step == 0 ? v : lo + Math.rint((v - lo) / step) * step;
            return Math.max(lo, Math.min(hi, s));
        }
    }

    /** One encoding at a knob value; null when the codec refuses that value. */
    interface Trial { Encoding at(double knob) throws IOException; }

    /**
     * Every knob value encoded so far for one image (one codec session), how many encodings that took, and the
     * latest decoding.
     */
    static final class Cache {
        private final Map<Double, Encoding> tried = new TreeMap<>(); // in knob order: ties go the same way every time
        private final LastDecoded decoded = new LastDecoded();
        private long encodings;

        Encoding at(double knob, Trial trial) throws IOException {
            Double key = knob;
            if (tried.containsKey(key)) return tried.get(key);
            Encoding e = trial.at(knob);
            encodings++;
            tried.put(key, e);
            return e;
        }

        /** Encodings actually computed (cache misses). */
        long encodings() { return encodings; }

        /** {@code e} decoded, or the latest decoding when it was of {@code e}. */
        RateCodec.Compressed decode(Encoding e) throws IOException { return decoded.get(e, e::decode); }
    }

    /** Relative distance to the target payload at which a search stops: well below what separates codecs. */
    static final double TOLERANCE = 0.01;

    /** Without a cache: every trial encodes. */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial) throws IOException {
        return closest(lo, hi, steps, targetBytes, increasing, trial, new Cache());
    }

    /**
     * @param increasing whether the payload grows with the knob (JPEG quality) or shrinks (a compression ratio)
     * @param steps      new encodings this search may compute at most
     * @param cache      the image's earlier trials, reused and extended
     */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial,
                                        Cache cache) throws IOException {
        return closest(new Knob(lo, hi, 0, increasing), steps, targetBytes, trial, cache);
    }

    static RateCodec.Compressed closest(Knob knob, int steps, double targetBytes, Trial trial, Cache cache) throws IOException {
        // Close enough: within the tolerance, or as close as whole bytes allow.
        double enough = Math.max(TOLERANCE * targetBytes, Math.abs(targetBytes - Math.rint(targetBytes)));
        Bracket bracket = new Bracket(knob, targetBytes);
        Encoding best = null;
        for (Map.Entry<Double, Encoding> t : cache.tried.entrySet()) {
            if (t.getKey() < knob.lo() || t.getKey() > knob.hi()) continue;
            bracket.add(t.getKey(), t.getValue());
            best = closer(best, t.getValue(), targetBytes);
        }
        bracket.startSearch();
        for (int i = 0; i < steps && (best == null || distance(best, targetBytes) > enough); i++) {
            double x = bracket.next();
            if (Double.isNaN(x)) break; // no setting left between the ends: for a monotone payload the closer end is the best
            if (cache.tried.containsKey(x)) break; // tried and no nearer than the ends (a non-monotone payload): no progress left
            Encoding e = cache.at(x, trial);
            bracket.add(x, e);
            best = closer(best, e, targetBytes);
        }
        if (best == null) throw new IOException("no setting of the codec reaches " + Math.round(targetBytes) + " bytes");
        return cache.decode(best);
    }

    /**
     * The search's state: the nearest settings known below the target ({@code low}, too few bytes) and above it
     * ({@code high}), each with the one before it on its side for extrapolation, where {@code f} is the log of the
     * payload relative to the target and NaN marks an end that is only a bound of the knob or a refused setting.
     */
    private static final class Bracket {
        private final Knob knob;
        private final double target;
        private double lowK, lowF = Double.NaN, low2K = Double.NaN, low2F = Double.NaN;
        private double highK, highF = Double.NaN, high2K = Double.NaN, high2F = Double.NaN;
        private double lowW, highW; // the ends' f as weighted for interpolation (the Illinois rule halves a stale end's)
        private boolean lowBoundTried, highBoundTried;
        private boolean searching; // false while the cache is read in
        private int lastSide; // -1: the last trial replaced the low end, +1 the high end, 0 neither

        Bracket(Knob knob, double target) {
            this.knob = knob;
            this.target = target;
            lowK = knob.increasing() ? knob.lo() : knob.hi();
            highK = knob.increasing() ? knob.hi() : knob.lo();
        }

        /** From here on, trials are the search's own: the Illinois rule applies to them. */
        void startSearch() {
            searching = true;
            lastSide = 0;
        }

        /** A tried setting ({@code e} null: refused, which means too few bits there). */
        void add(double k, Encoding e) {
            if (k == lowK && Double.isNaN(lowF)) lowBoundTried = true;
            if (k == highK && Double.isNaN(highF)) highBoundTried = true;
            if (e == null) {
                if (Double.isNaN(lowF) && towardsMoreBits(lowK, k)) { lowK = k; lowBoundTried = true; }
                lastSide = 0;
                return;
            }
            double f = Math.log(Math.max(e.payloadBytes(), 0.5) / target);
            // A closer payload replaces an end, and so does an equal one nearer the other end (a plateau).
            if (f < 0 && (Double.isNaN(lowF) || f > lowF || f == lowF && towardsMoreBits(lowK, k))) {
                if (!Double.isNaN(lowF)) { low2K = lowK; low2F = lowF; }
                lowK = k;
                lowF = lowW = f;
                if (searching && lastSide == -1) highW /= 2; // Illinois: the stale end weighs less
                lastSide = -1;
            } else if (f >= 0 && (Double.isNaN(highF) || f < highF || f == highF && towardsMoreBits(k, highK))) {
                if (!Double.isNaN(highF)) { high2K = highK; high2F = highF; }
                highK = k;
                highF = highW = f;
                if (searching && lastSide == 1) lowW /= 2;
                lastSide = 1;
            } else {
                lastSide = 0; // farther than the ends already known (a non-monotone payload)
            }
        }

        /** The next setting to try, or NaN when none is left between the ends. */
        double next() {
            boolean lowKnown = !Double.isNaN(lowF), highKnown = !Double.isNaN(highF);
            double x;
            if (lowKnown && highKnown) {
                x = lowK - lowW * (highK - lowK) / (highW - lowW);
            } else if (lowKnown || highKnown) {
                // One side known: extrapolate its last two points towards the target (a little beyond, so as to
                // cross it); past the knob's other bound, try that bound; without two points, halfway.
                double k1 = lowKnown ? lowK : highK, f1 = lowKnown ? lowF : highF, k2 = lowKnown ? low2K : high2K, f2 = lowKnown ? low2F : high2F;
                double bound = lowKnown ? highK : lowK;
                boolean boundTried = lowKnown ? highBoundTried : lowBoundTried;
                double e = Double.isNaN(k2) || f1 == f2 ? Double.NaN : k1 - 1.25 * f1 * (k1 - k2) / (f1 - f2);
                if (Double.isNaN(e) || (e - k1) * (bound - k1) <= 0) x = (k1 + bound) / 2; // no usable slope
                else if ((e - bound) * (bound - k1) >= 0) {
                    if (!boundTried) return bound;
                    x = (k1 + bound) / 2;
                } else x = e;
            } else {
                x = (lowK + highK) / 2;
            }
            double v = inside(x);
            if (!Double.isNaN(v)) return v;
            // Nothing left between the ends: an end that is only a bound of the knob may still be the closest.
            if (Double.isNaN(lowF) && !lowBoundTried) return lowK;
            if (Double.isNaN(highF) && !highBoundTried) return highK;
            return Double.NaN;
        }

        /**
         * {@code x} on the knob's grid and strictly between the ends, kept a little away from them so that an
         * interpolation hugging one end still shrinks the bracket; NaN when no grid setting lies between.
         */
        private double inside(double x) {
            double lo = Math.min(lowK, highK), hi = Math.max(lowK, highK), margin = (hi - lo) / 64;
            if (knob.step() == 0) {
                if (hi - lo <= 1e-4 * (knob.hi() - knob.lo())) return Double.NaN;
                return Math.max(lo + margin, Math.min(hi - margin, x));
            }
            double v = knob.snap(Math.max(lo + margin, Math.min(hi - margin, x)));
            if (v <= lo) v = knob.snap(lo + knob.step());
            if (v >= hi) v = knob.snap(hi - knob.step());
            return v > lo && v < hi ? v : Double.NaN;
        }

        private boolean towardsMoreBits(double from, double to) {
            return knob.increasing() ? to > from : to < from;
        }
    }

    private static double distance(Encoding e, double target) { return Math.abs(e.payloadBytes() - target); }

    private static Encoding closer(Encoding a, Encoding b, double target) {
        if (b == null) return a;
        if (a == null) return b;
        return distance(b, target) < distance(a, target) ? b : a;
    }

    /**
     * An {@link Encoding} over the coded bytes, decoded on demand. It keeps no decoding: the cache keeps every
     * encoding of its session, and a decoded image per encoding is what ran a sweep of large photos out of heap.
     */
    abstract static class Lazy implements Encoding {
        private final long payloadBytes;

        Lazy(long payloadBytes) { this.payloadBytes = payloadBytes; }

        @Override public long payloadBytes() { return payloadBytes; }

        @Override public RateCodec.Compressed decode() throws IOException { return decodeNow(); }

        abstract RateCodec.Compressed decodeNow() throws IOException;
    }
}
