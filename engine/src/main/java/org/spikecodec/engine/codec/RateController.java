package org.spikecodec.engine.codec;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;

/**
 * Finds the LIF threshold theta that makes the {@code .spk} file hit a target bitrate.
 *
 * <p>Why theta: every decision threshold I_k is proportional to theta / R, so theta scales all quantizer
 * cells together while tau, T and Delta keep their shape (the dead-zone width relative to a cell, the
 * non-uniformity, the saturation count). The file size falls monotonically (up to entropy-coder noise)
 * as theta grows, so the search brackets the target on log(theta), then narrows it by regula falsi on
 * (log theta, log size) with the Illinois correction, falling back to bisection, until the size is
 * within {@link #AIM} of the target. The file is measured for real at every step: the rate is the file.
 */
public final class RateController {
    /** Stop as soon as the file is this close to the target. */
    public static final double AIM = 0.01;
    /** The promise made to users: within 3% of the target file size. */
    public static final double TOLERANCE = 0.03;
    private static final int MAX_STEPS = 60;
    private static final Logger log = LoggerFactory.getLogger(RateController.class);

    /** What the target rate counts: the whole file (the default), or the coded spikes alone. */
    public enum Measure {
        FILE, PAYLOAD;
        long of(SpikeEncoder.Encoded e) { return this == FILE ? e.file().length : e.payloadBytes(); }
    }

    private final SpikeEncoder encoder;
    private final Measure measure;

    public RateController(SpikeEncoder encoder) { this(encoder, Measure.FILE); }

    /**
     * @param measure {@link Measure#PAYLOAD} for images so small (28x28) that the ~80 bytes of header and framing
     *                would dominate the file: rates are then compared on the coded data, as for the other codecs
     */
    public RateController(SpikeEncoder encoder, Measure measure) {
        this.encoder = encoder;
        this.measure = measure;
    }

    /** @param encoded the encoding found; {@code steps} encodings were tried. */
    public record Result(SpikeEncoder.Encoded encoded, int steps, double targetBpp) {
        /** Relative error of the whole file's rate against the target. */
        public double relativeError() { return encoded.stats().bpp() / targetBpp - 1; }
    }

    /**
     * @param base LIF parameters whose tau, R, T and Delta are kept; theta is searched (its value is the start)
     * @throws IllegalArgumentException when the target is below the smallest file this image can give
     */
    public Result encodeToBpp(SpikeEncoder.Analysis a, double targetBpp, LifParameters base, Reconstruction rec, double chromaGain) {
        return encodeToBpp(a, targetBpp, base, rec, chromaGain, null);
    }

    /**
     * As {@link #encodeToBpp(SpikeEncoder.Analysis, double, LifParameters, Reconstruction, double)}, reusing earlier
     * encodings of the same analysis: searches for several targets of one image start from the same theta and
     * bracket on the same grid of thetas, so they share trials. The result is the one found without {@code memo}.
     *
     * @param memo encodings of {@code a} with these {@code rec} and {@code chromaGain}, by their LIF parameters:
     *             read and extended; null for none
     */
    public Result encodeToBpp(SpikeEncoder.Analysis a, double targetBpp, LifParameters base, Reconstruction rec, double chromaGain,
                              Map<LifParameters, SpikeEncoder.Encoded> memo) {
        if (!(targetBpp > 0) || Double.isInfinite(targetBpp)) throw new IllegalArgumentException("--bpp must be > 0, got " + targetBpp);
        double target = targetBpp * a.pixels() / 8;
        // No whole number of bytes is closer to the target: once reached, no later trial can be better.
        double floor = Math.abs(target - Math.rint(target));
        int steps = 0;
        double lo = Math.log(base.threshold()), hi = lo; // log theta: size(lo) >= target >= size(hi)
        SpikeEncoder.Encoded eLo = quantize(a, base, rec, chromaGain, memo), eHi = eLo;
        steps++;
        SpikeEncoder.Encoded best = eLo;
        if (close(eLo, target, AIM)) return new Result(eLo, steps, targetBpp);
        // Bracket: move theta by factors of 4 until the size crosses the target.
        boolean tooBig = size(eLo) > target;
        int stalled = 0; // steps towards a higher rate that did not raise it: the rate has saturated
        long lastSize = size(eLo);
        while (steps < MAX_STEPS) {
            double next = tooBig ? hi + Math.log(4) : lo - Math.log(4);
            SpikeEncoder.Encoded e = tryTheta(a, base, next, rec, chromaGain, memo);
            steps++;
            if (e == null) break; // theta left the float range: no further to go
            if (!tooBig) {
                stalled = size(e) <= lastSize * 1.001 ? stalled + 1 : 0;
                lastSize = size(e);
                if (stalled >= 3)
                    throw new IllegalArgumentException(String.format("target %.4f bpp is above the highest rate this image reaches with "
                            + "these LIF parameters (%.4f bpp: every neuron already codes its input almost exactly); ask for a lower --bpp",
                            targetBpp, size(e) * 8.0 / a.pixels()));
            }
            best = better(best, e, target);
            if (close(e, target, AIM)) return new Result(e, steps, targetBpp);
            if (tooBig) {
                if (size(e) > target) { hi = next; eHi = e; lo = next; eLo = e; }
                else { hi = next; eHi = e; break; }
            } else {
                if (size(e) < target) { lo = next; eLo = e; hi = next; eHi = e; }
                else { lo = next; eLo = e; break; }
            }
        }
        if (!(size(eLo) >= target && size(eHi) <= target)) {
            if (size(eHi) > target)
                throw new IllegalArgumentException(String.format("target %.4f bpp is below the smallest file this image gives (%.4f bpp "
                        + "with no spikes at all); ask for a higher --bpp", targetBpp, size(eHi) * 8.0 / a.pixels()));
            return finish(best, steps, targetBpp, target);
        }
        // Narrow: regula falsi on (log theta, log size) with the Illinois trick, bisection when it stalls.
        double yLo = Math.log(size(eLo) / target), yHi = Math.log(size(eHi) / target);
        int side = 0;
        while (steps < MAX_STEPS && hi - lo > 1e-9) {
            double x = (yLo - yHi) > 1e-12 ? lo + (hi - lo) * yLo / (yLo - yHi) : (lo + hi) / 2;
            if (!(x > lo && x < hi) || steps % 4 == 3) x = (lo + hi) / 2; // guard, and a bisection now and then
            SpikeEncoder.Encoded e = tryTheta(a, base, x, rec, chromaGain, memo);
            steps++;
            if (e == null) break;
            best = better(best, e, target);
            if (close(e, target, AIM)) return new Result(e, steps, targetBpp);
            if (Math.abs(size(best) - target) <= floor) break; // whole bytes allow no closer file
            double y = Math.log(size(e) / target);
            if (y > 0) { lo = x; yLo = y; if (side == 1) yHi /= 2; side = 1; }
            else { hi = x; yHi = y; if (side == -1) yLo /= 2; side = -1; }
        }
        return finish(best, steps, targetBpp, target);
    }

    private Result finish(SpikeEncoder.Encoded best, int steps, double targetBpp, double target) {
        // Tiny images (28x28: 10 bytes at 0.1 bpp) cannot land within 3% in whole bytes; that is not worth a warning.
        if (!close(best, target, TOLERANCE) && Math.abs(size(best) - target) > 2)
            log.warn("rate control: closest file is {} bytes for a target of {} bytes ({}% off): the rate jumps there; "
                    + "try another --window or --tau", size(best), Math.round(target), Math.round((size(best) / target - 1) * 1000) / 10.0);
        return new Result(best, steps, targetBpp);
    }

    private SpikeEncoder.Encoded quantize(SpikeEncoder.Analysis a, LifParameters lif, Reconstruction rec, double chromaGain,
                                          Map<LifParameters, SpikeEncoder.Encoded> memo) {
        if (memo == null) return encoder.quantize(a, lif, rec, chromaGain);
        SpikeEncoder.Encoded e = memo.get(lif);
        if (e == null) {
            e = encoder.quantize(a, lif, rec, chromaGain);
            memo.put(lif, e);
        }
        return e;
    }

    private SpikeEncoder.Encoded tryTheta(SpikeEncoder.Analysis a, LifParameters base, double logTheta, Reconstruction rec, double chromaGain,
                                          Map<LifParameters, SpikeEncoder.Encoded> memo) {
        double theta = Math.exp(logTheta);
        try {
            return quantize(a, base.withThreshold(theta), rec, chromaGain, memo);
        } catch (IllegalArgumentException e) {
            return null; // theta so extreme the thresholds leave the float range
        }
    }

    private long size(SpikeEncoder.Encoded e) { return measure.of(e); }

    private boolean close(SpikeEncoder.Encoded e, double target, double tol) {
        return Math.abs(size(e) - target) <= tol * target;
    }

    private SpikeEncoder.Encoded better(SpikeEncoder.Encoded a, SpikeEncoder.Encoded b, double target) {
        return Math.abs(size(b) - target) < Math.abs(size(a) - target) ? b : a;
    }
}
