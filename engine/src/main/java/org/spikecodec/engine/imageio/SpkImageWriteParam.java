package org.spikecodec.engine.imageio;

import java.util.Locale;
import javax.imageio.ImageWriteParam;
import org.spikecodec.engine.codec.CodecSettings;

/**
 * How {@link SpkImageWriter} codes an image: the {@link CodecSettings} (front end, LIF parameters, read-out, chroma
 * gain; {@link CodecSettings#defaults()} unless set) and, optionally, a target rate.
 *
 * <p>The rate, in order of precedence:
 * <ol>
 *   <li>{@link #setTargetBitsPerPixel}: the LIF threshold is searched until the file is within 1% of that many bits
 *       per pixel (the settings' other LIF parameters are kept);</li>
 *   <li>else, in {@link #MODE_EXPLICIT} compression mode, the compression quality q in [0, 1] maps to a target of
 *       {@code 0.02 * 100^q} bits per pixel ({@link #bitsPerPixelForQuality}): 0 is 0.02 bpp, 0.5 is 0.2 bpp, 1 is
 *       2 bpp, the span over which the project compares codecs, evenly on a log scale;</li>
 *   <li>else the settings' LIF parameters are used as they are (the rate is what they give).</li>
 * </ol>
 */
public final class SpkImageWriteParam extends ImageWriteParam {
    /** The one compression type: Leaky Integrate-and-Fire neurons. */
    public static final String COMPRESSION_TYPE = "LIF";
    /** The quality of explicit mode until one is set, as JPEG's writer: 0.75, about 0.63 bpp. */
    public static final float DEFAULT_QUALITY = 0.75f;

    private CodecSettings settings = CodecSettings.defaults();
    private double targetBpp = Double.NaN;

    public SpkImageWriteParam(Locale locale) {
        super(locale);
        canWriteCompressed = true;
        compressionTypes = new String[] {COMPRESSION_TYPE};
        compressionType = COMPRESSION_TYPE;
        compressionQuality = DEFAULT_QUALITY;
    }

    /** Keeps the one compression type set (the base class clears it, so that a quality could not be set without naming it). */
    @Override public void unsetCompression() {
        super.unsetCompression();
        compressionType = COMPRESSION_TYPE;
        compressionQuality = DEFAULT_QUALITY;
    }

    public CodecSettings getSettings() { return settings; }

    public void setSettings(CodecSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings must not be null");
        this.settings = settings;
    }

    /** @param bpp bits per pixel of the whole file, in (0, 64]; NaN to clear */
    public void setTargetBitsPerPixel(double bpp) {
        if (!Double.isNaN(bpp) && !(bpp > 0 && bpp <= 64)) throw new IllegalArgumentException("target must be in (0, 64] bits per pixel, got " + bpp);
        targetBpp = bpp;
    }

    /** The target set by {@link #setTargetBitsPerPixel}, NaN when none. */
    public double getTargetBitsPerPixel() { return targetBpp; }

    /** The target quality q stands for: {@code 0.02 * 100^q} bits per pixel. */
    public static double bitsPerPixelForQuality(float quality) {
        if (!(quality >= 0 && quality <= 1)) throw new IllegalArgumentException("quality must be in [0, 1], got " + quality);
        return 0.02 * Math.pow(100, quality);
    }

    /** The rate the writer aims at under this param (see the class comment), NaN for the settings' parameters as they are. */
    public double effectiveTargetBpp() {
        if (!Double.isNaN(targetBpp)) return targetBpp;
        if (getCompressionMode() == MODE_EXPLICIT) return bitsPerPixelForQuality(getCompressionQuality());
        return Double.NaN;
    }

    @Override public boolean isCompressionLossless() {
        super.isCompressionLossless(); // the mode and type checks the contract asks for
        return false;
    }
}
