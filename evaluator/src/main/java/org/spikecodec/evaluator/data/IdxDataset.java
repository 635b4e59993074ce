package org.spikecodec.evaluator.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/**
 * MNIST-format IDX files: images (magic 0x00000803: unsigned bytes, dimensions count, rows, columns, big-endian
 * u32 each, then the pixels row-major) and labels (magic 0x00000801: count, then one byte per image). Gzip is
 * detected by its magic bytes (1f 8b), not by the name.
 *
 * <p>Opening reads the 16-byte header and the labels only, and checks the lengths before anything is allocated:
 * a plain file must hold exactly the bytes its header implies; a gzipped one must have a trailer size (ISIZE, the
 * length mod 2^32) that matches and be large enough for that length at deflate's best ratio. The pixels are read
 * into memory once, on the first {@link #load} (10,000 28x28 images are 7.8 MB), under a lock; a failure then is
 * remembered and every later load reports it without reading again.
 */
final class IdxDataset implements Dataset {
    private static final Logger LOG = LoggerFactory.getLogger(IdxDataset.class);
    static final int IMAGES_MAGIC = 0x00000803, LABELS_MAGIC = 0x00000801;
    /** Largest pixel payload accepted: byte arrays cannot be larger. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;
    /** Deflate cannot compress better than about 1032:1; a gzip file that would need more is corrupt or hostile. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final Path images;
    private final String description;
    private final int rows, cols, count;
    private final List<Sample> samples;
    private final List<String> classNames;
    private final boolean labelled;
    private final Object lock = new Object();
    private volatile byte[] pixels;
    private volatile InvalidInputException failure;

    private IdxDataset(Path images, String description, int count, int rows, int cols, byte[] labels, List<String> classNames) {
        this.images = images;
        this.description = description;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.classNames = classNames;
        this.labelled = labels != null;
        List<Sample> s = new ArrayList<>(count);
        for (int i = 0; i < count; i++) s.add(new Sample("idx:" + i, labels == null ? -1 : labels[i] & 0xff, i));
        this.samples = List.copyOf(s);
    }

    /** The file's first four bytes as a big-endian int, through gzip when it is gzipped; -1 when shorter or unreadable as gzip. */
    static int magic(Path p) throws IOException {
        try (InputStream in = open(p)) {
            byte[] b = in.readNBytes(4);
            return b.length < 4 ? -1 : ByteBuffer.wrap(b).getInt();
        } catch (EOFException | java.util.zip.ZipException e) {
            return -1;
        }
    }

    static IdxDataset open(Path images, List<String> labelNames) throws InvalidInputException {
        long[] dims = header(images);
        int n = (int) dims[0], r = (int) dims[1], c = (int) dims[2];
        Path labelsPath = labelsBeside(images);
        byte[] labels = labelsPath == null ? null : readLabels(labelsPath, n);
        List<String> classNames = List.of();
        if (labels != null && !labelNames.isEmpty()) {
            int max = 0;
            for (byte b : labels) max = Math.max(max, b & 0xff);
            if (max < labelNames.size()) classNames = List.copyOf(labelNames);
            else LOG.warn("{}: label {} is beyond the label file's {} classes; class names unknown", labelsPath, max, labelNames.size());
        }
        String desc = "IDX " + images + " (" + n + " images " + c + "x" + r + ", "
                + (labels == null ? "unlabelled" + (expectedLabelsName(images) == null ? "" : ": no " + expectedLabelsName(images) + " beside it") : "labels " + labelsPath.getFileName()) + ")";
        return new IdxDataset(images, desc, n, r, c, labels, classNames);
    }

    /** Count, rows, columns from the header, every length checked against the bytes present. */
    private static long[] header(Path p) throws InvalidInputException {
        try {
            byte[] h;
            boolean gz = gzipped(p);
            try (InputStream in = open(p)) {
                h = in.readNBytes(16);
            } catch (EOFException | java.util.zip.ZipException e) {
                throw new InvalidInputException(p + ": truncated or corrupt gzip data (" + e.getMessage() + ")", e);
            }
            ByteBuffer b = ByteBuffer.wrap(h);
            if (h.length < 4 || b.getInt(0) != IMAGES_MAGIC)
                throw new InvalidInputException(p + ": not an IDX images file (magic 0x00000803, unsigned bytes in 3 dimensions, expected)");
            if (h.length < 16) throw new InvalidInputException(p + ": truncated IDX header (" + h.length + " of 16 bytes)");
            long n = Integer.toUnsignedLong(b.getInt(4)), r = Integer.toUnsignedLong(b.getInt(8)), c = Integer.toUnsignedLong(b.getInt(12));
            if (n < 1) throw new InvalidInputException(p + ": the IDX file holds no images");
            if (r < 1 || c < 1 || r > Image.MAX_SIDE || c > Image.MAX_SIDE || r * c > Image.MAX_PIXELS)
                throw new InvalidInputException(p + ": IDX image size " + c + "x" + r + " is out of range");
            if (n * r * c > MAX_BYTES)
                throw new InvalidInputException(p + ": IDX header claims " + n + " images of " + c + "x" + r + ", more than " + MAX_BYTES + " bytes");
            long expected = 16 + n * r * c, size = Files.size(p);
            if (!gz && size != expected)
                throw new InvalidInputException(p + ": IDX header claims " + n + " images of " + c + "x" + r + " (" + expected + " bytes) but the file has "
                        + size + " bytes (" + (size < expected ? "truncated" : "trailing data") + ")");
            if (gz) checkGzipLength(p, size, expected);
            return new long[] {n, r, c};
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read the IDX file (" + e + ")", e);
        }
    }

    private static void checkGzipLength(Path p, long size, long expected) throws IOException {
        if (size * MAX_DEFLATE_RATIO < expected)
            throw new InvalidInputException(p + ": the IDX header claims " + expected + " bytes, more than " + size + " gzipped bytes can hold (truncated or corrupt)");
        if (size < 18) throw new InvalidInputException(p + ": truncated gzip file");
        byte[] t = new byte[4];
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            f.seek(size - 4);
            f.readFully(t);
        }
        long isize = Integer.toUnsignedLong(ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (isize != (expected & 0xffffffffL))
            throw new InvalidInputException(p + ": the IDX header claims " + expected + " bytes but the gzip trailer says " + isize
                    + " (mod 2^32): truncated or corrupt");
    }

    private static byte[] readLabels(Path p, int n) throws InvalidInputException {
        try (InputStream in = open(p)) {
            byte[] data = in.readNBytes(8 + n + 1); // one more than expected, to see trailing data; n was checked against the images
            ByteBuffer b = ByteBuffer.wrap(data);
            if (data.length < 8 || b.getInt(0) != LABELS_MAGIC)
                throw new InvalidInputException(p + ": not an IDX labels file (magic 0x00000801 and a count expected)");
            long count = Integer.toUnsignedLong(b.getInt(4));
            if (count != n) throw new InvalidInputException(p + ": " + count + " labels for " + n + " images");
            if (data.length != 8 + n)
                throw new InvalidInputException(p + ": " + (data.length - 8 > n ? "trailing data after" : "truncated: " + (data.length - 8) + " of") + " " + n + " labels");
            return Arrays.copyOfRange(data, 8, 8 + n);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read the IDX labels (" + e + "); truncated or corrupt", e);
        }
    }

    /**
     * The labels file beside an images file by the standard naming: {@code images} becomes {@code labels} and
     * {@code idx3} becomes {@code idx1} in the name ({@code t10k-images-idx3-ubyte.gz} to
     * {@code t10k-labels-idx1-ubyte.gz}, {@code train-images.idx3-ubyte} to {@code train-labels.idx1-ubyte}), tried
     * as it is, then with {@code .gz} added or removed. Null when none exists.
     */
    static Path labelsBeside(Path images) {
        String base = expectedLabelsName(images);
        if (base == null) return null;
        String other = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base + ".gz";
        for (String name : List.of(base, other)) {
            Path p = images.resolveSibling(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private static String expectedLabelsName(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images") || !name.contains("idx3")) return null;
        return name.replace("images", "labels").replace("idx3", "idx1");
    }

    private static boolean gzipped(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(2);
            return h.length == 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b;
        }
    }

    /** The file's content, decompressed when it starts with the gzip magic. */
    private static InputStream open(Path p) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        raw.mark(2);
        int a = raw.read(), b = raw.read();
        raw.reset();
        if (a == 0x1f && b == 0x8b) {
            try {
                return new GZIPInputStream(raw, 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }
        return raw;
    }

    private byte[] pixels() throws InvalidInputException {
        byte[] px = pixels;
        if (px != null) return px;
        synchronized (lock) {
            if (pixels != null) return pixels;
            if (failure != null) throw new InvalidInputException(failure.getMessage(), failure);
            try {
                pixels = readPixels();
                return pixels;
            } catch (InvalidInputException e) {
                failure = e;
                throw e;
            }
        }
    }

    private byte[] readPixels() throws InvalidInputException {
        int total = count * rows * cols; // checked against MAX_BYTES when opened
        try (InputStream in = open(images)) {
            byte[] h = in.readNBytes(16);
            ByteBuffer b = ByteBuffer.wrap(h);
            if (h.length < 16 || b.getInt(0) != IMAGES_MAGIC || b.getInt(4) != count || b.getInt(8) != rows || b.getInt(12) != cols)
                throw new InvalidInputException(images + ": the IDX header changed since the dataset was opened");
            byte[] px = new byte[total];
            int got = in.readNBytes(px, 0, total);
            if (got < total) throw new InvalidInputException(images + ": truncated IDX data: " + got + " of " + total + " pixel bytes");
            if (in.read() != -1) throw new InvalidInputException(images + ": trailing data after " + total + " pixel bytes");
            return px;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(images + ": cannot read the IDX pixels (" + e + "); truncated or corrupt", e);
        }
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return classNames; }
    @Override public boolean labelled() { return labelled; }
    @Override public List<Sample> samples() { return samples; }

    @Override public Image load(Sample s) throws InvalidInputException {
        int index = FileDataset.checkOwn(samples, s);
        byte[] px = pixels();
        int n = rows * cols, off = index * n;
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = px[off + i] & 0xff;
        return new Image(cols, rows, ColorModel.GREY, new float[][] {p});
    }
}
