package org.spikecodec.engine.container;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.spikecodec.engine.InvalidInputException;

/**
 * The {@code .spk} file: framing and integrity, independent of what the sections hold.
 *
 * <pre>
 *   magic    4 bytes  "SPKC"
 *   version  1 byte   {@value #VERSION} (versions {@value #VERSION_SINGLE_STREAM} and {@value #VERSION_BLOCKS} are still read)
 *   header   section  (see {@link SpkHeader})
 *   channel  section  one per colour channel, in order (coded spike counts, see the codec: versions 2 and 3 code them
 *                      in independently decodable blocks, version 3 with a flag per chunk of 16 symbols of a row,
 *                      version 1 as one range-coded stream)
 *   section = length (u32, big-endian) | payload | CRC-32 of payload (u32)
 * </pre>
 * The file ends exactly after the last channel section. Every length is checked against the bytes
 * present before anything is allocated, so a hostile file cannot make the reader allocate more than
 * the file's own size.
 */
public final class SpkContainer {
    public static final byte[] MAGIC = {'S', 'P', 'K', 'C'};
    /**
     * The version written: each channel's counts in independently coded blocks, each row in chunks of 16 symbols led by
     * an "all zero" flag ({@code TiledCountCoder}, variant 3).
     */
    public static final int VERSION = 3;
    /** The second version: blocks without chunk flags ({@code TiledCountCoder}, variant 2); read, never written. */
    public static final int VERSION_BLOCKS = 2;
    /** The first version: each channel's counts one range-coded stream ({@code SpikeCountCoder}); read, never written. */
    public static final int VERSION_SINGLE_STREAM = 1;
    /** A header is ~60 bytes (a few hundred with 64 retina layers); anything larger is not a header. */
    static final int MAX_HEADER_BYTES = 4096;
    /** Fixed framing cost: magic, version, and per section a length and a CRC. */
    public static final int OVERHEAD_BYTES = 5;
    public static final int SECTION_OVERHEAD_BYTES = 8;
    public static final long MAX_FILE_BYTES = 1L << 30;

    private SpkContainer() {}

    /** A parsed file: its format version, its header and one opaque payload per channel. */
    public record Parsed(int version, SpkHeader header, List<byte[]> channelPayloads, long fileBytes) {}

    public static byte[] write(SpkHeader header, List<byte[]> channelPayloads) {
        if (channelPayloads.size() != header.channels())
            throw new IllegalArgumentException(header.channels() + " channels but " + channelPayloads.size() + " payloads");
        long size = 256; // magic, version, header and framing fit in this; the payloads are most of a file
        for (byte[] p : channelPayloads) size += p.length + 8L;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, size));
        out.writeBytes(MAGIC);
        out.write(VERSION);
        writeSection(out, header.toBytes());
        for (byte[] p : channelPayloads) writeSection(out, p);
        return out.toByteArray();
    }

    /**
     * The bytes of a {@code .spk} file on disk, refused as bad input (not as an I/O failure) when the path is missing, a
     * folder or something else than a regular file, or too large to be a file this codec wrote.
     */
    public static byte[] readFile(Path path) throws InvalidInputException {
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such file; check the path");
        if (!Files.isRegularFile(path)) throw new InvalidInputException(path + ": not a regular file; give the path of a .spk file");
        try {
            long size = Files.size(path);
            // A lossless 8192x8192 colour file is ~200 MB; more than 1 GiB is no .spk file (and would not fit in an array anyway).
            if (size > MAX_FILE_BYTES) throw new InvalidInputException(path + ": " + size + " bytes is larger than any .spk file (at most " + MAX_FILE_BYTES + ")");
            return Files.readAllBytes(path);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read the file (" + e + ")", e);
        }
    }

    public static Parsed read(byte[] file) throws InvalidInputException {
        ByteBuffer buf = ByteBuffer.wrap(file);
        if (file.length < OVERHEAD_BYTES) throw new InvalidInputException("not a .spk file: only " + file.length + " bytes");
        for (byte m : MAGIC)
            if (buf.get() != m) throw new InvalidInputException("not a .spk file (bad magic number); encode an image with 'spikecodec encode' first");
        int version = buf.get() & 0xff;
        if (version != VERSION && version != VERSION_BLOCKS && version != VERSION_SINGLE_STREAM)
            throw new InvalidInputException(".spk format version " + version + " is not supported by this build (reads versions "
                    + VERSION_SINGLE_STREAM + " to " + VERSION + "); use a matching spikecodec release");
        byte[] headerBytes = readSection(buf, "header", MAX_HEADER_BYTES);
        SpkHeader header;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(headerBytes))) {
            header = SpkHeader.read(in);
            if (in.available() != 0) throw new InvalidInputException("corrupt .spk header: " + in.available() + " unexpected bytes at its end");
        } catch (EOFException e) {
            throw new InvalidInputException("corrupt .spk header: it ends early", e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("corrupt .spk header: " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException("corrupt .spk header: " + e.getMessage(), e);
        }
        List<byte[]> payloads = new ArrayList<>(header.channels());
        for (int c = 0; c < header.channels(); c++) payloads.add(readSection(buf, "channel " + c, Integer.MAX_VALUE));
        if (buf.hasRemaining()) throw new InvalidInputException("corrupt .spk file: " + buf.remaining() + " bytes after the last section");
        return new Parsed(version, header, payloads, file.length);
    }

    private static void writeSection(ByteArrayOutputStream out, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.writeBytes(payload);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] readSection(ByteBuffer buf, String what, int maxLength) throws InvalidInputException {
        if (buf.remaining() < 4) throw new InvalidInputException("truncated .spk file: the " + what + " section is missing");
        long len = Integer.toUnsignedLong(buf.getInt());
        if (len > maxLength) throw new InvalidInputException("corrupt .spk file: " + what + " section claims " + len + " bytes (at most " + maxLength + ")");
        if (len + 4 > buf.remaining())
            throw new InvalidInputException("truncated .spk file: the " + what + " section needs " + (len + 4) + " bytes, " + buf.remaining() + " remain");
        byte[] payload = new byte[(int) len];
        buf.get(payload);
        long stored = Integer.toUnsignedLong(buf.getInt());
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != stored)
            throw new InvalidInputException("corrupt .spk file: CRC-32 mismatch in the " + what + " section (the file was damaged)");
        return payload;
    }
}
