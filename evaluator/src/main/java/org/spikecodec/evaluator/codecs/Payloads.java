package org.spikecodec.evaluator.codecs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The coded image data inside the files of the modern codecs, without their fixed container: the rate of record,
 * as the entropy-coded scan is for JPEG. Every parser is bounds-checked and answers empty for a structure it does
 * not expect (truncated, garbage, an unknown layout), so that the caller can fall back to the whole file and say so.
 */
final class Payloads {
    private Payloads() {}

    /**
     * WebP: the data of the {@code VP8 } (lossy) or {@code VP8L} (lossless) chunk of the RIFF file, without the
     * RIFF, {@code VP8X} and metadata chunks or chunk headers. Empty unless the file holds the whole RIFF and exactly
     * one such chunk.
     */
    static OptionalLong webpImageChunk(byte[] f) {
        if (f.length < 12 || !ascii(f, 0, "RIFF") || !ascii(f, 8, "WEBP")) return OptionalLong.empty();
        long riffEnd = 8 + u32le(f, 4);
        if (riffEnd > f.length) return OptionalLong.empty(); // truncated (bytes after the RIFF are ignored)
        long found = -1;
        for (long i = 12; i + 8 <= riffEnd; ) {
            long size = u32le(f, (int) i + 4);
            long end = i + 8 + size;
            if (end > riffEnd) return OptionalLong.empty(); // truncated chunk
            if (ascii(f, (int) i, "VP8 ") || ascii(f, (int) i, "VP8L")) {
                if (found >= 0) return OptionalLong.empty(); // an animation, or a malformed file
                found = size;
            }
            i = end + (size & 1); // chunks are padded to even sizes
        }
        return found > 0 ? OptionalLong.of(found) : OptionalLong.empty();
    }

    /**
     * AVIF (ISO base media file format): the payload of the top-level {@code mdat} boxes, that is the AV1 data,
     * without the {@code ftyp} and {@code meta} boxes (item properties, colour information, ICC profile). Empty
     * unless the file starts with {@code ftyp}, its top-level boxes tile it exactly and at least one is {@code mdat}.
     */
    static OptionalLong avifMediaData(byte[] f) {
        List<Box> boxes = boxes(f);
        if (boxes == null || boxes.isEmpty() || !boxes.get(0).type().equals("ftyp")) return OptionalLong.empty();
        long total = boxes.stream().filter(b -> b.type().equals("mdat")).mapToLong(Box::payload).sum();
        return total > 0 ? OptionalLong.of(total) : OptionalLong.empty();
    }

    private static final byte[] JXL_CONTAINER = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};

    /**
     * JPEG XL: a bare codestream (signature {@code FF 0A}, what {@code cjxl} writes when no metadata asks for a
     * container) is all payload; its own header (size and image metadata) is a few bytes. In the ISO BMFF
     * container, the codestream boxes: {@code jxlc}, or the {@code jxlp} parts without their 4-byte index.
     */
    static OptionalLong jxlCodestream(byte[] f) {
        if (f.length > 2 && (f[0] & 0xff) == 0xff && f[1] == 0x0a) return OptionalLong.of(f.length);
        if (f.length < JXL_CONTAINER.length) return OptionalLong.empty();
        for (int k = 0; k < JXL_CONTAINER.length; k++) if (f[k] != JXL_CONTAINER[k]) return OptionalLong.empty();
        List<Box> boxes = boxes(f);
        if (boxes == null) return OptionalLong.empty();
        long total = 0;
        for (Box b : boxes) {
            if (b.type().equals("jxlc")) total += b.payload();
            else if (b.type().equals("jxlp")) {
                if (b.payload() < 4) return OptionalLong.empty();
                total += b.payload() - 4;
            }
        }
        return total > 0 ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** One ISO BMFF box: its four-character type and the size of its payload (after the size and type fields). */
    private record Box(String type, long payload) {}

    /** The top-level boxes of the file, or null unless they tile it exactly. */
    private static List<Box> boxes(byte[] f) {
        List<Box> out = new ArrayList<>();
        long i = 0;
        while (i < f.length) {
            if (i + 8 > f.length) return null;
            long size = u32be(f, (int) i), header = 8;
            if (size == 1) { // a 64-bit size follows the type
                if (i + 16 > f.length) return null;
                size = u64be(f, (int) i + 8);
                header = 16;
            } else if (size == 0) { // the box runs to the end of the file
                size = f.length - i;
            }
            if (size < header || size > f.length - i) return null;
            out.add(new Box(new String(f, (int) i + 4, 4, StandardCharsets.ISO_8859_1), size - header));
            i += size;
        }
        return out;
    }

    private static boolean ascii(byte[] f, int at, String s) {
        if (at < 0 || at + s.length() > f.length) return false;
        for (int k = 0; k < s.length(); k++) if (f[at + k] != (byte) s.charAt(k)) return false;
        return true;
    }

    private static long u32le(byte[] f, int at) {
        return (f[at] & 0xffL) | (f[at + 1] & 0xffL) << 8 | (f[at + 2] & 0xffL) << 16 | (f[at + 3] & 0xffL) << 24;
    }

    private static long u32be(byte[] f, int at) {
        return (f[at] & 0xffL) << 24 | (f[at + 1] & 0xffL) << 16 | (f[at + 2] & 0xffL) << 8 | (f[at + 3] & 0xffL);
    }

    /** A 64-bit big-endian size; one beyond any file (Long.MAX_VALUE) when its top bit is set. */
    private static long u64be(byte[] f, int at) {
        long v = (u32be(f, at) << 32) | u32be(f, at + 4);
        return v < 0 ? Long.MAX_VALUE : v;
    }
}
