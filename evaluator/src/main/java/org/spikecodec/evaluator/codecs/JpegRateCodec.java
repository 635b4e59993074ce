package org.spikecodec.evaluator.codecs;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * Baseline JPEG through the JDK's libjpeg-based ImageIO writer (4:2:0 for colour, optimised Huffman tables),
 * its quality searched to the target rate. The payload is the entropy-coded scan: the bytes after the SOS
 * header up to EOI, without JFIF header, quantization and Huffman tables.
 */
public final class JpegRateCodec implements RateCodec {
    @Override public String name() { return "jpeg"; }

    @Override public Session open(Image image) throws IOException {
        return new JpegSession(image);
    }

    /** One image: its raster converted once, one writer reused, every quality tried kept for the later targets. */
    static final class JpegSession implements Session {
        private final Image image;
        private final BufferedImage bi;
        private final ImageWriter writer;
        private final QualitySearch.Cache cache = new QualitySearch.Cache();

        JpegSession(Image image) throws IOException {
            this.image = image;
            this.bi = BufferedImages.toBufferedImage(image);
            this.writer = writer();
        }

        @Override public Compressed compress(double targetBpp) throws IOException {
            return QualitySearch.closest(0.0, 1.0, 14, targetBpp * image.pixels() / 8, true, q -> encode(writer, bi, (float) q), cache);
        }

        @Override public long encodings() { return cache.encodings(); }

        @Override public void close() { writer.dispose(); }
    }

    private static ImageWriter writer() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        if (!it.hasNext()) throw new IOException("this Java runtime has no JPEG writer");
        return it.next();
    }

    /** One encoding with a fresh writer, decoded. */
    static Compressed encode(BufferedImage bi, float quality) throws IOException {
        ImageWriter w = writer();
        try {
            return encode(w, bi, quality).decode();
        } finally {
            w.dispose();
        }
    }

    static QualitySearch.Encoding encode(ImageWriter w, BufferedImage bi, float quality) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            JPEGImageWriteParam p = new JPEGImageWriteParam(Locale.ROOT);
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(Math.max(0f, Math.min(1f, quality)));
            p.setOptimizeHuffmanTables(true);
            w.write(null, new IIOImage(bi, null, null), p);
        } finally {
            w.reset();
        }
        byte[] file = bytes.toByteArray();
        return new QualitySearch.Lazy(scanBytes(file)) {
            @Override Compressed decodeNow() throws IOException {
                Image decoded = ImageFiles.read(file, "jpeg@q" + quality);
                return new Compressed(decoded, file.length, scanBytes(file), String.format(Locale.ROOT, "quality=%.4f", quality));
            }
        };
    }

    /** Bytes of entropy-coded data: after the (first) SOS segment's header, up to the EOI marker. */
    static long scanBytes(byte[] jpeg) {
        int i = 2; // after SOI
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xff) { i++; continue; }
            int marker = jpeg[i + 1] & 0xff;
            int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (marker == 0xDA) {
                int start = i + 2 + len;
                int end = jpeg.length >= 2 && (jpeg[jpeg.length - 2] & 0xff) == 0xff && (jpeg[jpeg.length - 1] & 0xff) == 0xD9 ? jpeg.length - 2 : jpeg.length;
                return Math.max(0, end - start);
            }
            i += 2 + len;
        }
        return jpeg.length;
    }
}
