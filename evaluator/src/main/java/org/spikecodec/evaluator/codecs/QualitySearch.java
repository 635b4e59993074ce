package org.spikecodec.evaluator.codecs;

import java.io.IOException;

/**
 * Bisection on a codec's monotone quality knob for the setting whose payload is closest to a target.
 * Baseline codecs cannot hit a rate exactly (their knob is discrete or coarse), so the closest is reported
 * with its real size, never the target.
 */
final class QualitySearch {
    private QualitySearch() {}

    /** One encoding at a knob value; null when the codec refuses that value. */
    interface Trial { RateCodec.Compressed at(double knob) throws IOException; }

    /**
     * @param increasing whether the payload grows with the knob (JPEG quality) or shrinks (a compression ratio)
     */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial) throws IOException {
        RateCodec.Compressed best = null;
        for (int i = 0; i < steps && hi - lo > 1e-4; i++) {
            double mid = (lo + hi) / 2;
            RateCodec.Compressed c = trial.at(mid);
            if (c == null) { // the codec refused the setting (a rate below its own header): move towards more bits
                if (increasing) lo = mid; else hi = mid;
                continue;
            }
            best = closer(best, c, targetBytes);
            if ((c.payloadBytes() > targetBytes) == increasing) hi = mid; else lo = mid;
        }
        for (double end : new double[] {lo, hi}) best = closer(best, trial.at(end), targetBytes);
        if (best == null) throw new IOException("no setting of the codec reaches " + Math.round(targetBytes) + " bytes");
        return best;
    }

    private static RateCodec.Compressed closer(RateCodec.Compressed a, RateCodec.Compressed b, double target) {
        if (b == null) return a;
        if (a == null) return b;
        return Math.abs(b.payloadBytes() - target) < Math.abs(a.payloadBytes() - target) ? b : a;
    }
}
