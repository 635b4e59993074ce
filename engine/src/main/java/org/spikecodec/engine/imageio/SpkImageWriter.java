package org.spikecodec.engine.imageio;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.Image;

/**
 * Writes one image as a {@code .spk} file. Grey images are coded grey, colour ones as YCbCr; alpha is dropped. The
 * rate and the codec settings come from a {@link SpkImageWriteParam} ({@link #getDefaultWriteParam()}); without one,
 * {@link CodecSettings#defaults()} as they are. A param's source region and subsampling are honoured. No metadata.
 */
public final class SpkImageWriter extends ImageWriter {

    SpkImageWriter(SpkImageWriterSpi spi) { super(spi); }

    @Override public SpkImageWriteParam getDefaultWriteParam() { return new SpkImageWriteParam(getLocale()); }

    @Override public IIOMetadata getDefaultStreamMetadata(ImageWriteParam param) { return null; }
    @Override public IIOMetadata getDefaultImageMetadata(ImageTypeSpecifier type, ImageWriteParam param) { return null; }
    @Override public IIOMetadata convertStreamMetadata(IIOMetadata in, ImageWriteParam param) { return null; }
    @Override public IIOMetadata convertImageMetadata(IIOMetadata in, ImageTypeSpecifier type, ImageWriteParam param) { return null; }

    @Override
    public void write(IIOMetadata streamMetadata, IIOImage iioImage, ImageWriteParam param) throws IOException {
        if (!(getOutput() instanceof ImageOutputStream out)) throw new IllegalStateException("no output set (an ImageOutputStream)");
        if (iioImage.hasRaster()) throw new UnsupportedOperationException("a .spk file is written from an image, not a bare raster");
        CodecSettings settings = CodecSettings.defaults();
        double target = Double.NaN;
        if (param instanceof SpkImageWriteParam p) {
            settings = p.getSettings();
            target = p.effectiveTargetBpp();
        } else if (param != null && param.canWriteCompressed() && param.getCompressionMode() == ImageWriteParam.MODE_EXPLICIT) {
            target = SpkImageWriteParam.bitsPerPixelForQuality(param.getCompressionQuality()); // a plain ImageWriteParam's quality
        }
        Image image;
        try {
            image = SourceRegion.of(BufferedImages.toImage(bufferedImage(iioImage.getRenderedImage())), param);
        } catch (InvalidInputException e) {
            throw new IIOException("cannot write this image as .spk: " + e.getMessage(), e);
        }
        processImageStarted(0);
        byte[] file;
        try (SpikeCodec codec = SpikeCodec.open("cpu", settings)) {
            file = (Double.isNaN(target) ? codec.encode(image) : codec.encodeToBpp(image, target)).file();
        } catch (IllegalArgumentException e) { // a rate this image cannot reach, settings the front end refuses
            throw new IIOException("cannot write this image as .spk: " + e.getMessage(), e);
        }
        out.write(file);
        out.flush();
        processImageComplete();
    }

    /** The image itself when it is a BufferedImage, else a copy of its pixels as one (origin moved to 0, 0). */
    private static BufferedImage bufferedImage(RenderedImage image) {
        if (image instanceof BufferedImage bi) return bi;
        WritableRaster raster = image.copyData(null).createWritableTranslatedChild(0, 0);
        return new BufferedImage(image.getColorModel(), raster, image.getColorModel().isAlphaPremultiplied(), null);
    }
}
