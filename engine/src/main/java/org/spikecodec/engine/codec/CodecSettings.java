package org.spikecodec.engine.codec;

import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;

/**
 * Everything that decides an encoding, besides the image.
 *
 * @param chromaGain gain of the chroma (Cb, Cr) neurons relative to luma; below 1 spends fewer bits on
 *                   colour, as the eye (and JPEG's 4:2:0 subsampling) does
 */
public record CodecSettings(TransformSpec transform, LifParameters lif, Reconstruction reconstruction, double chromaGain) {
    public static final int DEFAULT_DWT_LEVELS = 5;
    public static final double DEFAULT_CHROMA_GAIN = 1.0;

    public CodecSettings {
        if (!(chromaGain >= SpkHeader.MIN_CHANNEL_GAIN && chromaGain <= SpkHeader.MAX_CHANNEL_GAIN))
            throw new IllegalArgumentException("chroma gain must be in [" + SpkHeader.MIN_CHANNEL_GAIN + ", " + SpkHeader.MAX_CHANNEL_GAIN + "]: " + chromaGain);
        new LifQuantizer(lif); // parameters whose decision table leaves the float range are refused now, not after the analysis
    }

    public static CodecSettings defaults() {
        return new CodecSettings(new TransformSpec.Dwt(DEFAULT_DWT_LEVELS), LifParameters.defaults(), Reconstruction.MIDPOINT, DEFAULT_CHROMA_GAIN);
    }

    public CodecSettings withLif(LifParameters p) { return new CodecSettings(transform, p, reconstruction, chromaGain); }

    public CodecSettings withTransform(TransformSpec t) { return new CodecSettings(t, lif, reconstruction, chromaGain); }
}
