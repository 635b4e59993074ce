package org.spikecodec.engine.entropy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/**
 * The spike counts of one channel in independently coded blocks ({@code .spk} format versions 2 and 3), so that both sides
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
 * <h2>Version 3: chunk flags</h2>
 * Version 3 (written) cuts every row of a segment into chunks of {@value #CHUNK} columns (the last one shorter), and
 * leads a chunk with one adaptive decision "holds a nonzero symbol" unless it is busy: the chunk above it (same
 * columns, previous row of the segment) holds a nonzero symbol and so does one of its parents (or the band has no
 * parent). A chunk flagged zero codes nothing more; the symbols of a flagged or busy chunk follow as in version 2, but
 * in a flagged chunk, while its symbols are all zero so far, the quiet groups' decisions have models of their own
 * (one per group position), and the last group's decision, or the last symbol's significance, is implied when
 * everything before it in the chunk was zero. Flag context ({@value #CHUNK_CONTEXTS} per model set): the number of
 * nonzero symbols in the chunk above (0, 1, 2, 3 or more), whether one of the two symbols to the left is nonzero,
 * whether one of the chunk's parents is. Zero chunks are most of a photo's fine bands at usual rates, and a flagged
 * zero chunk costs one decision where version 2 spent one per quiet group or one per symbol.
 *
 * <h2>Robustness</h2>
 * As {@link SpikeCountCoder}, per block: the block table is checked against the layout and the payload length before
 * anything is allocated, each block's coefficients against what its length can describe ({@link #maxSymbolsFor}: at
 * least one decision per {@value #GROUP} coefficients in version 2, per {@value #CHUNK} in version 3), and every
 * block must consume its stream exactly.
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
    /** The coding variants: {@value #VERSION_BLOCKS} (format version 2) and {@value #VERSION_CHUNKS} (version 3, written). */
    public static final int VERSION_BLOCKS = 2, VERSION_CHUNKS = 3;
    /** Version 3: symbols per chunk of a row, each chunk led by one "holds a nonzero symbol" decision (a multiple of {@value #GROUP}). */
    public static final int CHUNK = 16;
    /** Chunk-flag contexts per model set: nonzero symbols in the chunk above (0..3+), to the left, among the parents. */
    static final int CHUNK_CONTEXTS = 16;
    /** Run-decision models per set in version 3: outside a flagged chunk's zero prefix, and per group index within it. */
    static final int CHUNK_RUN_MODELS = 1 + CHUNK / GROUP;

    private TiledCountCoder() {}

    /**
     * Upper bound on the coefficients {@code streamBytes} bytes of one block (or a whole payload) of the version written
     * (3) can describe: as {@link SpikeCountCoder#maxSymbolsFor}, with one decision per {@value #CHUNK} coefficients at
     * worst (a chunk flagged zero).
     */
    public static long maxSymbolsFor(long streamBytes) {
        return maxSymbolsFor(streamBytes, VERSION_CHUNKS);
    }

    /**
     * As {@link #maxSymbolsFor(long)} for one coding variant: at worst one decision per {@value #GROUP} coefficients in
     * version 2, per {@value #CHUNK} (an all-zero chunk) in version 3.
     */
    public static long maxSymbolsFor(long streamBytes, int version) {
        int perDecision = checkedVersion(version) == VERSION_CHUNKS ? CHUNK : GROUP;
        long decisions = SpikeCountCoder.maxSymbolsFor(streamBytes);
        return decisions >= Long.MAX_VALUE / perDecision ? Long.MAX_VALUE : decisions * perDecision;
    }

    static int checkedVersion(int version) {
        if (version != VERSION_BLOCKS && version != VERSION_CHUNKS) throw new IllegalArgumentException("no tiled count coding of version " + version);
        return version;
    }

    /**
     * Encodes every band's counts; the blocks are coded in parallel on the common fork-join pool, and the bytes do not
     * depend on how many threads it has.
     *
     * @throws IllegalArgumentException if the arrays do not match the layout or a count exceeds {@link SpikeCountCoder#MAX_MAGNITUDE}
     */
    public static byte[] encode(List<BandShape> layout, List<int[]> counts) {
        return encode(layout, counts, BLOCK_LOG2, VERSION_CHUNKS);
    }

    /**
     * As {@link #encode(List, List)}, and adds every count to {@code stats} on the way: the same histogram as
     * {@link EntropyStats.Histogram#add(int[], int)} of each band, gathered from the rows the coder reads anyway.
     */
    public static byte[] encode(List<BandShape> layout, List<int[]> counts, EntropyStats.Histogram stats) {
        return encode(layout, counts, BLOCK_LOG2, VERSION_CHUNKS, Objects.requireNonNull(stats, "stats"));
    }

    /** As {@link #encode(List, List)} in the given coding variant ({@value #VERSION_BLOCKS} is kept for comparisons and tests). */
    public static byte[] encode(List<BandShape> layout, List<int[]> counts, int version) {
        return encode(layout, counts, BLOCK_LOG2, version);
    }

    /** As {@link #encode(List, List)} with blocks of 2^blockLog2 coefficients (tests: many blocks from small images). */
    static byte[] encode(List<BandShape> layout, List<int[]> counts, int blockLog2, int version) {
        return encode(layout, counts, blockLog2, version, null);
    }

    /** The encoder; with {@code stats}, each block's counts go into a histogram of its own, merged in block order. */
    static byte[] encode(List<BandShape> layout, List<int[]> counts, int blockLog2, int version, EntropyStats.Histogram stats) {
        return encode(layout, counts, blockLog2, version, stats, null, null);
    }

    /**
     * As {@link #encode(List, List, int, int, EntropyStats.Histogram)}, for measurement tools: every block starts from
     * copies of {@code initial} (null: the format's models), and {@code afterBlock} (if not null) is given each block's
     * models once the block is coded, from the block's thread.
     */
    static byte[] encode(List<BandShape> layout, List<int[]> counts, int blockLog2, int version, EntropyStats.Histogram stats,
                         ContextModels initial, Consumer<ContextModels> afterBlock) {
        checkedVersion(version);
        if (blockLog2 < MIN_BLOCK_LOG2 || blockLog2 > MAX_BLOCK_LOG2)
            throw new IllegalArgumentException("block size 2^" + blockLog2 + " outside 2^" + MIN_BLOCK_LOG2 + "..2^" + MAX_BLOCK_LOG2);
        LayoutPlan plan = SpikeCountCoder.checkedPlan(layout, counts);
        List<BlockPlan.Block> blocks = BlockPlan.of(plan, blockLog2).blocks;
        byte[][] streams = new byte[blocks.size()][];
        EntropyStats.Histogram[] blockStats = new EntropyStats.Histogram[blocks.size()];
        // Every block starts from copies of these.
        ContextModels start = initial != null ? initial : new ContextModels(plan.contextClasses);
        IntStream.range(0, blocks.size()).parallel().forEach(i -> {
            if (stats != null) blockStats[i] = new EntropyStats.Histogram();
            streams[i] = encodeBlock(plan, start, blocks.get(i), counts, version, blockStats[i], afterBlock);
        });
        if (stats != null) for (EntropyStats.Histogram h : blockStats) stats.addAll(h);
        long size = 5L * streams.length; // the table: at most 5 bytes a block
        for (byte[] s : streams) size += s.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, size));
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
        return decode(data, layout, BLOCK_LOG2, VERSION_CHUNKS);
    }

    /** As {@link #decode(byte[], List)} for a payload of the given coding variant ({@value #VERSION_BLOCKS} or {@value #VERSION_CHUNKS}). */
    public static List<int[]> decode(byte[] data, List<BandShape> layout, int version) throws InvalidInputException {
        return decode(data, layout, BLOCK_LOG2, version, null);
    }

    /**
     * As {@link #decode(byte[], List, int)}, and {@code maxMagnitudes} (one per band) ends holding each band's largest
     * |count|, found as the counts are written (the decoder checks them against the LIF parameters without another pass).
     */
    public static List<int[]> decode(byte[] data, List<BandShape> layout, int version, int[] maxMagnitudes) throws InvalidInputException {
        return decode(data, layout, BLOCK_LOG2, version, checkedMaxima(maxMagnitudes, layout));
    }

    /**
     * As {@link #decode(byte[], List, int, int[])}, except that every row of every band goes to {@code rowSink} as it is
     * decoded, while it is in the cache, and the list holds {@code null} for every band (the bands that are parents are
     * kept in arrays during the decode only, for their children's contexts). An exception from the sink ends the decode
     * as a corrupt block would (reported with its block number).
     */
    public static List<int[]> decode(byte[] data, List<BandShape> layout, int version, int[] maxMagnitudes, CountRowSink rowSink)
            throws InvalidInputException {
        return decode(data, layout, BLOCK_LOG2, version, checkedMaxima(maxMagnitudes, layout), Objects.requireNonNull(rowSink, "rowSink"));
    }

    private static int[] checkedMaxima(int[] maxMagnitudes, List<BandShape> layout) {
        if (maxMagnitudes.length != layout.size())
            throw new IllegalArgumentException(maxMagnitudes.length + " maxima for " + layout.size() + " bands");
        return maxMagnitudes;
    }

    static List<int[]> decode(byte[] data, List<BandShape> layout, int blockLog2, int version) throws InvalidInputException {
        return decode(data, layout, blockLog2, version, null);
    }

    static List<int[]> decode(byte[] data, List<BandShape> layout, int blockLog2, int version, int[] maxMagnitudes) throws InvalidInputException {
        return decode(data, layout, blockLog2, version, maxMagnitudes, null);
    }

    static List<int[]> decode(byte[] data, List<BandShape> layout, int blockLog2, int version, int[] maxMagnitudes, CountRowSink rowSink)
            throws InvalidInputException {
        Objects.requireNonNull(data, "data");
        checkedVersion(version);
        LayoutPlan plan = LayoutPlan.forPayload(layout, data.length, maxSymbolsFor(data.length, version));
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
            if (blocks.get(i).coefficients() > maxSymbolsFor(length[i], version))
                throw new InvalidInputException("spike-count block " + i + " of " + length[i] + " bytes cannot hold its "
                        + blocks.get(i).coefficients() + " coefficients: truncated or corrupt file");
        }
        // With a sink, only the bands that are parents need arrays (their children's contexts read them).
        boolean[] array = new boolean[plan.size.length];
        if (rowSink == null) Arrays.fill(array, true);
        for (int p : plan.parent) if (p >= 0) array[p] = true;
        List<int[]> out = new ArrayList<>(plan.size.length);
        for (int b = 0; b < plan.size.length; b++) out.add(array[b] ? new int[plan.size[b]] : null);
        InvalidInputException[] failures = new InvalidInputException[blocks.size()];
        int[][] blockMax = new int[blocks.size()][]; // per block, per band
        ContextModels initial = new ContextModels(plan.contextClasses); // every block starts from copies of these
        int first = 0;
        for (int wave = 0; first < blocks.size(); wave++) {
            int from = first, w = wave;
            while (first < blocks.size() && blocks.get(first).wave() == w) first++;
            IntStream.range(from, first).parallel().forEach(i -> {
                try {
                    blockMax[i] = decodeBlock(plan, initial, blocks.get(i), data, start[i], start[i + 1], out, layout, version, rowSink);
                } catch (InvalidInputException e) {
                    failures[i] = new InvalidInputException("block " + i + ": " + e.getMessage(), e);
                }
            });
            for (int i = from; i < first; i++) if (failures[i] != null) throw failures[i];
        }
        if (maxMagnitudes != null) {
            Arrays.fill(maxMagnitudes, 0);
            for (int[] m : blockMax) for (int b = 0; b < m.length; b++) maxMagnitudes[b] = Math.max(maxMagnitudes[b], m[b]);
        }
        if (rowSink != null) Collections.fill(out, null); // every row went to the sink
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

    private static byte[] encodeBlock(LayoutPlan plan, ContextModels initial, BlockPlan.Block block, List<int[]> counts, int version,
                                      EntropyStats.Histogram stats, Consumer<ContextModels> afterBlock) {
        RangeEncoder enc = new RangeEncoder((int) Math.min(1 << 20, block.coefficients() / 4 + 64));
        ContextModels models = initial.copy();
        CoderRows rows = new CoderRows(plan.maxWidth);
        for (BlockPlan.Segment seg : block.segments()) {
            int b = seg.band(), p = plan.parent[b];
            encodeSegment(enc, models, plan.contextClass[b], counts.get(b), plan.width[b], seg.y0(), seg.y1(),
                    p < 0 ? null : counts.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows, version, stats);
        }
        if (afterBlock != null) afterBlock.accept(models);
        return enc.finish();
    }

    /** Decodes one block's segments into {@code out}; returns the largest |count| it wrote into each band. */
    private static int[] decodeBlock(LayoutPlan plan, ContextModels initial, BlockPlan.Block block, byte[] data, int from, int to, List<int[]> out,
                                     List<BandShape> layout, int version, CountRowSink rowSink) throws InvalidInputException {
        RangeDecoder dec = new RangeDecoder(data, from, to);
        ContextModels models = initial.copy();
        CoderRows rows = new CoderRows(plan.maxWidth);
        int[] max = new int[plan.size.length];
        for (BlockPlan.Segment seg : block.segments()) {
            int b = seg.band(), p = plan.parent[b];
            max[b] = Math.max(max[b], decodeSegment(dec, models, plan.contextClass[b], out.get(b), plan.width[b], seg.y0(), seg.y1(),
                    p < 0 ? null : out.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows, layout.get(b).name(), version,
                    rowSink, b));
        }
        if (dec.unreadBytes() > 0)
            throw new InvalidInputException("corrupt spike-count payload: " + dec.unreadBytes() + " unused bytes after the block's last coefficient");
        return max;
    }

    /** A group at {@code x} (symbol buffers padded by two) may take the run decision: every neighbour and parent is zero. */
    private static boolean quiet(int[] s0, int[] s1, int[] s2, int x, int[] parent, int parentRow, int pw) {
        if ((s0[x] | s0[x + 1] | s1[x + 1] | s1[x + 2] | s1[x + 3] | s1[x + 4] | s1[x + 5] | s1[x + 6]
                | s2[x + 2] | s2[x + 3] | s2[x + 4] | s2[x + 5]) != 0) return false;
        return parentRow < 0 || (parent[parentRow + Math.min(x >> 1, pw - 1)] | parent[parentRow + Math.min((x >> 1) + 1, pw - 1)]) == 0;
    }

    /**
     * The flag model of a version-3 chunk of columns {@code [cx, end)}, or -1 for a busy chunk, which has no flag: one
     * with a nonzero symbol in the chunk above ({@code nzAbove} of them) and a nonzero parent (or no parent band).
     * Context: {@code min(nzAbove, 3)}, a nonzero symbol among the two to the left, a nonzero parent.
     */
    private static int chunkModel(int set, int[] s0, int nzAbove, int cx, int end, int[] parent, int parentRow, int pw) {
        int par = 0;
        if (parentRow >= 0)
            for (int i = parentRow + Math.min(cx >> 1, pw - 1), e = parentRow + Math.min((end - 1) >> 1, pw - 1); i <= e; i++) par |= parent[i];
        if (nzAbove > 0 && (par != 0 || parentRow < 0)) return -1;
        return set * CHUNK_CONTEXTS + Math.min(nzAbove, 3) + ((s0[cx] | s0[cx + 1]) != 0 ? 4 : 0) + (par != 0 ? 8 : 0);
    }

    /** The run model of a quiet group at {@code dx} columns into a flagged chunk, while its symbols so far are zero or not. */
    private static int runModel(int set, boolean zeros, int dx) {
        return set * CHUNK_RUN_MODELS + (zeros ? 1 + dx / GROUP : 0);
    }

    private static int countNonzero(int[] a, int from, int to) {
        int any = 0;
        for (int i = from; i < to; i++) any |= a[i];
        if (any == 0) return 0; // most chunks: one pass of ORs, without the compare per symbol
        int n = 0;
        for (int i = from; i < to; i++) n += a[i] != 0 ? 1 : 0;
        return n;
    }

    /** Columns per row step: one chunk of {@value #CHUNK} in version 3, the whole row (no chunk flags) in version 2. */
    private static int chunkWidth(int version, int w) {
        return version == VERSION_CHUNKS ? CHUNK : w;
    }

    private static void encodeSegment(RangeEncoder enc, ContextModels m, int contextClass, int[] band, int w, int y0, int y1,
                                      int[] parent, int pw, int ph, CoderRows r, int version, EntropyStats.Histogram stats) {
        // Only bands without a parent (the wavelet's LL, retina layers, pixels) are smooth enough for MED prediction to
        // pay; not evaluating it on wavelet detail bands saves a pass over most coefficients (about a tenth of the coder).
        boolean predictive = parent == null && SpikeCountCoder.prefersPrediction(band, w, y0, y1);
        enc.encodeDirect(predictive ? 1 : 0, 1);
        int set = 2 * contextClass + (predictive ? 1 : 0);
        boolean chunks = version == VERSION_CHUNKS;
        int step = chunkWidth(version, w);
        r.reset(w);
        for (int y = y0, off = y0 * w; y < y1; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v1 = r.v1;
            // The row's symbols first (prediction needs only counts), then the decisions.
            if (predictive)
                for (int x = 0; x < w; x++) s0[x + 2] = band[off + x] - SpikeCountCoder.med(x > 0 ? band[off + x - 1] : 0, v1[x + 2], v1[x + 1]);
            else System.arraycopy(band, off, s0, 2, w);
            // Statistics per chunk where the chunks' counts are in s0 (and most chunks are zero), else per row.
            boolean chunkStats = stats != null && chunks && !predictive;
            if (stats != null && !chunkStats) stats.add(band, off, off + w);
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            for (int cx = 0, k = 0; cx < w; cx += step, k++) {
                int end = Math.min(w, cx + step);
                boolean flagged = false;
                if (chunks) {
                    int nz = r.c0[k] = countNonzero(s0, cx + 2, end + 2);
                    if (chunkStats) {
                        if (nz == 0) stats.addZeros(end - cx);
                        else stats.add(s0, cx + 2, end + 2);
                    }
                    int cm = chunkModel(set, s0, r.c1[k], cx, end, parent, parentRow, pw);
                    if (cm >= 0) {
                        // The bit as a constant on each side of the branch: most flags are 0, and a constant bit
                        // leaves the coder a shorter chain of operations than the branch-free select.
                        if (nz == 0) {
                            enc.encodeBit(m.chunk, cm, 0);
                            continue;
                        }
                        enc.encodeBit(m.chunk, cm, 1);
                        flagged = true;
                    }
                }
                encodeSymbols(enc, m, set, s0, s1, s2, cx, end, parent, parentRow, pw, flagged);
            }
            if (predictive) System.arraycopy(band, off, r.v0, 2, w);
            r.nextRow();
        }
    }

    /**
     * The symbols of columns {@code [x0, end)} of the current row, {@code x0} a multiple of {@value #GROUP}. In a chunk
     * flagged nonzero, while its symbols are all zero, the run decisions have models of their own (by group) and the
     * last group's or the last symbol's significance is implied.
     */
    private static void encodeSymbols(RangeEncoder enc, ContextModels m, int set, int[] s0, int[] s1, int[] s2, int x0, int end,
                                      int[] parent, int parentRow, int pw, boolean flagged) {
        int x = x0;
        boolean zeros = flagged; // a flagged chunk's symbols so far are all zero: one of the rest is not
        while (x < end) {
            if ((x & (GROUP - 1)) == 0 && x + GROUP <= end && quiet(s0, s1, s2, x, parent, parentRow, pw)) {
                boolean any = (s0[x + 2] | s0[x + 3] | s0[x + 4] | s0[x + 5]) != 0;
                if (!flagged) enc.encodeBit(m.run, set, any ? 1 : 0);
                else if (!zeros || x + GROUP < end) enc.encodeBit(m.chunkRun, runModel(set, zeros, x - x0), any ? 1 : 0);
                if (any) {
                    zeros = false;
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
            // Ordinary symbols up to the next group boundary, neighbours sliding along in locals (as in decodeSymbols).
            int stop = Math.min(end, (x | (GROUP - 1)) + 1);
            int l2 = s0[x], l = s0[x + 1], ul = s1[x + 1], u = s1[x + 2];
            for (; x < stop; x++) {
                int v = s0[x + 2], ur = s1[x + 3];
                int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                if (zeros && x == end - 1) CountSymbols.encodeNonzero(enc, m, set, v, l, l2, ul, u, ur, s2[x + 2], p);
                else CountSymbols.encode(enc, m, set, v, l, l2, ul, u, ur, s2[x + 2], p);
                zeros &= v == 0;
                l2 = l;
                l = v;
                ul = u;
                u = ur;
            }
        }
    }

    /**
     * Decodes rows {@code [y0, y1)} of a band into {@code band} (where it has an array), and hands each row to {@code sink}
     * as band {@code b} (where there is one); returns the largest |count| decoded.
     */
    private static int decodeSegment(RangeDecoder dec, ContextModels m, int contextClass, int[] band, int w, int y0, int y1,
                                      int[] parent, int pw, int ph, CoderRows r, String name, int version, CountRowSink sink, int b)
            throws InvalidInputException {
        boolean predictive = dec.decodeDirect(1) == 1;
        int set = 2 * contextClass + (predictive ? 1 : 0);
        int max = 0;
        boolean chunks = version == VERSION_CHUNKS;
        int step = chunkWidth(version, w);
        r.reset(w);
        for (int y = y0, off = y0 * w; y < y1; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v0 = r.v0, v1 = r.v1;
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            int rowMax = 0;
            for (int cx = 0, k = 0; cx < w; cx += step, k++) {
                int end = Math.min(w, cx + step);
                boolean flagged = false;
                if (chunks) {
                    int cm = chunkModel(set, s0, r.c1[k], cx, end, parent, parentRow, pw);
                    if (cm >= 0) {
                        if (dec.decodeBitForBranch(m.chunk, cm) == 0) {
                            Arrays.fill(s0, cx + 2, end + 2, 0);
                            r.c0[k] = 0;
                            continue;
                        }
                        flagged = true;
                    }
                }
                int nz = decodeSymbols(dec, m, set, s0, s1, s2, cx, end, parent, parentRow, pw, flagged);
                if (chunks) r.c0[k] = nz;
                // The band's array starts all zero: only chunks with a nonzero symbol need writing (without prediction).
                if (!predictive && nz != 0) {
                    for (int x = cx; x < end; x++) {
                        int v = s0[x + 2];
                        if (v > SpikeCountCoder.MAX_MAGNITUDE || v < -SpikeCountCoder.MAX_MAGNITUDE) throw tooLarge(v, name);
                        if (band != null) band[off + x] = v;
                        rowMax = Math.max(rowMax, Math.abs(v));
                    }
                }
            }
            if (predictive) {
                // The counts in v0 (the row above is v1; v0's left padding is zero), then into the band.
                for (int x = 0; x < w; x++) {
                    int v = s0[x + 2] + SpikeCountCoder.med(v0[x + 1], v1[x + 2], v1[x + 1]);
                    if (v > SpikeCountCoder.MAX_MAGNITUDE || v < -SpikeCountCoder.MAX_MAGNITUDE) throw tooLarge(v, name);
                    v0[x + 2] = v;
                    rowMax = Math.max(rowMax, Math.abs(v));
                }
                if (band != null) System.arraycopy(v0, 2, band, off, w);
            }
            if (dec.overran())
                throw new InvalidInputException("spike-count payload ends early (in band " + name + ", row " + y + "): truncated or corrupt file");
            if (sink != null) sink.row(b, y, predictive ? v0 : s0, 2, w, rowMax);
            max = Math.max(max, rowMax);
            r.nextRow();
        }
        return max;
    }

    private static InvalidInputException tooLarge(int v, String name) {
        return new InvalidInputException("corrupt spike-count payload: count " + v + " in band " + name + " exceeds +-" + SpikeCountCoder.MAX_MAGNITUDE);
    }

    /** Decodes the symbols of columns {@code [x0, end)} of the current row into {@code s0} (as {@link #encodeSymbols}); returns how many are nonzero. */
    private static int decodeSymbols(RangeDecoder dec, ContextModels m, int set, int[] s0, int[] s1, int[] s2, int x0, int end,
                                     int[] parent, int parentRow, int pw, boolean flagged) {
        int nz = 0;
        int x = x0;
        boolean zeros = flagged;
        // Neighbours slide along in locals: reading them back from the row buffers would wait on the stores just
        // made (the JIT cannot tell s0 from the model banks). cX are their significance classes (ContextModels.sigClass).
        int l2 = s0[x], l = s0[x + 1], ul = s1[x + 1], u = s1[x + 2];
        int cL = ContextModels.sigClass(l), cUL = ContextModels.sigClass(ul), cU = ContextModels.sigClass(u);
        while (x < end) {
            if ((x & (GROUP - 1)) == 0 && x + GROUP <= end && quiet(s0, s1, s2, x, parent, parentRow, pw)) {
                boolean any = !flagged ? dec.decodeBitForBranch(m.run, set) == 1
                        : zeros && x + GROUP == end || dec.decodeBitForBranch(m.chunkRun, runModel(set, zeros, x - x0)) == 1;
                if (any) {
                    zeros = false;
                    for (int i = 0; i < GROUP; i++, x++) {
                        int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                        boolean lastOfZeros = i == GROUP - 1 && (s0[x - 1] | s0[x] | s0[x + 1]) == 0;
                        s0[x + 2] = lastOfZeros
                                ? CountSymbols.decodeNonzero(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p)
                                : CountSymbols.decode(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                        nz += s0[x + 2] != 0 ? 1 : 0;
                    }
                } else {
                    s0[x + 2] = s0[x + 3] = s0[x + 4] = s0[x + 5] = 0;
                    x += GROUP;
                }
                l2 = s0[x];
                l = s0[x + 1];
                ul = s1[x + 1];
                u = s1[x + 2];
                cL = ContextModels.sigClass(l);
                cUL = ContextModels.sigClass(ul);
                cU = ContextModels.sigClass(u);
                continue;
            }
            int ur = s1[x + 3], u2 = s2[x + 2];
            int cUR = ContextModels.sigClass(ur);
            int pattern = ContextModels.sigPattern(cL, cU, cUL, cUR, Math.abs(l2), Math.abs(u2));
            int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
            int v = zeros && x == end - 1
                    ? CountSymbols.decodeNonzero(dec, m, set, l, l2, ul, u, ur, u2, p)
                    : CountSymbols.decode(dec, m, set, pattern, l, l2, ul, u, ur, u2, p);
            s0[x + 2] = v;
            zeros &= v == 0;
            nz += v != 0 ? 1 : 0;
            l2 = l;
            l = v;
            cL = ContextModels.sigClass(v);
            ul = u;
            cUL = cU;
            u = ur;
            cU = cUR;
            x++;
        }
        return nz;
    }
}
