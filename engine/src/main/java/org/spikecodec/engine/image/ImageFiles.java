package org.spikecodec.engine.image;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import org.spikecodec.engine.HeapBudget;
import org.spikecodec.engine.InvalidInputException;

/**
 * Reading and writing image files.
 *
 * <p>Reading detects the format from the file's first bytes, never its name: PGM/PPM (P2, P3, P5, P6) by a
 * hand-written reader ({@link PnmCodec}); PNG, JPEG, TIFF, BMP and GIF through {@code javax.imageio}. Other
 * ImageIO formats (WBMP, whose "signature" is two zero bytes, or plugins on the class path, this project's own
 * {@code .spk} reader among them) are refused so that garbage does not decode by accident. The result is GREY or RGB
 * with samples in 0..255, as {@link BufferedImages#toImage} gives.
 *
 * <p>Writing picks the format from the extension and replaces the target atomically.
 */
public final class ImageFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);

    /** Extensions {@link #write} understands. */
    public static final List<String> WRITABLE_EXTENSIONS = List.of("png", "pgm", "ppm", "pnm");
    /** Extensions of the files {@link #read} understands (it goes by content; these pick the images of a folder). */
    public static final Set<String> READABLE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "pgm", "ppm", "pnm");
    private static final Set<String> IMAGEIO_FORMATS = Set.of("png", "jpeg", "tiff", "bmp", "gif", "jpeg2000"); // jpeg2000 when jai-imageio is on the classpath (the evaluator)
    private static final String READABLE = "PNG, JPEG, TIFF, BMP, GIF, PGM or PPM";
    private static final int MAGIC_BYTES = 2;
    /** The decoder's own buffers (a PNG reader's rows and inflater, say) beside its raster. */
    private static final long READ_OVERHEAD_BYTES = 8L << 20;

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
                // A few bytes of header can declare 8192x8192 16-bit samples (a "PNG bomb"): refuse from the header, before
                // decoding, when the raster and the planes it becomes would not fit, rather than fail half-way.
                long pixels = (long) width * height;
                HeapBudget.require(pixels * readingBytesPerPixel(reader) + READ_OVERHEAD_BYTES, pixels,
                        file + ": reading this " + width + "x" + height + " " + format);
                decoded = reader.read(0);
            } catch (InvalidInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Decoders throw unchecked exceptions (index, negative size, ...) on corrupt data too.
                throw new InvalidInputException(file + ": corrupt or unsupported " + format + " data (" + e + "); re-export the image", e);
            }
            return BufferedImages.toImage(decoded, file + ": " + format);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Heap per pixel that reading takes, from the header: the decoded raster (its bands at their sample size, from the
     * reader's raw image type) and the float planes it becomes (4 bytes per colour; 3 colours when unknown).
     */
    static long readingBytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) return 8 + 4 * 3; // the deepest raster we accept: 4 bands of 16 bits
        SampleModel sm = type.getSampleModel(1, 1);
        long rasterBits = sm instanceof MultiPixelPackedSampleModel packed ? packed.getPixelBitStride()
                : (long) sm.getNumDataElements() * DataBuffer.getDataTypeSize(sm.getDataType());
        int colours = type.getColorModel() instanceof java.awt.image.IndexColorModel ? 3 : Math.min(3, type.getColorModel().getNumColorComponents());
        return (rasterBits + 7) / 8 + 4L * colours;
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

        org.spikecodec.engine.AtomicFiles.writeInExistingFolder(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw);
            if (extension.equals("png")) writePng(toWrite, out);
            else PnmCodec.write(toWrite, out);
            out.flush();
        });
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

    private static void writePng(Image image, OutputStream out) throws IOException {
        BufferedImage bi = BufferedImages.toBufferedImage(image);
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
