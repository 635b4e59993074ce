package org.spikecodec.engine.codec;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.entropy.CountRowSink;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.lif.SpikeCountQuantizer;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.kernels.cpu.LifThresholding;

/**
 * The read-out of the rows the entropy decoder streams ({@link CountRowSink}): each row's coefficients go into their
 * place in the plane the front end inverts, while the row is still in the decoder's cache. A separate read-out would
 * need the counts in arrays of their own: zeroed, filled, read back (three passes over 48 MB for a 4 MP colour image;
 * for the bands that are parents, whose arrays the decoder keeps anyway, the pass that read them back cost 2-5% of a
 * decode's CPU).
 *
 * <p>The values are those of {@link org.spikecodec.kernels.ComputeBackend#lifReadoutRows} on the cpu backend, bit for
 * bit: the same level table ({@link LifQuantizer#levels}, whose entries do not depend on its length), divided by the
 * gain once per entry ({@link LifThresholding#signedScaledLevels}). A new plane starts at +0.0, so a run of zero counts
 * (most of a photo's finest bands) is skipped where a zero count reads out as +0.0; a reused one gets the run filled.
 */
final class RowReadout implements CountRowSink {
    /** Counts tested for zero at once: one chunk of the entropy coder. */
    private static final int RUN = 16;
    /** A band's first table covers counts up to this, so that few bands need a second. */
    private static final int MIN_TABLE = 15;

    private final SpikeCountQuantizer quantizer;
    private final Reconstruction reconstruction;
    private final List<BandShape> layout;
    private final List<BandSideInfo> sides;
    private final float channelGain;
    private final float[] plane;
    /** The plane starts all +0.0 (a new array): runs of zero counts that read out as +0.0 need no writing. */
    private final boolean zeroed;
    private final int[] offsets;
    private final int stride;
    /** Per band: the signed, gain-divided levels, grown as larger counts arrive (rows of a band come from several threads). */
    private final AtomicReferenceArray<float[]> tables;

    RowReadout(SpikeCountQuantizer quantizer, Reconstruction reconstruction, List<BandShape> layout, List<BandSideInfo> sides,
                float channelGain, float[] plane, boolean zeroed, int[] offsets, int stride) {
        this.quantizer = quantizer;
        this.reconstruction = reconstruction;
        this.layout = layout;
        this.sides = sides;
        this.channelGain = channelGain;
        this.plane = plane;
        this.zeroed = zeroed;
        this.offsets = offsets;
        this.stride = stride;
        this.tables = new AtomicReferenceArray<>(layout.size());
    }

    @Override
    public void row(int band, int y, int[] counts, int from, int width, int maxMagnitude) throws InvalidInputException {
        int reachable = quantizer.maxReachableCount();
        if (maxMagnitude > reachable) throw SpikeDecoder.unreachableCount(maxMagnitude, layout.get(band), reachable);
        float[] signed = table(band, maxMagnitude, reachable);
        int zero = signed.length >> 1; // the entry of count 0; count k is at zero + k
        float zeroLevel = signed[zero];
        boolean skipZeros = zeroed && Float.floatToRawIntBits(zeroLevel) == 0;
        int at = offsets[band] + y * stride - from;
        for (int i = from, end = from + width; i < end; ) {
            int stop = Math.min(end, i + RUN);
            int any = 0;
            for (int j = i; j < stop; j++) any |= counts[j];
            if (any != 0) for (int j = i; j < stop; j++) plane[at + j] = signed[zero + counts[j]];
            else if (!skipZeros) Arrays.fill(plane, at + i, at + stop, zeroLevel); // a plane with an earlier image in it
            i = stop;
        }
    }

    /** Band {@code b}'s table, covering counts up to at least {@code max} (at most {@code reachable}). */
    private float[] table(int b, int max, int reachable) {
        float[] t = tables.get(b);
        if (t != null && (t.length >> 1) >= max) return t;
        int have = t == null ? 0 : t.length >> 1;
        // Doubling, so that a band grows its table a few times at most; threads that race compute the same table.
        int k = (int) Math.min(reachable, Math.max(max, Math.max(MIN_TABLE, 2L * have)));
        float[] levels = SpikeDecoder.levels(quantizer, k, reconstruction, sides.get(b));
        float[] grown = LifThresholding.signedScaledLevels(levels, SpikeEncoder.neuronGain(layout.get(b), channelGain));
        tables.accumulateAndGet(b, grown, (old, fresh) -> old != null && old.length >= fresh.length ? old : fresh);
        return grown;
    }
}
