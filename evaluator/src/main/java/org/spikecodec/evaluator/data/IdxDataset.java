package org.spikecodec.evaluator.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/**
 * MNIST-format IDX files (images: magic 0x00000803, u8 [n][rows][cols]; labels: 0x00000801, u8 [n]), plain or
 * gzipped (detected by the gzip magic, not the name). Held in memory: the format has no random access when
 * gzipped, and 10,000 28x28 images are 7.8 MB.
 */
final class IdxDataset implements Dataset {
    /** A decompressed IDX file larger than this is refused (a gzip bomb, or not an image set for this tool). */
    static final long MAX_BYTES = 1L << 30;

    private final String description;
    private final byte[] pixels;
    private final int rows, cols, count;
    private final List<Sample> samples;

    private IdxDataset(String description, byte[] pixels, int count, int rows, int cols, byte[] labels) {
        this.description = description;
        this.pixels = pixels;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        List<Sample> s = new ArrayList<>(count);
        for (int i = 0; i < count; i++) s.add(new Sample("idx:" + i, labels == null ? -1 : labels[i] & 0xff, i));
        this.samples = List.copyOf(s);
    }

    static IdxDataset open(Path images) throws InvalidInputException {
        byte[] img = read(images);
        ByteBuffer b = ByteBuffer.wrap(img);
        if (img.length < 16 || b.getInt(0) != 0x00000803)
            throw new InvalidInputException(images + ": not an IDX image file (magic 0x00000803 expected)");
        long n = Integer.toUnsignedLong(b.getInt(4)), r = Integer.toUnsignedLong(b.getInt(8)), c = Integer.toUnsignedLong(b.getInt(12));
        if (r < 1 || c < 1 || r > Image.MAX_SIDE || c > Image.MAX_SIDE || r * c > Image.MAX_PIXELS)
            throw new InvalidInputException(images + ": IDX image size " + c + "x" + r + " out of range");
        if (n * r * c != img.length - 16L)
            throw new InvalidInputException(images + ": IDX header claims " + n + " images of " + c + "x" + r + " but the file holds "
                    + (img.length - 16) + " pixel bytes (truncated or corrupt)");
        Path labelsPath = labelsBeside(images);
        byte[] labels = null;
        if (labelsPath != null && Files.isRegularFile(labelsPath)) {
            byte[] lab = read(labelsPath);
            ByteBuffer lb = ByteBuffer.wrap(lab);
            if (lab.length < 8 || lb.getInt(0) != 0x00000801) throw new InvalidInputException(labelsPath + ": not an IDX label file (magic 0x00000801 expected)");
            if (Integer.toUnsignedLong(lb.getInt(4)) != n || lab.length - 8 != n)
                throw new InvalidInputException(labelsPath + ": " + (lab.length - 8) + " labels for " + n + " images");
            labels = new byte[(int) n];
            System.arraycopy(lab, 8, labels, 0, (int) n);
        }
        byte[] px = new byte[img.length - 16];
        System.arraycopy(img, 16, px, 0, px.length);
        return new IdxDataset("IDX " + images + " (" + n + " images " + c + "x" + r + (labels == null ? ", unlabelled" : ", labels " + labelsPath.getFileName()) + ")",
                px, (int) n, (int) r, (int) c, labels);
    }

    /** The standard naming: {@code *-images-idx3-ubyte[.gz]} beside {@code *-labels-idx1-ubyte[.gz]}. */
    static Path labelsBeside(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3")) return null;
        String base = name.replace("images-idx3", "labels-idx1");
        Path p = images.resolveSibling(base);
        if (Files.exists(p)) return p;
        Path other = images.resolveSibling(base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base + ".gz");
        return Files.exists(other) ? other : p;
    }

    static boolean looksLikeIdx(Path p) {
        String n = p.getFileName().toString();
        return n.contains("idx3-ubyte") || n.endsWith(".idx3") || n.endsWith(".idx");
    }

    private static byte[] read(Path p) throws InvalidInputException {
        try (InputStream raw = Files.newInputStream(p)) {
            byte[] head = raw.readNBytes(2);
            InputStream in = new java.io.SequenceInputStream(new ByteArrayInputStream(head), raw);
            if (head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) in = new GZIPInputStream(in);
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, MAX_BYTES + 1));
            if (data.length > MAX_BYTES) throw new InvalidInputException(p + ": IDX data larger than " + (MAX_BYTES >> 20) + " MiB");
            return data;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read IDX file (" + e.getMessage() + ")", e);
        }
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return List.of(); }
    @Override public boolean labelled() { return count > 0 && samples.get(0).label() >= 0; }
    @Override public List<Sample> samples() { return samples; }

    @Override public Image load(Sample s) {
        int n = rows * cols, off = s.index() * n;
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = pixels[off + i] & 0xff;
        return new Image(cols, rows, ColorModel.GREY, new float[][] {p});
    }
}
