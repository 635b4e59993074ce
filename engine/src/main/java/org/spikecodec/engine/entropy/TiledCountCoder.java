package org.spikecodec.engine.entropy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/**
 * The spike counts of one channel in independently coded blocks ({@code .spk} format version 2), so that both sides
 * run on as many cores as there are blocks (in each wave of {@link BlockPlan}). The symbols and contexts are those of {@link SpikeCountCoder} (version 1),
 * with two changes: every block starts from fresh models and zero row buffers, and a quiet group of {@value #GROUP}
 * symbols (all neighbours and parents zero) is coded with one decision when all four are zero.
 *
 * <h2>Bitstream</h2>
 * <pre>
 *   lengths    varint  per block but the last, the bytes of its range-coded stream
 *   streams    the blocks' streams, in order; the last one ends at the end of the payload
 * </pre>
 * The blocks follow from the layout and the block size 2^{@value #BLOCK_LOG2} of the format ({@link BlockPlan}), so a
 * one-block channel (any image up to 2^18 coefficients a channel, 512x512) has no table at all.
 * Within a block, each segment (rows of one band) starts with one equiprobable bit choosing raw counts or MED
 * residuals, then the symbols in row-major order. At a column {@code x = 0 (mod 4)} with four columns left, when the
 * left two symbols, the six above (x-1..x+4), the four two rows above and the parents of the four are all zero, one
 * decision says whether the group holds a nonzero symbol; if it does, its four symbols follow as usual, except that
 * the fourth has no significance decision when the first three were zero.
 *
 * <h2>Robustness</h2>
 * As {@link SpikeCountCoder}, per block: the block table is checked against the layout and the payload length before
 * anything is allocated, each block's coefficients against what its length can describe ({@link #maxSymbolsFor}),
 * and every block must consume its stream exactly.
 */
public final class TiledCountCoder {
    /**
     * Blocks of format version 2 hold at most about 2^18 coefficients: a 3.4 MP colour image has 12 blocks a channel, a
     * 0.26 MP one a single block. Smaller blocks cost rate (fresh models, stream ends: 6% at 2^12 on test data).
     */
    public static final int BLOCK_LOG2 = 18;
    /** Block sizes the package's tests may use (the format fixes {@link #BLOCK_LOG2}). */
    static final int MIN_BLOCK_LOG2 = 12, MAX_BLOCK_LOG2 = 30;
    /** Symbols per run-mode group. */
    public static final int GROUP = 4;

    private TiledCountCoder() {}

    /**
     * Upper bound on the coefficients {@code streamBytes} bytes of one block (or a whole payload) can describe: as
     * {@link SpikeCountCoder#maxSymbolsFor}, with one decision per {@value #GROUP} coefficients at worst.
     */
    public static long maxSymbolsFor(long streamBytes) {
        long decisions = SpikeCountCoder.maxSymbolsFor(streamBytes);
        return decisions >= Long.MAX_VALUE / GROUP ? Long.MAX_VALUE : decisions * GROUP;
    }

    /**
     * Encodes every band's counts; the blocks are coded in parallel on the common fork-join pool, and the bytes do not
     * depend on how many threads it has.
     *
     * @throws IllegalArgumentException if the arrays do not match the layout or a count exceeds {@link SpikeCountCoder#MAX_MAGNITUDE}
     */
    public static byte[] encode(List<BandShape> layout, List<int[]> counts) {
        return encode(layout, counts, BLOCK_LOG2);
    }

    /** As {@link #encode(List, List)} with blocks of 2^blockLog2 coefficients (tests: many blocks from small images). */
    static byte[] encode(List<BandShape> layout, List<int[]> counts, int blockLog2) {
        if (blockLog2 < MIN_BLOCK_LOG2 || blockLog2 > MAX_BLOCK_LOG2)
            throw new IllegalArgumentException("block size 2^" + blockLog2 + " outside 2^" + MIN_BLOCK_LOG2 + "..2^" + MAX_BLOCK_LOG2);
        LayoutPlan plan = SpikeCountCoder.checkedPlan(layout, counts);
        List<BlockPlan.Block> blocks = BlockPlan.of(plan, blockLog2).blocks;
        byte[][] streams = new byte[blocks.size()][];
        IntStream.range(0, blocks.size()).parallel().forEach(i -> streams[i] = encodeBlock(plan, blocks.get(i), counts));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < streams.length; i++) writeVarint(out, streams[i].length);
        for (byte[] s : streams) out.writeBytes(s);
        return out.toByteArray();
    }

    /**
     * Decodes a payload from {@link #encode} for the same layout into a mutable list the caller owns. The blocks of one
     * wave are decoded in parallel on the common fork-join pool; a failure is reported as the first failing block's
     * in stream order, whatever the scheduling.
     *
     * @throws InvalidInputException if the layout is unusable, the block table is inconsistent with the layout or the
     *                               payload, or a block is truncated, corrupt or has bytes left over
     */
    public static List<int[]> decode(byte[] data, List<BandShape> layout) throws InvalidInputException {
        return decode(data, layout, BLOCK_LOG2);
    }

    static List<int[]> decode(byte[] data, List<BandShape> layout, int blockLog2) throws InvalidInputException {
        Objects.requireNonNull(data, "data");
        LayoutPlan plan = LayoutPlan.forPayload(layout, data.length, maxSymbolsFor(data.length));
        if (blockLog2 < MIN_BLOCK_LOG2 || blockLog2 > MAX_BLOCK_LOG2) throw new IllegalArgumentException("block size 2^" + blockLog2);
        List<BlockPlan.Block> blocks = BlockPlan.of(plan, blockLog2).blocks;
        int n = blocks.size();
        int[] pos = {0};
        int[] start = new int[n + 1];
        long[] length = new long[n];
        long sum = 0;
        for (int i = 0; i + 1 < n; i++) {
            length[i] = readVarint(data, pos, "length of block " + i);
            sum += length[i];
            if (sum > data.length - pos[0]) // checked as the table is read, so the sum stays small
                throw new InvalidInputException("corrupt spike-count payload: blocks 0.." + i + " of " + n + " claim " + sum + " bytes, "
                        + Math.max(0, data.length - pos[0]) + " follow the block table");
        }
        if (n > 0) length[n - 1] = data.length - pos[0] - sum;
        else if (pos[0] != data.length) throw new InvalidInputException("corrupt spike-count payload: " + (data.length - pos[0]) + " bytes but no coefficients");
        start[0] = pos[0];
        for (int i = 0; i < blocks.size(); i++) {
            start[i + 1] = (int) (start[i] + length[i]);
            if (blocks.get(i).coefficients() > maxSymbolsFor(length[i]))
                throw new InvalidInputException("spike-count block " + i + " of " + length[i] + " bytes cannot hold its "
                        + blocks.get(i).coefficients() + " coefficients: truncated or corrupt file");
        }
        List<int[]> out = new ArrayList<>(plan.size.length);
        for (int b = 0; b < plan.size.length; b++) out.add(new int[plan.size[b]]);
        InvalidInputException[] failures = new InvalidInputException[blocks.size()];
        int first = 0;
        for (int wave = 0; first < blocks.size(); wave++) {
            int from = first, w = wave;
            while (first < blocks.size() && blocks.get(first).wave() == w) first++;
            IntStream.range(from, first).parallel().forEach(i -> {
                try {
                    decodeBlock(plan, blocks.get(i), data, start[i], start[i + 1], out, layout);
                } catch (InvalidInputException e) {
                    failures[i] = new InvalidInputException("block " + i + ": " + e.getMessage(), e);
                }
            });
            for (int i = from; i < first; i++) if (failures[i] != null) throw failures[i];
        }
        return out;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** An unsigned LEB128 value below 2^35 (at most 5 bytes); {@code pos[0]} moves past it. */
    private static long readVarint(byte[] data, int[] pos, String what) throws InvalidInputException {
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= data.length) throw new InvalidInputException("spike-count payload ends in its block table (" + what + "): truncated or corrupt file");
            int b = data[pos[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new InvalidInputException("corrupt spike-count payload: " + what + " is not a varint of at most 5 bytes");
    }

    private static byte[] encodeBlock(LayoutPlan plan, BlockPlan.Block block, List<int[]> counts) {
        RangeEncoder enc = new RangeEncoder((int) Math.min(1 << 20, block.coefficients() / 4 + 64));
        ContextModels models = new ContextModels(plan.contextClasses);
        CoderRows rows = new CoderRows(plan.maxWidth);
        for (BlockPlan.Segment seg : block.segments()) {
            int b = seg.band(), p = plan.parent[b];
            encodeSegment(enc, models, plan.contextClass[b], counts.get(b), plan.width[b], seg.y0(), seg.y1(),
                    p < 0 ? null : counts.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows);
        }
        return enc.finish();
    }

    private static void decodeBlock(LayoutPlan plan, BlockPlan.Block block, byte[] data, int from, int to, List<int[]> out,
                                    List<BandShape> layout) throws InvalidInputException {
        RangeDecoder dec = new RangeDecoder(data, from, to);
        ContextModels models = new ContextModels(plan.contextClasses);
        CoderRows rows = new CoderRows(plan.maxWidth);
        for (BlockPlan.Segment seg : block.segments()) {
            int b = seg.band(), p = plan.parent[b];
            decodeSegment(dec, models, plan.contextClass[b], out.get(b), plan.width[b], seg.y0(), seg.y1(),
                    p < 0 ? null : out.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows, layout.get(b).name());
        }
        if (dec.unreadBytes() > 0)
            throw new InvalidInputException("corrupt spike-count payload: " + dec.unreadBytes() + " unused bytes after the block's last coefficient");
    }

    /** A group at {@code x} (symbol buffers padded by two) may take the run decision: every neighbour and parent is zero. */
    private static boolean quiet(int[] s0, int[] s1, int[] s2, int x, int[] parent, int parentRow, int pw) {
        if ((s0[x] | s0[x + 1] | s1[x + 1] | s1[x + 2] | s1[x + 3] | s1[x + 4] | s1[x + 5] | s1[x + 6]
                | s2[x + 2] | s2[x + 3] | s2[x + 4] | s2[x + 5]) != 0) return false;
        return parentRow < 0 || (parent[parentRow + Math.min(x >> 1, pw - 1)] | parent[parentRow + Math.min((x >> 1) + 1, pw - 1)]) == 0;
    }

    private static void encodeSegment(RangeEncoder enc, ContextModels m, int contextClass, int[] band, int w, int y0, int y1,
                                      int[] parent, int pw, int ph, CoderRows r) {
        // Only bands without a parent (the wavelet's LL, retina layers, pixels) are smooth enough for MED prediction to
        // pay; not evaluating it on wavelet detail bands saves a pass over most coefficients (about a tenth of the coder).
        boolean predictive = parent == null && SpikeCountCoder.prefersPrediction(band, w, y0, y1);
        enc.encodeDirect(predictive ? 1 : 0, 1);
        int set = 2 * contextClass + (predictive ? 1 : 0);
        r.reset();
        for (int y = y0, off = y0 * w; y < y1; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v1 = r.v1;
            // The row's symbols first (prediction needs only counts), then the decisions.
            for (int x = 0; x < w; x++) {
                int v = band[off + x];
                s0[x + 2] = predictive ? v - SpikeCountCoder.med(x > 0 ? band[off + x - 1] : 0, v1[x + 2], v1[x + 1]) : v;
            }
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            int x = 0;
            while (x < w) {
                if ((x & (GROUP - 1)) == 0 && x + GROUP <= w && quiet(s0, s1, s2, x, parent, parentRow, pw)) {
                    boolean any = (s0[x + 2] | s0[x + 3] | s0[x + 4] | s0[x + 5]) != 0;
                    enc.encodeBit(m.run, set, any ? 1 : 0);
                    if (any) {
                        for (int i = 0; i < GROUP; i++, x++) {
                            int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                            boolean lastOfZeros = i == GROUP - 1 && (s0[x - 1] | s0[x] | s0[x + 1]) == 0;
                            if (lastOfZeros) CountSymbols.encodeNonzero(enc, m, set, s0[x + 2], s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                            else CountSymbols.encode(enc, m, set, s0[x + 2], s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                        }
                    } else {
                        x += GROUP;
                    }
                    continue;
                }
                int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                CountSymbols.encode(enc, m, set, s0[x + 2], s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                x++;
            }
            System.arraycopy(band, off, r.v0, 2, w);
            r.nextRow();
        }
    }

    private static void decodeSegment(RangeDecoder dec, ContextModels m, int contextClass, int[] band, int w, int y0, int y1,
                                      int[] parent, int pw, int ph, CoderRows r, String name) throws InvalidInputException {
        boolean predictive = dec.decodeDirect(1) == 1;
        int set = 2 * contextClass + (predictive ? 1 : 0);
        r.reset();
        for (int y = y0, off = y0 * w; y < y1; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v1 = r.v1;
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            int x = 0;
            while (x < w) {
                if ((x & (GROUP - 1)) == 0 && x + GROUP <= w && quiet(s0, s1, s2, x, parent, parentRow, pw)) {
                    if (dec.decodeBit(m.run, set) == 1) {
                        for (int i = 0; i < GROUP; i++, x++) {
                            int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                            boolean lastOfZeros = i == GROUP - 1 && (s0[x - 1] | s0[x] | s0[x + 1]) == 0;
                            s0[x + 2] = lastOfZeros
                                    ? CountSymbols.decodeNonzero(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p)
                                    : CountSymbols.decode(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                        }
                    } else {
                        s0[x + 2] = s0[x + 3] = s0[x + 4] = s0[x + 5] = 0;
                        x += GROUP;
                    }
                    continue;
                }
                int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                s0[x + 2] = CountSymbols.decode(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                x++;
            }
            for (int x2 = 0; x2 < w; x2++) {
                int v = predictive ? s0[x2 + 2] + SpikeCountCoder.med(x2 > 0 ? band[off + x2 - 1] : 0, v1[x2 + 2], v1[x2 + 1]) : s0[x2 + 2];
                if (v > SpikeCountCoder.MAX_MAGNITUDE || v < -SpikeCountCoder.MAX_MAGNITUDE)
                    throw new InvalidInputException("corrupt spike-count payload: count " + v + " in band " + name + " exceeds +-" + SpikeCountCoder.MAX_MAGNITUDE);
                band[off + x2] = v;
            }
            if (dec.overran())
                throw new InvalidInputException("spike-count payload ends early (in band " + name + ", row " + y + "): truncated or corrupt file");
            System.arraycopy(band, off, r.v0, 2, w);
            r.nextRow();
        }
    }
}
