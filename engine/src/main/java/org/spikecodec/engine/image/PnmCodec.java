package org.spikecodec.engine.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.spikecodec.engine.InvalidInputException;

/**
 * Reader for PGM/PPM (P2, P3, P5, P6) and writer for binary P5/P6, following the netpbm format pages:
 * header tokens are separated by any whitespace (space, TAB, CR, LF, VT, FF); a '#' starts a comment that runs
 * to the end of the line and counts as whitespace; exactly one whitespace character separates maxval from a
 * binary raster; samples of maxval &gt;= 256 are two bytes, big-endian. Samples are scaled from 0..maxval to
 * 0..255 (not rounded, so 16-bit files keep their precision). Data after the first image is ignored.
 *
 * <p>Every size is checked against the bytes the file actually has before anything is allocated, so a
 * hostile header cannot make the reader allocate more than the file could fill.
 */
final class PnmCodec {
    static final int MAX_MAXVAL = 65535;
    /** Header numbers with more digits than this are absurd whatever the limits; stops overflow early. */
    private static final int MAX_HEADER_DIGITS = 9;

    private PnmCodec() {}

    /** True when the first two bytes look like a netpbm magic number ("P1".."P7"). */
    static boolean looksLikeNetpbm(byte[] head, int length) {
        return length >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '7';
    }

    /**
     * Reads one image.
     *
     * @param fileSize size of the whole file, used to reject headers asking for more data than there is
     */
    static Image read(Path file, InputStream in, long fileSize) throws IOException {
        ByteSource src = new ByteSource(in);
        int p = src.read(), digit = src.read();
        if (p != 'P' || digit < '1' || digit > '7') throw invalid(file, "not a netpbm file (no P1..P7 magic number)");
        char kind = (char) digit;
        boolean ascii;
        int channels;
        switch (kind) {
            case '2' -> { ascii = true; channels = 1; }
            case '3' -> { ascii = true; channels = 3; }
            case '5' -> { ascii = false; channels = 1; }
            case '6' -> { ascii = false; channels = 3; }
            default -> throw invalid(file, "netpbm variant P" + kind + (kind == '1' || kind == '4' ? " (PBM bitmap)" : kind == '7' ? " (PAM)" : "")
                    + " is not supported; convert it to PGM or PPM (e.g. pnmtopnm / pamtopnm) or to PNG");
        }
        long width = headerNumber(file, src, "width");
        long height = headerNumber(file, src, "height");
        long maxval = headerNumber(file, src, "maxval");
        if (width < 1 || height < 1) throw invalid(file, "image size " + width + "x" + height + " in the header is empty");
        try {
            Image.checkSize(width, height);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage() + "; the header is corrupt or the image must be downscaled first");
        }
        if (maxval < 1 || maxval > MAX_MAXVAL) throw invalid(file, "maxval " + maxval + " outside 1.." + MAX_MAXVAL);

        long samples = width * height * channels;
        long remaining = fileSize - src.position();
        // Each ASCII sample takes a digit and all but the last a separator; binary ones 1 or 2 bytes.
        long minimumBytes = ascii ? 2 * samples - 1 : samples * (maxval < 256 ? 1 : 2);
        if (remaining < minimumBytes)
            throw invalid(file, "truncated: a " + width + "x" + height + " P" + kind + " image needs "
                    + (ascii ? "at least " : "") + minimumBytes + " bytes of samples but the file has " + Math.max(0, remaining)
                    + " after its header; re-export the image");

        int w = (int) width, h = (int) height, n = w * h;
        float[][] planes = new float[channels][n];
        float scale = (float) (255.0 / maxval);
        try {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int v;
                    if (ascii) v = asciiSample(file, src, maxval);
                    else if (maxval < 256) v = src.readOrThrow();
                    else v = (src.readOrThrow() << 8) | src.readOrThrow();
                    if (v > maxval) throw invalid(file, "sample " + v + " at pixel " + (i % w) + "," + (i / w) + " exceeds maxval " + maxval);
                    // Exact for maxval 255; otherwise a float scaling that keeps 16-bit precision.
                    planes[c][i] = maxval == 255 ? v : v * scale;
                }
            }
        } catch (EOFException e) {
            throw invalid(file, "truncated: the file ends inside the pixel data (after " + src.position() + " bytes); re-export the image");
        }
        return new Image(w, h, channels == 1 ? ColorModel.GREY : ColorModel.RGB, planes);
    }

    /** Writes binary P5 (one plane) or P6 (three planes, read as RGB), rounding and clamping to 0..255. */
    static void write(Image image, OutputStream out) throws IOException {
        if (image.model() == ColorModel.YCBCR) throw new IllegalArgumentException("convert YCbCr to RGB before writing PNM");
        int channels = image.channels(), n = image.width() * image.height();
        out.write(((channels == 1 ? "P5" : "P6") + "\n" + image.width() + " " + image.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        byte[] row = new byte[image.width() * channels];
        for (int start = 0; start < n; start += image.width()) {
            for (int x = 0; x < image.width(); x++)
                for (int c = 0; c < channels; c++) row[x * channels + c] = (byte) to8bit(image.plane(c)[start + x]);
            out.write(row);
        }
    }

    static int to8bit(float v) { return Math.max(0, Math.min(255, Math.round(v))); }

    private static long headerNumber(Path file, ByteSource src, String what) throws IOException {
        int ch = skipWhitespaceAndComments(src);
        if (ch < 0) throw invalid(file, "truncated header: the file ends before the " + what);
        if (ch < '0' || ch > '9') throw invalid(file, "bad header: expected the " + what + " as a decimal number, found " + describe(ch));
        long value = 0;
        int digits = 0;
        while (ch >= '0' && ch <= '9') {
            if (++digits > MAX_HEADER_DIGITS) throw invalid(file, "absurd " + what + " in the header (more than " + MAX_HEADER_DIGITS + " digits)");
            value = value * 10 + (ch - '0');
            ch = src.read();
        }
        // The terminator is consumed: after maxval it is the single whitespace character before the raster.
        if (ch == '#') skipComment(src);
        else if (ch >= 0 && !isWhitespace(ch)) throw invalid(file, "bad header: " + describe(ch) + " right after the " + what);
        return value;
    }

    private static int asciiSample(Path file, ByteSource src, long maxval) throws IOException {
        int ch = skipWhitespaceAndComments(src);
        if (ch < 0) throw new EOFException();
        if (ch < '0' || ch > '9') throw invalid(file, "bad ASCII sample: found " + describe(ch) + " at byte " + (src.position() - 1));
        long value = 0;
        while (ch >= '0' && ch <= '9') {
            value = value * 10 + (ch - '0');
            if (value > maxval) throw invalid(file, "ASCII sample exceeds maxval " + maxval + " near byte " + src.position());
            ch = src.read();
        }
        if (ch == '#') skipComment(src);
        else if (ch >= 0 && !isWhitespace(ch)) throw invalid(file, "bad ASCII sample: " + describe(ch) + " at byte " + (src.position() - 1));
        return (int) value;
    }

    /** Returns the first byte that is neither whitespace nor part of a comment, or -1 at the end. */
    private static int skipWhitespaceAndComments(ByteSource src) throws IOException {
        int ch = src.read();
        while (ch >= 0 && (isWhitespace(ch) || ch == '#')) {
            if (ch == '#') skipComment(src);
            ch = src.read();
        }
        return ch;
    }

    private static void skipComment(ByteSource src) throws IOException {
        int ch;
        do ch = src.read(); while (ch >= 0 && ch != '\n' && ch != '\r');
    }

    private static boolean isWhitespace(int ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == 0x0B || ch == '\f';
    }

    private static String describe(int ch) {
        return ch >= 0x21 && ch < 0x7F ? "'" + (char) ch + "'" : String.format("byte 0x%02X", ch);
    }

    private static InvalidInputException invalid(Path file, String what) {
        return new InvalidInputException(file + ": " + what);
    }

    /** A small buffered byte reader that counts its position (BufferedInputStream does not). */
    private static final class ByteSource {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int next, limit;
        private long consumedBeforeBuffer;

        ByteSource(InputStream in) { this.in = in; }

        int read() throws IOException {
            if (next == limit && !fill()) return -1;
            return buffer[next++] & 0xFF;
        }

        int readOrThrow() throws IOException {
            int b = read();
            if (b < 0) throw new EOFException();
            return b;
        }

        long position() { return consumedBeforeBuffer + next; }

        private boolean fill() throws IOException {
            consumedBeforeBuffer += limit;
            next = 0;
            limit = 0;
            int got = in.read(buffer);
            if (got <= 0) return false;
            limit = got;
            return true;
        }
    }
}
