package org.spikecodec.engine.codec;

import java.util.Locale;
import org.spikecodec.engine.HeapBudget;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;

/**
 * The heap a decoding needs, known from the header before anything is allocated (the README's "Decoding memory"
 * table). With P pixels, C channels, K coefficients per channel (K = P for the wavelet and pixels, L P for a retina
 * filter of L layers) and B the largest band, in bytes:
 * <ul>
 *   <li>spike counts only ({@code info}): 4 K C (every channel's counts are held);</li>
 *   <li>one channel's work beside its output plane: 4 K of counts, each band's dropped once read out into coefficients
 *       (at most 4 K + 4 B together), plus for a retina filter 9 planes of conjugate-gradient vectors (36 P), and 6 more
 *       (24 P) for each retina of a scaled retina file beyond its first (its right-hand side, warm start and blur
 *       buffers, and the sum's scratch);</li>
 *   <li>a decoding: the C output planes (4 P each), one channel's work at a time (C at a time when the heap has room),
 *       and the 8-bit image it is written as with its encoded copy (2 C P).</li>
 * </ul>
 * A wavelet decoding needs 11 bytes per pixel in grey and 23 in colour (33 with the channels in parallel).
 *
 * @param pixels   P
 * @param channels C
 * @param coefficientsPerChannel K
 * @param largestBand B
 * @param cgPlanes planes of conjugate-gradient vectors and buffers the retina filter's inverse holds (0: none)
 */
public record DecodeMemory(long pixels, int channels, long coefficientsPerChannel, long largestBand, int cgPlanes) {
    /** Room for the JVM's own needs, the file, and the small buffers of the decoders. */
    static final long OVERHEAD_BYTES = 16L << 20;
    /** Planes of float vectors the conjugate-gradient solve holds beside its result. */
    static final int CG_PLANES = 9;
    /** Planes each retina of a scaled retina file adds beyond the first (ScaledRifFrontEnd). */
    static final int PLANES_PER_RETINA = 6;

    static DecodeMemory of(SpkValidation.Checked checked) {
        SpkHeader h = checked.header();
        long largest = 0;
        for (BandShape b : checked.layout()) largest = Math.max(largest, b.size());
        int planes = h.transform() instanceof TransformSpec.RifScaled r ? CG_PLANES + PLANES_PER_RETINA * (r.retinas() - 1)
                : h.transform() instanceof TransformSpec.Retina ? CG_PLANES : 0;
        return new DecodeMemory((long) h.width() * h.height(), h.channels(), checked.coefficientsPerChannel(), largest, planes);
    }

    /** Every channel's spike counts, as {@link SpikeDecoder#readSpikes} returns them. */
    public long countsBytes() { return 4 * coefficientsPerChannel * channels + OVERHEAD_BYTES; }

    /** One channel's decoding work, beyond its output plane. */
    long channelBytes() { return 4 * (coefficientsPerChannel + largestBand) + 4L * cgPlanes * pixels; }

    /** A whole decoding, with {@code concurrent} channels at a time, and the 8-bit image it is written as. */
    public long decodeBytes(int concurrent) {
        return 4 * pixels * channels + concurrent * channelBytes() + 2 * pixels * channels + OVERHEAD_BYTES;
    }

    /**
     * Refuses, before anything is allocated, work that needs more than the heap can give (see {@link HeapBudget}).
     *
     * @param what the work, e.g. "decoding"
     */
    public void require(long bytes, String what) throws InvalidInputException {
        HeapBudget.require(bytes, pixels, String.format(Locale.ROOT, "%s this %d-pixel %d-channel image", what, pixels, channels));
    }
}
