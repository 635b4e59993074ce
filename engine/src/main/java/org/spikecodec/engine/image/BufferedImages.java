package org.spikecodec.engine.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;

/**
 * Conversions between {@link BufferedImage} and the codec's planar {@link Image}.
 *
 * <p>To planes: the result is GREY or RGB with samples on the 0..255 scale. Palettes expand to RGB, or to grey when
 * every palette entry is grey; samples deeper than 8 bits are scaled to 0..255 without rounding; alpha is dropped with
 * a warning (premultiplied colours are divided out first, on a copy). Raw raster samples are read, never
 * {@code getRGB}, because Java treats grey images as linear and would re-gamma them.
 *
 * <p>From planes: 8-bit grey ({@code TYPE_BYTE_GRAY}) or 8-bit RGB ({@code TYPE_3BYTE_BGR}) of the samples rounded and
 * clamped to 0..255; YCbCr planes are converted to RGB first.
 */
public final class BufferedImages {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedImages.class);

    private BufferedImages() {}

    /**
     * The planes of {@code image}; the image is not modified.
     *
     * @throws InvalidInputException for samples that are signed or floating point, deeper than 16 bits, or colours
     *         other than grey and RGB (CMYK, say)
     */
    public static Image toImage(BufferedImage image) throws InvalidInputException {
        return toImage(image, "image");
    }

    /**
     * As {@link #toImage(BufferedImage)}; {@code name} starts every message and warning (a file name and its format,
     * say).
     */
    public static Image toImage(BufferedImage image, String name) throws InvalidInputException {
        java.awt.image.ColorModel cm = image.getColorModel();
        if (cm.isAlphaPremultiplied()) { // alpha is dropped, so undo its premultiplication, on a copy: the caller's image stays as it is
            image = new BufferedImage(cm, image.copyData(null), true, null);
            image.coerceData(false);
            cm = image.getColorModel();
        }
        Raster raster = image.getRaster();
        int w = image.getWidth(), h = image.getHeight();
        int dataType = raster.getDataBuffer().getDataType();
        if (dataType != DataBuffer.TYPE_BYTE && dataType != DataBuffer.TYPE_USHORT && dataType != DataBuffer.TYPE_INT)
            throw new InvalidInputException(name + " with signed or floating-point samples is not supported; convert it to 8- or 16-bit");

        if (cm instanceof IndexColorModel palette) return fromPalette(name, palette, raster, w, h);

        int colours = cm.getNumColorComponents();
        boolean grey = colours == 1;
        if (!grey && !(colours == 3 && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB))
            throw new InvalidInputException(name + " in colour space type " + cm.getColorSpace().getType()
                    + " with " + colours + " components (e.g. CMYK) is not supported; convert it to RGB or grey");
        if (cm.hasAlpha()) LOG.warn("{}: dropping the alpha channel ({}); only colour is encoded", name, grey ? "grey+alpha" : "RGBA");

        float[][] planes = new float[colours][w * h];
        int[] row = new int[w];
        for (int c = 0; c < colours; c++) {
            int bits = cm.getComponentSize(c);
            if (bits < 1 || bits > 16)
                throw new InvalidInputException(name + " with " + bits + "-bit samples is not supported; convert it to 8- or 16-bit");
            int maxSample = (1 << bits) - 1;
            float scale = 255f / maxSample;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, row);
                float[] plane = planes[c];
                for (int x = 0; x < w; x++) plane[y * w + x] = maxSample == 255 ? row[x] : row[x] * scale;
            }
        }
        return new Image(w, h, grey ? ColorModel.GREY : ColorModel.RGB, planes);
    }

    private static Image fromPalette(String name, IndexColorModel palette, Raster raster, int w, int h) {
        int size = palette.getMapSize();
        boolean grey = true;
        for (int i = 0; i < size && grey; i++)
            grey = palette.getRed(i) == palette.getGreen(i) && palette.getGreen(i) == palette.getBlue(i);
        if (palette.hasAlpha()) LOG.warn("{}: dropping the palette's transparency; only colour is encoded", name);
        float[][] planes = new float[grey ? 1 : 3][w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                // Out-of-range indices in corrupt files: IndexColorModel maps them to 0, so do the same.
                int index = row[x] < size ? row[x] : 0;
                int i = y * w + x;
                if (grey) {
                    planes[0][i] = palette.getRed(index);
                } else {
                    planes[0][i] = palette.getRed(index);
                    planes[1][i] = palette.getGreen(index);
                    planes[2][i] = palette.getBlue(index);
                }
            }
        }
        return new Image(w, h, grey ? ColorModel.GREY : ColorModel.RGB, planes);
    }

    /** An 8-bit {@link BufferedImage} (grey, or 3-byte BGR for RGB and YCbCr) of the rounded, clamped samples. */
    public static BufferedImage toBufferedImage(Image image) {
        if (image.model() == ColorModel.YCBCR) image = ColorTransform.toRgb(image);
        int w = image.width(), h = image.height();
        boolean grey = image.model() == ColorModel.GREY;
        BufferedImage bi = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = bi.getRaster(); // bands are in R, G, B order whatever the storage order
        int[] row = new int[w];
        for (int c = 0; c < image.channels(); c++) {
            float[] plane = image.plane(c);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) row[x] = PnmCodec.to8bit(plane[y * w + x]);
                raster.setSamples(0, y, w, 1, c, row);
            }
        }
        return bi;
    }
}
