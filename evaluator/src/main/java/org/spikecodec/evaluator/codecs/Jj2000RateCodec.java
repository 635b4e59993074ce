package org.spikecodec.evaluator.codecs;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * JPEG 2000 in process, through jai-imageio's JJ2000-based ImageIO plugin (irreversible 9/7, its rate
 * allocation driven by an encoding rate in bpp). Used by the evaluator where thousands of small images make
 * {@code opj_compress} processes too slow; the encoding rate is searched so the tile data (after SOD) meets the
 * target payload, as for every other codec.
 */
public final class Jj2000RateCodec implements RateCodec {
    @Override public String name() { return "jpeg2000-jj2000"; }

    @Override public Session open(Image image) throws IOException {
        BufferedImage bi = BufferedImages.toBufferedImage(image);
        ImageWriter w = writer();
        QualitySearch.Cache cache = new QualitySearch.Cache();
        return new Session() {
            @Override public Compressed compress(double targetBpp) throws IOException {
                // Bounds shared by every target up to 8 bpp (wider than each target's own [t/4, 4t + 2000 bytes]), so
                // that the searches for one image's targets walk one bisection tree and reuse each other's encodings;
                // 16 steps give at least the precision 12 steps gave on the per-target bounds.
                double header = 2000.0 * 8 / image.pixels();
                double lo = Math.log(Math.min(0.01, targetBpp / 4)), hi = Math.log(Math.max(32, targetBpp * 4) + header);
                return QualitySearch.closest(lo, hi, 16, targetBpp * image.pixels() / 8, true, logRate -> encode(w, bi, Math.exp(logRate)), cache);
            }

            @Override public long encodings() { return cache.encodings(); }

            @Override public void close() { w.dispose(); }
        };
    }

    private static ImageWriter writer() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg2000");
        if (!it.hasNext()) throw new IOException("no JPEG 2000 ImageIO writer on the classpath (jai-imageio-jpeg2000)");
        return it.next();
    }

    /** One encoding at {@code rate} bpp (file) with a fresh writer, decoded; null when JJ2000 refuses the rate. */
    static Compressed encode(BufferedImage bi, double rate) throws IOException {
        ImageWriter w = writer();
        try {
            QualitySearch.Encoding e = encode(w, bi, rate);
            return e == null ? null : e.decode();
        } finally {
            w.dispose();
        }
    }

    /** One encoding at {@code rate} bpp (file) with {@code w} (reset after), or null when JJ2000 refuses the rate. */
    static QualitySearch.Encoding encode(ImageWriter w, BufferedImage bi, double rate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            J2KImageWriteParam p = (J2KImageWriteParam) w.getDefaultWriteParam();
            p.setLossless(false);
            p.setFilter(J2KImageWriteParam.FILTER_97);
            p.setEncodingRate(rate);
            p.setWriteCodeStreamOnly(true);
            w.write(null, new IIOImage(bi, null, null), p);
        } catch (RuntimeException e) {
            return null; // JJ2000 refuses rates below its header overhead ("target bitrate too low")
        } finally {
            w.reset();
        }
        byte[] code = bytes.toByteArray();
        return new QualitySearch.Lazy(Jpeg2000RateCodec.tileBytes(code)) {
            @Override Compressed decodeNow() throws IOException {
                return new Compressed(Jj2000RateCodec.decode(code), code.length, Jpeg2000RateCodec.tileBytes(code), String.format(Locale.ROOT, "rate=%.4f", rate));
            }
        };
    }

    private static Image decode(byte[] code) throws IOException {
        return ImageFiles.read(code, "jpeg2000");
    }
}
