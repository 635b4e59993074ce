package org.spikecodec.engine.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;

/**
 * Reading and writing image files.
 *
 * <p>Reading detects the format from the file's first bytes, never its name: PGM/PPM (P2, P3, P5, P6) by a
 * hand-written reader ({@link PnmCodec}); PNG, JPEG, TIFF, BMP and GIF through {@code javax.imageio}. Other
 * ImageIO formats (WBMP, whose "signature" is two zero bytes, or plugins on the class path) are refused so that
 * garbage does not decode by accident. The result is GREY or RGB with samples in 0..255: palettes expand to RGB,
 * or to grey when every palette entry is grey; samples deeper than 8 bits are scaled to 0..255 without rounding;
 * alpha is dropped with a warning. Raw raster samples are used, never {@code getRGB}, because Java treats grey
 * images as linear and would re-gamma them.
 *
 * <p>Writing picks the format from the extension and replaces the target atomically.
 */
public final class ImageFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);

    /** Extensions {@link #write} understands. */
    public static final List<String> WRITABLE_EXTENSIONS = List.of("png", "pgm", "ppm", "pnm");
    private static final Set<String> IMAGEIO_FORMATS = Set.of("png", "jpeg", "tiff", "bmp", "gif", "jpeg2000"); // jpeg2000 when jai-imageio is on the classpath (the evaluator)
    private static final String READABLE = "PNG, JPEG, TIFF, BMP, GIF, PGM or PPM";
    private static final int MAGIC_BYTES = 2;

    private ImageFiles() {}

    /**
     * Reads an image file.
     *
     * @throws InvalidInputException for a missing or unreadable file, an unknown or unsupported format, corrupt
     *         or truncated data, or an image larger than {@link Image#MAX_PIXELS}; the message names the file
     */
    public static Image read(Path file) throws InvalidInputException {
        if (!Files.exists(file)) throw new InvalidInputException(file + ": no such file; check the path");
        if (!Files.isRegularFile(file)) throw new InvalidInputException(file + ": not a regular file; give the path of an image file");
        try {
            long size = Files.size(file);
            byte[] head = new byte[MAGIC_BYTES];
            int headLength;
            try (InputStream in = Files.newInputStream(file)) {
                headLength = in.readNBytes(head, 0, MAGIC_BYTES);
            }
            if (size == 0) throw new InvalidInputException(file + ": the file is empty; give an image file (" + READABLE + ")");
            if (PnmCodec.looksLikeNetpbm(head, headLength)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return PnmCodec.read(file, in, size);
                }
            }
            return readWithImageIo(file);
        } catch (InvalidInputException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file; check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the file (" + e + "); check that it is readable", e);
        }
    }

    private static Image readWithImageIo(Path file) throws IOException {
        if (file.getFileSystem() == FileSystems.getDefault()) {
            try (ImageInputStream iis = new FileImageInputStream(file.toFile())) {
                return decode(file, iis);
            }
        }
        // Closing a MemoryCacheImageInputStream leaves its source open, hence both resources.
        try (InputStream in = Files.newInputStream(file); ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
            return decode(file, iis);
        }
    }

    private static Image decode(Path file, ImageInputStream iis) throws IOException {
        ImageReader reader = firstAcceptedReader(iis);
        if (reader == null)
            throw new InvalidInputException(file + ": unknown or unsupported image format; convert it to " + READABLE);
        try {
            reader.setInput(iis, true, true);
            reader.addIIOReadWarningListener(warningLogger(file));
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            int width, height;
            BufferedImage decoded;
            try {
                // Dimensions come from the header alone; refuse huge images before decoding allocates them.
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                try {
                    Image.checkSize(width, height);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(file + ": " + format + " " + e.getMessage() + "; downscale the image first", e);
                }
                decoded = reader.read(0);
            } catch (InvalidInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Decoders throw unchecked exceptions (index, negative size, ...) on corrupt data too.
                throw new InvalidInputException(file + ": corrupt or unsupported " + format + " data (" + e + "); re-export the image", e);
            }
            return fromBufferedImage(file, format, decoded);
        } finally {
            reader.dispose();
        }
    }

    /** The first reader whose format is one we accept; disposes the readers it passes over. */
    private static ImageReader firstAcceptedReader(ImageInputStream iis) throws IOException {
        ImageReader chosen = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReaders(iis); it.hasNext(); ) {
            ImageReader candidate = it.next();
            if (chosen == null && isAccepted(candidate)) chosen = candidate;
            else candidate.dispose();
        }
        return chosen;
    }

    /** Whether any of the reader's format names (e.g. "tif" and "tiff") is one we accept. */
    private static boolean isAccepted(ImageReader reader) throws IOException {
        String[] names = reader.getOriginatingProvider() == null ? new String[] {reader.getFormatName()}
                : reader.getOriginatingProvider().getFormatNames();
        for (String name : names)
            if (IMAGEIO_FORMATS.contains(name.toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    private static IIOReadWarningListener warningLogger(Path file) {
        return (source, warning) -> LOG.warn("{}: decoder warning: {}", file, warning);
    }

    private static Image fromBufferedImage(Path file, String format, BufferedImage decoded) throws InvalidInputException {
        java.awt.image.ColorModel cm = decoded.getColorModel();
        if (cm.isAlphaPremultiplied()) decoded.coerceData(false); // alpha is dropped, so undo its premultiplication
        Raster raster = decoded.getRaster();
        int w = decoded.getWidth(), h = decoded.getHeight();
        int dataType = raster.getDataBuffer().getDataType();
        if (dataType != DataBuffer.TYPE_BYTE && dataType != DataBuffer.TYPE_USHORT && dataType != DataBuffer.TYPE_INT)
            throw new InvalidInputException(file + ": " + format + " with signed or floating-point samples is not supported; convert it to 8- or 16-bit");

        if (cm instanceof IndexColorModel palette) return fromPalette(file, format, palette, raster, w, h);

        int colours = cm.getNumColorComponents();
        boolean grey = colours == 1;
        if (!grey && !(colours == 3 && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB))
            throw new InvalidInputException(file + ": " + format + " in colour space type " + cm.getColorSpace().getType()
                    + " with " + colours + " components (e.g. CMYK) is not supported; convert it to RGB or grey");
        if (cm.hasAlpha()) LOG.warn("{}: dropping the alpha channel ({}); only colour is encoded", file, grey ? "grey+alpha" : "RGBA");

        float[][] planes = new float[colours][w * h];
        int[] row = new int[w];
        for (int c = 0; c < colours; c++) {
            int bits = cm.getComponentSize(c);
            if (bits < 1 || bits > 16)
                throw new InvalidInputException(file + ": " + format + " with " + bits + "-bit samples is not supported; convert it to 8- or 16-bit");
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

    private static Image fromPalette(Path file, String format, IndexColorModel palette, Raster raster, int w, int h) {
        int size = palette.getMapSize();
        boolean grey = true;
        for (int i = 0; i < size && grey; i++)
            grey = palette.getRed(i) == palette.getGreen(i) && palette.getGreen(i) == palette.getBlue(i);
        if (palette.hasAlpha()) LOG.warn("{}: dropping the palette's transparency; only colour is encoded", file);
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

    /**
     * Writes an image in the format named by the extension: .png, or binary .pgm (grey), .ppm (RGB; grey is
     * written with three equal channels) or .pnm (P5 for grey, P6 for colour). YCbCr images are converted to RGB
     * first; samples are rounded and clamped to 0..255. The file is written under a temporary name in the same
     * folder and then moved over the target, so readers never see a half-written file.
     *
     * @throws IllegalArgumentException for an unknown extension, or a colour image to .pgm
     */
    public static void write(Image image, Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!WRITABLE_EXTENSIONS.contains(extension))
            throw new IllegalArgumentException("cannot write " + file + ": unknown extension '" + extension + "'; use one of ." + String.join(", .", WRITABLE_EXTENSIONS));
        Image rgbOrGrey = image.model() == ColorModel.YCBCR ? ColorTransform.toRgb(image) : image;
        if (extension.equals("pgm") && rgbOrGrey.model() != ColorModel.GREY)
            throw new IllegalArgumentException("cannot write the colour image " + image + " to " + file + ": PGM is grey only; use .ppm, .pnm or .png");
        Image toWrite = extension.equals("ppm") && rgbOrGrey.model() == ColorModel.GREY ? greyAsRgb(rgbOrGrey) : rgbOrGrey;

        Path absolute = file.toAbsolutePath();
        Path temp = org.spikecodec.engine.AtomicFiles.tempSibling(absolute);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))) {
                if (extension.equals("png")) writePng(toWrite, out);
                else PnmCodec.write(toWrite, out);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp); // gone already after a successful move
        }
    }

    private static Image greyAsRgb(Image grey) {
        float[] p = grey.plane(0);
        return grey.withModel(ColorModel.RGB, new float[][] {p, p, p});
    }

    /**
     * Decodes an image held in memory (a codec's output, say); {@code label} names it in error messages.
     *
     * @throws InvalidInputException as {@link #read(Path)} does
     */
    public static Image read(byte[] data, String label) throws InvalidInputException {
        Path name = Path.of(label);
        if (data.length == 0) throw new InvalidInputException(label + ": no data");
        try {
            if (PnmCodec.looksLikeNetpbm(data, Math.min(MAGIC_BYTES, data.length)))
                return PnmCodec.read(name, new java.io.ByteArrayInputStream(data), data.length);
            try (InputStream in = new java.io.ByteArrayInputStream(data); ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
                return decode(name, iis);
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot decode (" + e + ")", e);
        }
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

    private static void writePng(Image image, OutputStream out) throws IOException {
        BufferedImage bi = toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("this Java runtime has no PNG writer");
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(bi, null, null), null);
        } finally {
            writer.dispose();
        }
    }
}
