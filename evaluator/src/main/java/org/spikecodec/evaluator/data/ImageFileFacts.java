package org.spikecodec.evaluator.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What a folder dataset learns of an image file without decoding its pixels, from a stream of its bytes (a local
 * file, or another file system's: the spark module's Hadoop folders).
 */
public final class ImageFileFacts {
    private ImageFileFacts() {}

    /**
     * Whether the file is a lossless original by content: a JPEG file (magic FF D8 FF, whatever its extension) is lossy;
     * PNG, PNM, BMP, TIFF and GIF count as lossless. An unreadable file counts as lossless, so that it is kept and
     * reported when loaded, not dropped in silence.
     */
    public static boolean lossless(Opener file) {
        try (InputStream in = file.open()) {
            byte[] head = in.readNBytes(3);
            return !(head.length == 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF);
        } catch (IOException e) {
            return true;
        }
    }

    /** Width times height, read from the file's header; 0 when the size cannot be read (the file is then kept and reported when loaded). */
    public static long pixels(Opener file) {
        try (InputStream raw = file.open(); ImageInputStream in = ImageIO.createImageInputStream(raw)) {
            if (in == null) return 0;
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return 0;
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Opens a file's bytes. */
    @FunctionalInterface
    public interface Opener { InputStream open() throws IOException; }
}
