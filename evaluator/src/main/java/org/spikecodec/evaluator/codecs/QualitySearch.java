package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Bisection on a codec's monotone quality knob for the setting whose payload is closest to a target.
 * Baseline codecs cannot hit a rate exactly (their knob is discrete or coarse), so the closest is reported
 * with its real size, never the target.
 *
 * <p>Speed without changing the answer: a {@link Cache} (one per image session) remembers every knob already
 * encoded, so the searches for the other targets of the same image, which walk the same bisection tree from
 * the same bounds, and the two end points re-tried after the loop, cost nothing; only the chosen encoding is
 * decoded; and the search stops as soon as a payload is as close to the target as whole bytes allow, since no
 * later trial could replace it (only a strictly closer one does). The encoding chosen is the one the plain
 * bisection chooses.
 */
final class QualitySearch {
    private QualitySearch() {}

    /** One encoding, not decoded yet: the search needs only its payload size. */
    interface Encoding {
        long payloadBytes();

        /** The encoding decoded, with its sizes and setting (computed at most once). */
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

    /** Every knob value encoded so far for one image (one codec session), and how many encodings that took. */
    static final class Cache {
        private final Map<Double, Encoding> tried = new HashMap<>();
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
    }

    /** Without a cache: every trial encodes (the reference the cached search must agree with). */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial) throws IOException {
        return closest(lo, hi, steps, targetBytes, increasing, trial, new Cache());
    }

    /**
     * @param increasing whether the payload grows with the knob (JPEG quality) or shrinks (a compression ratio)
     * @param cache      the image's earlier trials, reused and extended
     */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial,
                                        Cache cache) throws IOException {
        return closest(new Knob(lo, hi, 0, increasing), steps, targetBytes, trial, cache);
    }

    static RateCodec.Compressed closest(Knob knob, int steps, double targetBytes, Trial trial, Cache cache) throws IOException {
        double lo = knob.lo(), hi = knob.hi();
        boolean increasing = knob.increasing();
        // No whole number of bytes is closer to the target than this: a trial at this distance is final.
        double floor = Math.abs(targetBytes - Math.rint(targetBytes));
        Encoding best = null;
        boolean done = false;
        for (int i = 0; i < steps && hi - lo > Math.max(1e-4, knob.step()) && !done; i++) {
            double mid = knob.snap((lo + hi) / 2);
            Encoding c = cache.at(mid, trial);
            if (c == null) { // the codec refused the setting (a rate below its own header): move towards more bits
                if (increasing) lo = mid; else hi = mid;
                continue;
            }
            best = closer(best, c, targetBytes);
            done = distance(best, targetBytes) <= floor;
            if ((c.payloadBytes() > targetBytes) == increasing) hi = mid; else lo = mid;
        }
        if (!done) for (double end : new double[] {lo, hi}) best = closer(best, cache.at(end, trial), targetBytes);
        if (best == null) throw new IOException("no setting of the codec reaches " + Math.round(targetBytes) + " bytes");
        return best.decode();
    }

    private static double distance(Encoding e, double target) { return Math.abs(e.payloadBytes() - target); }

    private static Encoding closer(Encoding a, Encoding b, double target) {
        if (b == null) return a;
        if (a == null) return b;
        return distance(b, target) < distance(a, target) ? b : a;
    }

    /** An {@link Encoding} over the coded bytes, decoded on first demand. */
    abstract static class Lazy implements Encoding {
        private final long payloadBytes;
        private RateCodec.Compressed decoded;

        Lazy(long payloadBytes) { this.payloadBytes = payloadBytes; }

        @Override public long payloadBytes() { return payloadBytes; }

        @Override public RateCodec.Compressed decode() throws IOException {
            if (decoded == null) decoded = decodeNow();
            return decoded;
        }

        abstract RateCodec.Compressed decodeNow() throws IOException;
    }
}
