package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import org.spikecodec.engine.image.Image;

/**
 * A codec driven to a target bitrate, so that every codec of a sweep is compared at matched rates on the
 * same images. {@link #open} prepares one image once (a transform, a colour conversion) so that many rates,
 * and the bisections that find critical bitrates, reuse the work. Implementations are thread-safe;
 * sessions are not.
 */
public interface RateCodec {

    /** Stable name used in records and reports, e.g. {@code spike-dwt}, {@code jpeg}. */
    String name();

    Session open(Image image) throws IOException;

    interface Session extends AutoCloseable {
        /** Compresses to about {@code targetBpp} (each codec's own rate knob, searched) and decodes. */
        Compressed compress(double targetBpp) throws IOException;

        /** Encodings computed so far by this session's rate searches (reused ones not counted); 0 when not counted. */
        default long encodings() { return 0; }

        /** Releases temporary files; most sessions hold none. */
        @Override default void close() {}
    }

    /**
     * One compression.
     *
     * @param decoded      the decoded image (RGB or grey, 0..255)
     * @param fileBytes    the whole file as a codec would store it
     * @param payloadBytes the coded image data without fixed headers and tables (JPEG: entropy-coded scan;
     *                     JPEG 2000: tile data after SOD; .spk: channel sections). Tiny images (28x28) make
     *                     fixed headers dominate the file, so rates are compared on the payload.
     * @param setting      the knob value that produced it (quality, theta, ratio), for the record
     */
    record Compressed(Image decoded, long fileBytes, long payloadBytes, String setting) {
        public double fileBpp() { return fileBytes * 8.0 / decoded.pixels(); }
        public double payloadBpp() { return payloadBytes * 8.0 / decoded.pixels(); }
    }
}
