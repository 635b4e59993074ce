package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/** The tiled coder in the variant the encoder writes (format version 3); {@link TiledCountCoderVersion2Test} runs the same cases on version 2. */
class TiledCountCoderTest {
    /** Small blocks, so that test-sized images are cut into many. */
    static final int SMALL_BLOCKS = TiledCountCoder.MIN_BLOCK_LOG2;

    /** The coding variant under test. */
    int version() { return TiledCountCoder.VERSION_CHUNKS; }

    byte[] encode(List<BandShape> layout, List<int[]> counts, int blockLog2) {
        return TiledCountCoder.encode(layout, counts, blockLog2, version());
    }

    List<int[]> decode(byte[] data, List<BandShape> layout, int blockLog2) throws InvalidInputException {
        return TiledCountCoder.decode(data, layout, blockLog2, version());
    }

    void assertRoundTrip(List<BandShape> layout, List<int[]> counts, int blockLog2, String label) throws InvalidInputException {
        byte[] data = encode(layout, counts, blockLog2);
        List<int[]> back = decode(data, layout, blockLog2);
        assertEquals(counts.size(), back.size(), label);
        for (int b = 0; b < counts.size(); b++) assertArrayEquals(counts.get(b), back.get(b), label + " band " + b);
        List<int[]> streamed = decodeThroughSink(data, layout, blockLog2, label);
        for (int b = 0; b < counts.size(); b++) assertArrayEquals(counts.get(b), streamed.get(b), label + " band " + b + " through the sink");
    }

    /**
     * Decodes with a {@link CountRowSink}: checks that every row of every band is streamed once, with the row's true
     * largest |count|, that the list holds no arrays, and that the maxima match the counts; returns every band's counts,
     * the streamed rows put together.
     */
    List<int[]> decodeThroughSink(byte[] data, List<BandShape> layout, int blockLog2, String label) throws InvalidInputException {
        // Allocated as rows arrive: the decoder validates the layout and the payload first.
        Map<Integer, int[]> rows = new ConcurrentHashMap<>();
        Map<Integer, AtomicIntegerArray> seen = new ConcurrentHashMap<>();
        int[] max = new int[layout.size()];
        List<int[]> out = TiledCountCoder.decode(data, layout, blockLog2, version(), max, (band, y, counts, from, width, rowMax) -> {
            assertEquals(layout.get(band).width(), width, label);
            int[] into = rows.computeIfAbsent(band, k -> new int[layout.get(k).size()]);
            assertEquals(0, seen.computeIfAbsent(band, k -> new AtomicIntegerArray(layout.get(k).height())).getAndIncrement(y),
                    label + ": row " + y + " of band " + band + " streamed twice");
            int m = 0;
            for (int x = 0; x < width; x++) m = Math.max(m, Math.abs(counts[from + x]));
            assertEquals(m, rowMax, label + ": maximum of row " + y + " of band " + band);
            System.arraycopy(counts, from, into, y * width, width);
        });
        List<int[]> all = new ArrayList<>(out);
        for (int b = 0; b < layout.size(); b++) {
            assertNull(out.get(b), label + ": band " + b + " streamed, not returned");
            BandShape shape = layout.get(b);
            if (shape.size() > 0) for (int y = 0; y < shape.height(); y++) assertEquals(1, seen.get(b).get(y), label + ": row " + y + " of band " + b);
            all.set(b, rows.getOrDefault(b, new int[shape.size()]));
        }
        for (int b = 0; b < layout.size(); b++) {
            int m = 0;
            for (int v : all.get(b)) m = Math.max(m, Math.abs(v));
            assertEquals(m, max[b], label + ": maximum of band " + b);
        }
        return all;
    }

    /** A 5-level wavelet layout of 512x384 (about 200 K coefficients): 2^12-coefficient blocks cut it into dozens. */
    private static TestData.Bands bigWavelet() { return TestData.waveletCounts(new Random(31), 512, 384, 5, 4); }

    private static int blocksOf(TestData.Bands b, int blockLog2) {
        return BlockPlan.of(LayoutPlan.of(b.layout()), blockLog2).blocks.size();
    }

    @Test
    void randomLayoutsAndCountsRoundTripExactly() throws InvalidInputException {
        Random rnd = new Random(20261130);
        for (int iter = 0; iter < 300; iter++) {
            int bands = rnd.nextInt(12);
            List<BandShape> layout = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            for (int b = 0; b < bands; b++) {
                int w = SpikeCountCoderRoundTripTest.randomDim(rnd), h = SpikeCountCoderRoundTripTest.randomDim(rnd);
                layout.add(new BandShape("b" + b, w, h, rnd.nextInt(4) - 1, 1.0));
                counts.add(SpikeCountCoderRoundTripTest.randomBand(rnd, w, h));
            }
            assertRoundTrip(layout, counts, iter % 2 == 0 ? SMALL_BLOCKS : TiledCountCoder.BLOCK_LOG2, "iteration " + iter);
        }
    }

    @Test
    void waveletLayoutsRoundTripAtEveryBlockSize() throws InvalidInputException {
        Random rnd = new Random(7);
        for (int iter = 0; iter < 20; iter++) {
            int w = 1 + rnd.nextInt(300), h = 1 + rnd.nextInt(300);
            TestData.Bands b = TestData.waveletCounts(rnd, w, h, 1 + rnd.nextInt(5), 0.5 + rnd.nextInt(40));
            for (int log2 : new int[] {SMALL_BLOCKS, 14, TiledCountCoder.BLOCK_LOG2}) assertRoundTrip(b.layout(), b.counts(), log2, w + "x" + h + " 2^" + log2);
        }
        TestData.Bands big = bigWavelet();
        assertTrue(blocksOf(big, SMALL_BLOCKS) > 20, blocksOf(big, SMALL_BLOCKS) + " blocks");
        assertRoundTrip(big.layout(), big.counts(), SMALL_BLOCKS, "512x384 in small blocks");
    }

    @Test
    void blocksCoverEveryRowOnceAndParentsDecodeFirst() {
        Random rnd = new Random(8);
        for (int iter = 0; iter < 40; iter++) {
            TestData.Bands b = TestData.waveletCounts(rnd, 1 + rnd.nextInt(700), 1 + rnd.nextInt(700), 1 + rnd.nextInt(6), 8);
            LayoutPlan plan = LayoutPlan.of(b.layout());
            int log2 = SMALL_BLOCKS + rnd.nextInt(8);
            List<BlockPlan.Block> blocks = BlockPlan.of(plan, log2).blocks;
            int[][] wave = new int[plan.size.length][];
            int[][] block = new int[plan.size.length][];
            for (int band = 0; band < wave.length; band++) {
                wave[band] = new int[plan.height[band]];
                block[band] = new int[plan.height[band]];
                Arrays.fill(wave[band], -1);
            }
            int lastWave = 0;
            for (int i = 0; i < blocks.size(); i++) {
                BlockPlan.Block bl = blocks.get(i);
                assertTrue(bl.wave() >= lastWave && bl.wave() <= lastWave + 1, "waves in order");
                lastWave = bl.wave();
                long coefficients = 0;
                for (BlockPlan.Segment seg : bl.segments()) {
                    for (int y = seg.y0(); y < seg.y1(); y++) {
                        assertEquals(-1, wave[seg.band()][y], "row covered twice");
                        wave[seg.band()][y] = bl.wave();
                        block[seg.band()][y] = i;
                    }
                    coefficients += (long) (seg.y1() - seg.y0()) * plan.width[seg.band()];
                }
                assertEquals(coefficients, bl.coefficients());
                assertTrue(coefficients <= 2L << log2 || bl.segments().size() == 1 && bl.segments().get(0).y1() - bl.segments().get(0).y0() == 1,
                        coefficients + " coefficients in a block of 2^" + log2);
            }
            for (int band = 0; band < wave.length; band++) {
                int p = plan.parent[band];
                for (int y = 0; y < plan.height[band]; y++) {
                    assertTrue(wave[band][y] >= 0, "row " + y + " of band " + band + " in no block");
                    if (p < 0) continue;
                    int py = Math.min(y >> 1, plan.height[p] - 1);
                    assertTrue(wave[p][py] < wave[band][y] || block[p][py] == block[band][y], "parent row decoded first");
                }
            }
        }
        assertEquals(1, blocksOf(TestData.waveletCounts(rnd, 512, 512, 5, 8), TiledCountCoder.BLOCK_LOG2), "a 512x512 channel is one block");
    }

    @Test
    void degenerateLayoutsRoundTrip() throws InvalidInputException {
        assertRoundTrip(List.of(), List.of(), SMALL_BLOCKS, "no bands");
        assertRoundTrip(List.of(TestData.band("e", 0, 5, 0), TestData.band("e2", 7, 0, 0)), List.of(new int[0], new int[0]), SMALL_BLOCKS, "empty bands");
        int[] row = new int[100_000];
        for (int i = 0; i < row.length; i++) row[i] = i % 7 == 0 ? SpikeCountCoder.MAX_MAGNITUDE : (i % 5 == 0 ? -1 : 0);
        assertRoundTrip(List.of(TestData.band("row", row.length, 1, 0), TestData.band("col", 1, row.length, 1)), List.of(row, row), SMALL_BLOCKS, "1xN, Nx1");
    }

    @Test
    void bytesAndCountsDoNotDependOnTheThreadCount() throws Exception {
        TestData.Bands b = bigWavelet();
        byte[] reference = encode(b.layout(), b.counts(), SMALL_BLOCKS);
        for (int threads : new int[] {1, 2, 3, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                byte[] again = pool.submit(() -> encode(b.layout(), b.counts(), SMALL_BLOCKS)).get();
                assertArrayEquals(reference, again, threads + " threads");
                List<int[]> back = pool.submit(() -> decode(reference, b.layout(), SMALL_BLOCKS)).get();
                for (int band = 0; band < back.size(); band++) assertArrayEquals(b.counts().get(band), back.get(band), threads + " threads, band " + band);
            } finally {
                pool.shutdown();
            }
        }
    }

    /**
     * The measurement tools' overload: from the format's own models it writes the same bytes, it reports every block's
     * models once, and other starting models change the bytes (and the models it reports are the ones coded with).
     */
    @Test
    void startingModelsAndTheBlockCallbackOfTheToolsOverload() {
        TestData.Bands b = bigWavelet();
        int blocks = blocksOf(b, SMALL_BLOCKS);
        int classes = LayoutPlan.of(b.layout()).contextClasses;
        AtomicInteger reported = new AtomicInteger();
        byte[] same = TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, version(), null, new ContextModels(classes),
                m -> reported.incrementAndGet());
        assertArrayEquals(encode(b.layout(), b.counts(), SMALL_BLOCKS), same);
        assertEquals(blocks, reported.get());
        ContextModels skewed = new ContextModels(classes);
        for (int m = 0; m < AdaptiveBitModel.models(skewed.sign); m++) AdaptiveBitModel.prior(skewed.sign, m, 0.9);
        List<Integer> signProbabilities = new CopyOnWriteArrayList<>();
        byte[] other = TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, version(), null, skewed,
                m -> signProbabilities.add(AdaptiveBitModel.probabilityOfZero(m.sign, AdaptiveBitModel.models(skewed.sign) - 1)));
        assertTrue(!Arrays.equals(same, other), "a start of P(0) = 0.9 for every sign model changes the bytes");
        assertEquals(blocks, signProbabilities.size());
        assertTrue(signProbabilities.stream().anyMatch(p -> p > 0.8 * AdaptiveBitModel.PROB_ONE), "blocks started from the given models");
    }

    @Test
    void smallBlocksCostLittleRate() {
        TestData.Bands b = bigWavelet();
        int single = SpikeCountCoder.encode(b.layout(), b.counts()).length;
        int tiled = encode(b.layout(), b.counts(), TiledCountCoder.BLOCK_LOG2).length;
        int small = encode(b.layout(), b.counts(), SMALL_BLOCKS).length;
        System.out.printf("512x384 wavelet counts: one stream %d bytes, default blocks %d, %d blocks of 2^12 %d%n", single, tiled, blocksOf(b, SMALL_BLOCKS), small);
        // Version 2 was 0.4% above one stream here, version 3 0.5% (its chunk flags cost 0.1% on this synthetic data).
        assertTrue(tiled <= single * 1.006, tiled + " vs " + single);
        assertTrue(small <= single * 1.10, small + " vs " + single);
    }

    // ---- sparse and extreme content (the paths of version 3's chunk flags: zero chunks, busy chunks without a flag,
    // a flagged chunk whose only nonzero symbol is its last group's or its last one) ----

    /** Bands of every width from 1 to 70 (whole and partial chunks) with one nonzero symbol per chunk at most, at every offset. */
    @Test
    void sparseChunksRoundTripAtEveryOffset() throws InvalidInputException {
        Random rnd = new Random(13);
        for (int w = 1; w <= 70; w++) {
            int h = 1 + rnd.nextInt(9);
            int[] a = new int[w * h];
            for (int y = 0; y < h; y++)
                for (int cx = 0; cx < w; cx += TiledCountCoder.CHUNK) {
                    int len = Math.min(TiledCountCoder.CHUNK, w - cx);
                    if (rnd.nextInt(3) == 0) continue; // some chunks all zero
                    int x = cx + (rnd.nextBoolean() ? len - 1 : rnd.nextInt(len)); // often the chunk's last symbol
                    a[y * w + x] = (rnd.nextBoolean() ? 1 : -1) * (rnd.nextInt(4) == 0 ? SpikeCountCoder.MAX_MAGNITUDE : 1 + rnd.nextInt(3));
                }
            // A parent band of half the size, sometimes all zero, so that chunks are flagged or busy.
            int pw = (w + 1) / 2, ph = (h + 1) / 2;
            int[] parent = rnd.nextBoolean() ? new int[pw * ph] : TestData.laplacianBand(rnd, pw * ph, 0.3);
            List<BandShape> layout = List.of(TestData.band("ll", pw, ph, 0), TestData.band("hl2", pw, ph, 1), TestData.band("lh2", pw, ph, 1),
                    TestData.band("hh2", pw, ph, 1), TestData.band("hl1", w, h, 1));
            List<int[]> counts = List.of(new int[pw * ph], new int[pw * ph], new int[pw * ph], parent, a);
            assertRoundTrip(layout, counts, SMALL_BLOCKS, "sparse " + w + "x" + h);
        }
    }

    @Test
    void extremeAndAllZeroContentRoundTrips() throws InvalidInputException {
        int m = SpikeCountCoder.MAX_MAGNITUDE;
        // A single pixel, each extreme.
        for (int v : new int[] {0, 1, -1, m, -m})
            assertRoundTrip(List.of(TestData.band("p", 1, 1, 0)), List.of(new int[] {v}), SMALL_BLOCKS, "one pixel " + v);
        // A wavelet layout of all zeros cut into many blocks, and the same with one extreme count in its last coefficient.
        TestData.Bands b = bigWavelet();
        List<int[]> zeros = new ArrayList<>();
        for (int[] band : b.counts()) zeros.add(new int[band.length]);
        assertRoundTrip(b.layout(), zeros, SMALL_BLOCKS, "all zero");
        zeros.get(zeros.size() - 1)[zeros.get(zeros.size() - 1).length - 1] = -m;
        assertRoundTrip(b.layout(), zeros, SMALL_BLOCKS, "all zero but the last");
        // Alternating extremes, checkerboards and full-range noise in rows of odd widths.
        Random rnd = new Random(5);
        for (int w : new int[] {1, 3, 15, 16, 17, 33, 64, 257}) {
            int h = 5;
            int[] alt = new int[w * h], checker = new int[w * h], noise = new int[w * h];
            for (int i = 0; i < alt.length; i++) {
                alt[i] = i % 2 == 0 ? m : -m;
                checker[i] = ((i % w) + (i / w)) % 2 == 0 ? 0 : (i % 3 == 0 ? -m : 1);
                noise[i] = rnd.nextInt(2 * m + 1) - m;
            }
            List<BandShape> layout = List.of(TestData.band("a", w, h, 0), TestData.band("c", w, h, 1), TestData.band("n", w, h, 2));
            assertRoundTrip(layout, List.of(alt, checker, noise), SMALL_BLOCKS, "extremes " + w);
        }
    }

    /** Versions 2 and 3 code the same counts: each decodes its own bytes to them, and their bytes differ. */
    @Test
    void bothVersionsDecodeToTheSameCounts() throws InvalidInputException {
        Random rnd = new Random(99);
        for (int iter = 0; iter < 10; iter++) {
            TestData.Bands b = TestData.waveletCounts(rnd, 16 + rnd.nextInt(300), 16 + rnd.nextInt(300), 1 + rnd.nextInt(5), 0.5 + rnd.nextInt(20));
            byte[] v2 = TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, TiledCountCoder.VERSION_BLOCKS);
            byte[] v3 = TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, TiledCountCoder.VERSION_CHUNKS);
            List<int[]> from2 = TiledCountCoder.decode(v2, b.layout(), SMALL_BLOCKS, TiledCountCoder.VERSION_BLOCKS);
            List<int[]> from3 = TiledCountCoder.decode(v3, b.layout(), SMALL_BLOCKS, TiledCountCoder.VERSION_CHUNKS);
            for (int band = 0; band < b.counts().size(); band++) {
                assertArrayEquals(b.counts().get(band), from2.get(band), "version 2, band " + band);
                assertArrayEquals(from2.get(band), from3.get(band), "version 3, band " + band);
            }
            assertTrue(!Arrays.equals(v2, v3), "the versions' bytes differ");
        }
    }

    /** Random bytes, and the other version's payload, are refused or decode to counts of the layout's shape; never more. */
    @Test
    void garbageAndTheOtherVersionsPayloadsAreHandled() {
        TestData.Bands b = bigWavelet();
        Random rnd = new Random(77);
        for (int i = 0; i < 60; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(i < 30 ? 64 : 40_000)];
            rnd.nextBytes(junk);
            decodeOrReject(junk, b.layout(), i % 2 == 0 ? SMALL_BLOCKS : TiledCountCoder.BLOCK_LOG2, "random bytes " + i);
        }
        int other = version() == TiledCountCoder.VERSION_CHUNKS ? TiledCountCoder.VERSION_BLOCKS : TiledCountCoder.VERSION_CHUNKS;
        byte[] foreign = TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, other);
        decodeOrReject(foreign, b.layout(), SMALL_BLOCKS, "version " + other + " payload");
        assertThrows(IllegalArgumentException.class, () -> TiledCountCoder.decode(foreign, b.layout(), SMALL_BLOCKS, 4));
        assertThrows(IllegalArgumentException.class, () -> TiledCountCoder.encode(b.layout(), b.counts(), SMALL_BLOCKS, 1));
    }

    // ---- hostile block tables ----

    /** A payload's block table (the lengths of all blocks, the last one implied) and its streams. */
    private record Table(long[] lengths, byte[] streams) {}

    private static Table parse(byte[] data, int blocks) {
        int[] pos = {0};
        long[] lengths = new long[blocks];
        long sum = 0;
        for (int i = 0; i + 1 < blocks; i++) sum += lengths[i] = varint(data, pos);
        if (blocks > 0) lengths[blocks - 1] = data.length - pos[0] - sum;
        return new Table(lengths, Arrays.copyOfRange(data, pos[0], data.length));
    }

    private static long varint(byte[] d, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = d[pos[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
    }

    /** A payload with the given table; the last length is not written (the stream ends it). */
    private static byte[] build(long[] lengths, byte[] streams) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < lengths.length; i++) writeVarint(out, lengths[i]);
        out.writeBytes(streams);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    InvalidInputException rejected(byte[] data, List<BandShape> layout, int blockLog2) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(InvalidInputException.class, () -> decode(data, layout, blockLog2)));
    }

    @Test
    void hostileBlockTablesAreRefusedClearly() {
        TestData.Bands b = bigWavelet();
        List<BandShape> layout = b.layout();
        byte[] ok = encode(layout, b.counts(), SMALL_BLOCKS);
        int n = blocksOf(b, SMALL_BLOCKS);
        Table t = parse(ok, n);
        assertTrue(n > 20);
        assertArrayEquals(ok, build(t.lengths(), t.streams()), "the test's table writer matches the coder's");

        // Lengths out of range: one block claims more than the payload holds, or a huge length (no allocation follows).
        long[] over = t.lengths().clone();
        over[n / 2] += t.streams().length;
        assertTrue(rejected(build(over, t.streams()), layout, SMALL_BLOCKS).getMessage().contains("claim"));
        long[] huge = t.lengths().clone();
        huge[0] = (1L << 35) - 1;
        assertTrue(rejected(build(huge, t.streams()), layout, SMALL_BLOCKS).getMessage().contains("claim"));
        // A varint longer than 5 bytes.
        byte[] bad = ok.clone();
        Arrays.fill(bad, 0, 6, (byte) 0x80);
        assertTrue(rejected(bad, layout, SMALL_BLOCKS).getMessage().contains("varint"));
        // Overlapping blocks: bytes moved from one block's length to its neighbour's (same total) decode each block
        // from the other's bytes; every such table is refused or decodes to counts of the layout's shape, never more.
        int refused = 0;
        for (int i = 0; i + 1 < n; i++) {
            long[] moved = t.lengths().clone();
            long d = Math.min(moved[i], 3);
            moved[i] -= d;
            moved[i + 1] += d;
            if (decodeOrReject(build(moved, t.streams()), layout, SMALL_BLOCKS, "moved " + d + " bytes from block " + i)) refused++;
        }
        assertTrue(refused >= n - 3, refused + " of " + (n - 1) + " shifted tables refused");
        // Truncated anywhere, in the table or in the streams; or with bytes appended.
        int tableEnd = ok.length - t.streams().length;
        for (int len = 0; len < ok.length; len += len < tableEnd + 8 ? 1 : 97)
            assertTrue(decodeOrReject(Arrays.copyOf(ok, len), layout, SMALL_BLOCKS, "truncated to " + len), "truncated to " + len + " of " + ok.length + " bytes, table " + tableEnd);
        // Another block size than the one the payload was cut for: another table, refused or decoded to the layout's shape.
        for (int log2 = SMALL_BLOCKS + 1; log2 <= 20; log2++) decodeOrReject(ok, layout, log2, "read with block size 2^" + log2);
        // A block too short for its coefficients (one block of 196 K coefficients with no bytes), and bytes without coefficients.
        assertEquals(1, blocksOf(b, TiledCountCoder.BLOCK_LOG2));
        assertTrue(rejected(new byte[0], layout, TiledCountCoder.BLOCK_LOG2).getMessage().contains("cannot hold"));
        assertTrue(rejected(new byte[] {0}, List.of(), TiledCountCoder.BLOCK_LOG2).getMessage().contains("no coefficients"));
    }

    /** @return true if the decoder refused the payload */
    boolean decodeOrReject(byte[] data, List<BandShape> layout, int blockLog2, String label) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<int[]> out;
            try {
                out = decode(data, layout, blockLog2);
                for (int b = 0; b < layout.size(); b++) {
                    assertEquals(layout.get(b).size(), out.get(b).length, label);
                    for (int v : out.get(b)) assertTrue(Math.abs(v) <= SpikeCountCoder.MAX_MAGNITUDE, label);
                }
            } catch (InvalidInputException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), label);
                // Streaming the leaf bands refuses the same payloads (corrupt MED rows included), with the same message.
                InvalidInputException streamed = assertThrows(InvalidInputException.class, () -> decodeThroughSink(data, layout, blockLog2, label), label);
                assertEquals(expected.getMessage(), streamed.getMessage(), label);
                return true;
            } catch (RuntimeException e) {
                return fail(label + ": unexpected " + e, e);
            }
            try {
                List<int[]> streamed = decodeThroughSink(data, layout, blockLog2, label);
                for (int b = 0; b < layout.size(); b++) assertArrayEquals(out.get(b), streamed.get(b), label + " band " + b + " through the sink");
                return false;
            } catch (InvalidInputException | RuntimeException e) {
                return fail(label + ": decoded, but not through the sink: " + e, e);
            }
        });
    }

    @Test
    void predictedLeafBandsStreamTheirCounts() throws InvalidInputException {
        // A band without a parent or children, smooth enough for MED prediction: the streamed rows are the counts, not
        // the residuals, in blocks of one segment and of many.
        Random rnd = new Random(77);
        int w = 300, h = 200;
        int[] smooth = TestData.smoothField(rnd, w, h, 40);
        assertTrue(SpikeCountCoder.prefersPrediction(smooth, w, 0, h), "the test band must be coded with prediction");
        List<BandShape> layout = List.of(TestData.band("pixels", w, h, 0));
        for (int log2 : new int[] {SMALL_BLOCKS, TiledCountCoder.BLOCK_LOG2}) assertRoundTrip(layout, List.of(smooth), log2, "smooth 2^" + log2);
    }

    @Test
    void aFailingSinkEndsTheDecodeAsACorruptBlockWould() {
        TestData.Bands b = bigWavelet();
        byte[] data = encode(b.layout(), b.counts(), SMALL_BLOCKS);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TiledCountCoder.decode(data, b.layout(), SMALL_BLOCKS, version(),
                new int[b.layout().size()], (band, y, counts, from, width, max) -> {
                    if (y == 7) throw new InvalidInputException("row seven refused");
                }));
        assertTrue(e.getMessage().matches("block \\d+: row seven refused"), e.getMessage());
    }

    @Test
    void randomCorruptionDecodesOrThrowsInvalidInput() {
        TestData.Bands b = bigWavelet();
        byte[] full = encode(b.layout(), b.counts(), SMALL_BLOCKS);
        Random rnd = new Random(23);
        for (int i = 0; i < 300; i++) {
            byte[] bad = full.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
            decodeOrReject(bad, b.layout(), SMALL_BLOCKS, "corruption " + i);
        }
    }

    @Test
    void hugeLayoutForTinyPayloadIsRejectedBeforeAllocating() {
        List<BandShape> huge = List.of(TestData.band("a", 40_000, 40_000, 0));
        assertTrue(rejected(new byte[] {0, 0}, huge, TiledCountCoder.BLOCK_LOG2).getMessage().contains("cannot hold"));
    }

    @Test
    void maxSymbolsForBoundsTheCheapestBlocks() {
        // All zeros is the cheapest content: one decision per quiet group of four.
        for (int side : new int[] {4, 64, 1024, 4096}) {
            long n = (long) side * side;
            byte[] data = encode(List.of(TestData.band("z", side, side, 0)), List.of(new int[(int) n]), TiledCountCoder.MAX_BLOCK_LOG2);
            long stream = data.length; // one block: its stream alone
            assertTrue(TiledCountCoder.maxSymbolsFor(stream, version()) >= n, side + ": bound " + TiledCountCoder.maxSymbolsFor(stream, version()) + " < " + n);
            if (side == 4096) assertTrue(TiledCountCoder.maxSymbolsFor(stream, version()) < 2 * n, "bound should be tight for the cheapest content");
        }
        assertEquals(Long.MAX_VALUE, TiledCountCoder.maxSymbolsFor(Long.MAX_VALUE, version()));
    }
}
