package org.spikecodec.evaluator.codecs;

import java.io.IOException;

/**
 * Bisection on a codec's monotone quality knob for the setting whose payload is closest to a target.
 * Baseline codecs cannot hit a rate exactly (their knob is discrete or coarse), so the closest is reported
 * with its real size, never the target.
 */
final class QualitySearch {
    private QualitySearch() {}

    interface Trial { RateCodec.Compressed at(double knob) throws IOException; }

    /**
     * @param increasing whether the payload grows with the knob (JPEG quality) or shrinks (a compression ratio)
     */
    static RateCodec.Compressed closest(double lo, double hi, int steps, double targetBytes, boolean increasing, Trial trial) throws IOException {
        RateCodec.Compressed best = null;
        for (int i = 0; i < steps && hi - lo > 1e-4; i++) {
            double mid = (lo + hi) / 2;
            RateCodec.Compressed c = trial.at(mid);
            best = closer(best, c, targetBytes);
            if ((c.payloadBytes() > targetBytes) == increasing) hi = mid; else lo = mid;
        }
        for (double end : new double[] {lo, hi}) best = closer(best, trial.at(end), targetBytes);
        return best;
    }

    private static RateCodec.Compressed closer(RateCodec.Compressed a, RateCodec.Compressed b, double target) {
        if (a == null) return b;
        return Math.abs(b.payloadBytes() - target) < Math.abs(a.payloadBytes() - target) ? b : a;
    }
}
