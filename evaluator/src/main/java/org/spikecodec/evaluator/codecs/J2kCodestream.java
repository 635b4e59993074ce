package org.spikecodec.evaluator.codecs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JPEG 2000 codestream (ISO/IEC 15444-1 Annex A) of one tile in one tile-part, in layer-resolution-component-position
 * progression, whose tile-part header lists the packet lengths (PLT), as {@code opj_compress -PLT} writes one; and its
 * truncation after any number of quality layers.
 *
 * <p>In that progression all packets of layer 1 come first, then all of layer 2, and so on, each layer holding the same
 * number of packets; so the first k layers are a prefix of the tile data. The truncated stream is the stream an encoder
 * asked for k layers would write: the main header with the layer count of COD set to k, the tile-part header without
 * the PLT markers (optional, and they would list packets no longer there) and with its length (Psot) updated, the
 * first k layers' packets, EOC. Packet headers are coded layer after layer, so the prefix decodes exactly.
 */
final class J2kCodestream {
    private static final int SOC = 0xFF4F, COD = 0xFF52, SOT = 0xFF90, PLT = 0xFF58, SOD = 0xFF93, EOC = 0xFFD9;
    private static final int LRCP = 0;

    private final byte[] code;
    private final int codAt, sotAt, dataAt;
    /** Tile-part header marker segments other than PLT, as [start, end) offsets. */
    private final List<int[]> keptSegments;
    /** Tile data bytes of the first k layers, k = 0..layers. */
    private final long[] layerEnds;

    private J2kCodestream(byte[] code, int codAt, int sotAt, int dataAt, List<int[]> keptSegments, long[] layerEnds) {
        this.code = code;
        this.codAt = codAt;
        this.sotAt = sotAt;
        this.dataAt = dataAt;
        this.keptSegments = keptSegments;
        this.layerEnds = layerEnds;
    }

    /** @throws IOException when the stream is not of the kind described above (the message says how) */
    static J2kCodestream parse(byte[] code) throws IOException {
        if (code.length < 4 || u16(code, 0) != SOC) throw malformed("no SOC marker");
        int pos = 2, codAt = -1;
        while (u16(code, pos) != SOT) { // main header
            int marker = u16(code, pos);
            if (marker == COD) codAt = pos;
            pos = segmentEnd(code, pos);
        }
        if (codAt < 0) throw malformed("no COD marker in the main header");
        if ((code[codAt + 5] & 0xff) != LRCP) throw malformed("progression order " + (code[codAt + 5] & 0xff) + ", not LRCP");
        int layers = u16(code, codAt + 6);
        int sotAt = pos;
        if (u16(code, sotAt + 2) != 10) throw malformed("SOT length is not 10");
        long tilePartLength = u32(code, sotAt + 6);
        pos = sotAt + 12;
        List<int[]> kept = new ArrayList<>();
        List<Long> packets = new ArrayList<>();
        while (u16(code, pos) != SOD) { // tile-part header
            int end = segmentEnd(code, pos);
            if (u16(code, pos) == PLT) readPacketLengths(code, pos + 5, end, packets);
            else kept.add(new int[] {pos, end});
            pos = end;
        }
        int dataAt = pos + 2;
        long dataEnd = tilePartLength == 0 ? code.length - 2 : sotAt + tilePartLength;
        if (dataEnd != code.length - 2 || u16(code, code.length - 2) != EOC) throw malformed("more than one tile-part, or no EOC after the tile");
        long total = 0;
        for (long p : packets) total += p;
        if (packets.isEmpty() || total != dataEnd - dataAt) throw malformed("PLT lists " + total + " bytes of packets for " + (dataEnd - dataAt) + " bytes of tile data");
        if (layers < 1 || packets.size() % layers != 0) throw malformed(packets.size() + " packets in " + layers + " layers");
        int perLayer = packets.size() / layers;
        long[] ends = new long[layers + 1];
        for (int k = 1; k <= layers; k++) {
            ends[k] = ends[k - 1];
            for (int i = (k - 1) * perLayer; i < k * perLayer; i++) ends[k] += packets.get(i);
        }
        return new J2kCodestream(code, codAt, sotAt, dataAt, kept, ends);
    }

    int layers() { return layerEnds.length - 1; }

    /** Tile data bytes of the first {@code layers} quality layers: the payload of the stream truncated there. */
    long payloadBytes(int layers) { return layerEnds[check(layers)]; }

    /** Bytes of a truncated stream besides its payload: main header, tile-part header without PLT, SOD, EOC. */
    long headerBytes() {
        long n = sotAt + 12 + 2 + 2;
        for (int[] s : keptSegments) n += s[1] - s[0];
        return n;
    }

    /** The codestream of the first {@code layers} quality layers. */
    byte[] truncate(int layers) {
        check(layers);
        ByteArrayOutputStream out = new ByteArrayOutputStream(code.length);
        byte[] mainHeader = java.util.Arrays.copyOf(code, sotAt);
        mainHeader[codAt + 6] = (byte) (layers >> 8);
        mainHeader[codAt + 7] = (byte) layers;
        out.writeBytes(mainHeader);
        long psot = headerBytes() - 2 - sotAt + layerEnds[layers]; // from SOT to the end of the tile data
        byte[] sot = java.util.Arrays.copyOfRange(code, sotAt, sotAt + 12);
        for (int i = 0; i < 4; i++) sot[6 + i] = (byte) (psot >>> (24 - 8 * i));
        out.writeBytes(sot);
        for (int[] s : keptSegments) out.write(code, s[0], s[1] - s[0]);
        out.write(code, dataAt - 2, 2); // SOD
        out.write(code, dataAt, (int) layerEnds[layers]);
        out.write(EOC >> 8);
        out.write(EOC & 0xff);
        return out.toByteArray();
    }

    private int check(int layers) {
        if (layers < 1 || layers > layers()) throw new IllegalArgumentException("layers must be in 1.." + layers() + ", got " + layers);
        return layers;
    }

    /** Packet lengths of one PLT segment (after Zplt): 7 bits a byte, most significant first, the top bit set on all but the last. */
    private static void readPacketLengths(byte[] code, int from, int end, List<Long> out) throws IOException {
        long v = 0;
        for (int i = from; i < end; i++) {
            v = (v << 7) | (code[i] & 0x7f);
            if ((code[i] & 0x80) == 0) { out.add(v); v = 0; }
            else if (v > (1L << 40)) throw malformed("packet length out of range");
        }
        if (v != 0) throw malformed("PLT ends inside a packet length");
    }

    /** End of the marker segment starting at {@code pos} (marker, 2-byte length, body). */
    private static int segmentEnd(byte[] code, int pos) throws IOException {
        if (pos + 4 > code.length || (code[pos] & 0xff) != 0xff) throw malformed("no marker at byte " + pos);
        int end = pos + 2 + u16(code, pos + 2);
        if (u16(code, pos + 2) < 2 || end > code.length - 2) throw malformed("marker segment at byte " + pos + " runs past the end");
        return end;
    }

    private static int u16(byte[] b, int i) throws IOException {
        if (i + 2 > b.length) throw malformed("truncated at byte " + i);
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) throws IOException {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static IOException malformed(String why) {
        return new IOException("unexpected JPEG 2000 codestream: " + why);
    }
}
