package org.spikecodec.engine.imageio;

import java.awt.color.ColorSpace;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;
import java.util.Locale;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageOutputStream;

/** Describes and creates {@link SpkImageWriter}s. */
public final class SpkImageWriterSpi extends ImageWriterSpi {

    public SpkImageWriterSpi() {
        super(SpkImageReaderSpi.VENDOR, SpkImageReaderSpi.VERSION, SpkImageReaderSpi.NAMES, SpkImageReaderSpi.SUFFIXES,
                new String[] {SpkImageReaderSpi.MIME_TYPE}, SpkImageWriter.class.getName(),
                new Class<?>[] {ImageOutputStream.class}, new String[] {SpkImageReaderSpi.class.getName()},
                false, null, null, null, null, false, null, null, null, null);
    }

    /**
     * Grey or RGB (alpha is dropped), palettes, integer samples of up to 16 bits: what
     * {@link org.spikecodec.engine.image.BufferedImages#toImage} converts.
     */
    @Override
    public boolean canEncodeImage(ImageTypeSpecifier type) {
        ColorModel cm = type.getColorModel();
        SampleModel sm = type.getSampleModel();
        int dataType = sm.getDataType();
        if (dataType != DataBuffer.TYPE_BYTE && dataType != DataBuffer.TYPE_USHORT && dataType != DataBuffer.TYPE_INT) return false;
        if (cm instanceof IndexColorModel) return true;
        int colours = cm.getNumColorComponents();
        if (colours != 1 && !(colours == 3 && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB)) return false;
        for (int c = 0; c < colours; c++) if (cm.getComponentSize(c) < 1 || cm.getComponentSize(c) > 16) return false;
        return true;
    }

    @Override
    public ImageWriter createWriterInstance(Object extension) { return new SpkImageWriter(this); }

    @Override
    public String getDescription(Locale locale) { return "spikecodec .spk image writer (format version " + SpkImageReaderSpi.VERSION + ")"; }
}
