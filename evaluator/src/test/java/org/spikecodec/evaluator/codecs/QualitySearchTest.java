package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.Random;
import java.util.function.DoubleToLongFunction;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/** The cached, early-stopping search chooses what the plain bisection chooses, with fewer encodings. */
class QualitySearchTest {
    private static final Image ONE = new Image(1, 1, ColorModel.GREY, new float[][] {{0}});

    /** The search as it was before the cache: every trial encodes, the two ends are re-tried. */
    static double plain(double lo, double hi, int steps, double target, boolean increasing, DoubleToLongFunction size) {
        Double best = null;
        for (int i = 0; i < steps && hi - lo > 1e-4; i++) {
            double mid = (lo + hi) / 2;
            long s = size.applyAsLong(mid);
            if (s < 0) { if (increasing) lo = mid; else hi = mid; continue; }
            best = closer(best, mid, target, size);
            if ((s > target) == increasing) hi = mid; else lo = mid;
        }
        for (double end : new double[] {lo, hi}) if (size.applyAsLong(end) >= 0) best = closer(best, end, target, size);
        return best;
    }

    private static Double closer(Double a, double b, double target, DoubleToLongFunction size) {
        if (a == null) return b;
        return Math.abs(size.applyAsLong(b) - target) < Math.abs(size.applyAsLong(a) - target) ? b : a;
    }

    private static QualitySearch.Trial trial(DoubleToLongFunction size, int[] encodes) {
        return knob -> {
            encodes[0]++;
            long s = size.applyAsLong(knob);
            if (s < 0) return null; // refused
            return new QualitySearch.Lazy(s) {
                @Override RateCodec.Compressed decodeNow() { return new RateCodec.Compressed(ONE, s + 10, s, Double.toString(knob)); }
            };
        };
    }

    @Test
    void sameChoiceAsThePlainBisectionWithFewerEncodings() throws IOException {
        Random rnd = new Random(7);
        for (int f = 0; f < 40; f++) {
            // A staircase payload with noise (not monotone, like optimised Huffman tables on tiny images), refused below a knob.
            double scale = 20 + rnd.nextDouble() * 500, noise = rnd.nextDouble() * 3, refuse = rnd.nextDouble() * 0.1;
            long seed = rnd.nextLong();
            DoubleToLongFunction size = k -> k < refuse ? -1
                    : Math.max(0, Math.round(scale * k * k + noise * new Random(seed ^ Double.doubleToLongBits(k)).nextGaussian()));
            int[] cached = {0}, uncached = {0};
            QualitySearch.Cache cache = new QualitySearch.Cache();
            double[] targets = {1, 3.3, 7.5, 12, 20.49, 33, 50, 80, 120, 170, 0.4 * scale, 0.41 * scale};
            for (double t : targets) {
                double want = plain(0, 1, 14, t, true, size);
                RateCodec.Compressed got = QualitySearch.closest(0, 1, 14, t, true, trial(size, cached), cache);
                assertEquals(Double.toString(want), got.setting(), "target " + t);
                assertEquals(Double.toString(want), QualitySearch.closest(0, 1, 14, t, true, trial(size, uncached)).setting());
            }
            assertEquals(cached[0], cache.encodings());
            assertTrue(cached[0] < uncached[0], cached[0] + " encodings with the cache, " + uncached[0] + " without");
            assertTrue(uncached[0] < targets.length * 16, "the early stop saves encodings too: " + uncached[0]);
        }
    }

    @Test
    void decreasingKnobToo() throws IOException {
        DoubleToLongFunction size = k -> Math.round(4000 / Math.exp(k)); // a compression ratio on log scale
        QualitySearch.Cache cache = new QualitySearch.Cache();
        for (double t : new double[] {3, 10.5, 40, 41, 900}) {
            double want = plain(Math.log(1.01), Math.log(4000), 16, t, false, size);
            assertEquals(Double.toString(want), QualitySearch.closest(Math.log(1.01), Math.log(4000), 16, t, false, trial(size, new int[1]), cache).setting());
        }
    }
}
