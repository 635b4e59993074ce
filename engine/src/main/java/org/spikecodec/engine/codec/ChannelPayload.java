package org.spikecodec.engine.codec;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;

/**
 * Layout of one channel section of a {@code .spk} file:
 * <pre>
 *   flags     1 byte   bit 0: a Laplacian rate per band follows; bit 1: a top-cell mean per band follows
 *   side info float32 per band for each flag set (laplace first)
 *   counts    the rest: the entropy-coded signed spike counts of every band
 * </pre>
 * Side information costs nothing when unused (the usual midpoint decoding without saturation).
 */
final class ChannelPayload {
    private static final int HAS_LAPLACE = 1, HAS_TOP = 2;

    private ChannelPayload() {}

    record Parsed(List<BandSideInfo> sideInfo, byte[] counts) {}

    static byte[] write(List<BandSideInfo> side, byte[] counts) {
        boolean laplace = side.stream().anyMatch(s -> !Float.isNaN(s.laplace()));
        boolean top = side.stream().anyMatch(s -> !Float.isNaN(s.topMean()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(counts.length + 1 + side.size() * 8);
        out.write((laplace ? HAS_LAPLACE : 0) | (top ? HAS_TOP : 0));
        ByteBuffer f = ByteBuffer.allocate(side.size() * 8);
        if (laplace) for (BandSideInfo s : side) f.putFloat(s.laplace());
        if (top) for (BandSideInfo s : side) f.putFloat(s.topMean());
        out.write(f.array(), 0, f.position());
        out.writeBytes(counts);
        return out.toByteArray();
    }

    static Parsed read(byte[] payload, int bands) throws InvalidInputException {
        try {
            ByteBuffer buf = ByteBuffer.wrap(payload);
            int flags = buf.get() & 0xff;
            if ((flags & ~(HAS_LAPLACE | HAS_TOP)) != 0) throw new InvalidInputException("corrupt .spk channel: unknown flags " + flags);
            float[] laplace = new float[bands], top = new float[bands];
            Arrays.fill(laplace, Float.NaN);
            Arrays.fill(top, Float.NaN);
            if ((flags & HAS_LAPLACE) != 0) for (int b = 0; b < bands; b++) laplace[b] = buf.getFloat();
            if ((flags & HAS_TOP) != 0) for (int b = 0; b < bands; b++) top[b] = buf.getFloat();
            List<BandSideInfo> side = new ArrayList<>(bands);
            for (int b = 0; b < bands; b++) side.add(new BandSideInfo(laplace[b], top[b]));
            byte[] counts = new byte[buf.remaining()];
            buf.get(counts);
            return new Parsed(side, counts);
        } catch (BufferUnderflowException e) {
            throw new InvalidInputException("truncated .spk channel section: its side information ends early", e);
        }
    }
}
