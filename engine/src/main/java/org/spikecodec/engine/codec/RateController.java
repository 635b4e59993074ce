package org.spikecodec.engine.codec;

import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;

/**
 * Finds the LIF threshold theta that makes the {@code .spk} file hit a target bitrate.
 *
 * <p>Why theta: every decision threshold I_k is proportional to theta / R, so theta scales all quantizer
 * cells together while tau, T and Delta keep their shape (the dead-zone width relative to a cell, the
 * non-uniformity, the saturation count). The file size falls monotonically (up to entropy-coder noise)
 * as theta grows. The search ({@link ThetaSearch}) aims theta with a curve of the sizes measured so far
 * shaped by a cheap estimate of the counts' entropy, until the file is within {@link #AIM} of the target.
 * The file is measured for real at every step: the rate is the file.
 */
public final class RateController {
    /** Stop as soon as the file is this close to the target. */
    public static final double AIM = 0.01;
    /** The promise made to users: within 3% of the target file size. */
    public static final double TOLERANCE = 0.03;

    /** What the target rate counts: the whole file (the default), or the coded spikes alone. */
    public enum Measure {
        FILE, PAYLOAD;
        long of(SpikeEncoder.Encoded e) { return this == FILE ? e.file().length : e.payloadBytes(); }
    }

    /**
     * A target no threshold reaches with these LIF parameters: below the file without any spike, or above the rate at
     * which every neuron already codes its input almost exactly. It carries the numbers, so that a caller words the
     * remedy in its own terms (the command line names {@code --bpp}).
     */
    public static final class UnreachableRate extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** Which side of the reachable rates the target fell on. */
        public enum Side { BELOW_SMALLEST, ABOVE_HIGHEST }

        private final transient SpikeEncoder.Encoded nearest;
        private final Side side;
        private final double targetBpp, nearestBpp;

        UnreachableRate(Side side, double targetBpp, double nearestBpp, SpikeEncoder.Encoded nearest) {
            super(side == Side.BELOW_SMALLEST
                    ? String.format("target %.4f bpp is below the smallest file this image gives (%.4f bpp with no spikes at all)", targetBpp, nearestBpp)
                    : String.format("target %.4f bpp is above the highest rate this image reaches with these LIF parameters "
                            + "(%.4f bpp: every neuron already codes its input almost exactly)", targetBpp, nearestBpp));
            this.side = side;
            this.targetBpp = targetBpp;
            this.nearestBpp = nearestBpp;
            this.nearest = nearest;
        }

        public Side side() { return side; }
        public double targetBpp() { return targetBpp; }
        /** The rate of {@link #nearest()}, as the search measures it. */
        public double nearestBpp() { return nearestBpp; }
        /** The encoding nearest the target: the empty file, or the largest one found. */
        public SpikeEncoder.Encoded nearest() { return nearest; }
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

    /** @param encoded the encoding found; {@code steps} encodings were computed for it. */
    public record Result(SpikeEncoder.Encoded encoded, int steps, double targetBpp) {
        /** Relative error of the whole file's rate against the target. */
        public double relativeError() { return encoded.stats().bpp() / targetBpp - 1; }
    }

    /**
     * One target, within {@link #AIM}.
     *
     * @param base LIF parameters whose tau, R, T and Delta are kept; theta is searched
     * @throws IllegalArgumentException when the target is not a positive rate, or ({@link UnreachableRate}) below the
     *         smallest file this image can give or above the highest rate it reaches
     */
    public Result encodeToBpp(SpikeEncoder.Analysis a, double targetBpp, LifParameters base, Reconstruction rec, double chromaGain) {
        return search(a, base, rec, chromaGain).encodeToBpp(targetBpp, AIM);
    }

    /**
     * A search for several targets of one image: each reuses the encodings, and the curve they trace, of the others,
     * so that after the first target or two most cost one encoding.
     */
    public ThetaSearch search(SpikeEncoder.Analysis a, LifParameters base, Reconstruction rec, double chromaGain) {
        return new ThetaSearch(encoder, measure, a, base, rec, chromaGain);
    }
}
