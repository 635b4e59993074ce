package org.spikecodec.kernels.cpu;

/**
 * Multi-level 2-D CDF 9/7 wavelet transform (JPEG 2000 irreversible filter, ITU-T T.800 Annex F),
 * computed in place by lifting with whole-sample symmetric extension.
 *
 * <p><b>Levels.</b> Level {@code l} transforms the top-left region left by level {@code l-1} (the whole
 * plane for level 1): first every column of the region (vertical pass), then every row (horizontal
 * pass), as T.800 does. A pass over a line of length 1 leaves it as is (T.800, a length-1 signal starting
 * at an even index). A level is applied only while the region is larger than 1x1, so the number of
 * levels actually applied is {@link #effectiveLevels}{@code = min(levels, ceil(log2(max(w, h))))}; extra
 * levels are ignored.
 *
 * <p><b>Layout (Mallat).</b> After a pass over a line of length {@code n}, its low-pass samples
 * (the {@code ceil(n/2)} even-indexed positions) come first and its {@code floor(n/2)} high-pass samples
 * follow. The next level works on the {@code ceil(w/2) x ceil(h/2)} top-left (LL) region.
 *
 * <p><b>Normalisation</b> (T.800): after the four lifting steps the low-pass samples are multiplied by
 * {@code 1/K} and the high-pass samples by {@code K}. The analysis low-pass then has DC gain 1 (a constant
 * signal keeps its value in the low band) and the analysis high-pass has gain 2 at Nyquist; these are
 * the 9-tap/7-tap filters of T.800 Table F.4.
 *
 * <p><b>Determinism.</b> Plain float arithmetic in a fixed order, each lifting update being
 * {@code x = x + c * (left + right)} (Java never contracts this into an FMA), so results are bit-identical
 * on every JVM. The inverse uses the same expressions with {@code -c}, which rounds exactly like
 * {@code x - c * (left + right)}.
 *
 * <p>Vertical passes lift whole rows (of a strip of columns) at a time (inner loops run along contiguous memory),
 * so no column is ever gathered: the four steps run as a pipeline down the rows of a strip, in row buffers of the
 * task's own (even and odd rows apart), so that each row is lifted while in the L1 cache and the strip is read and
 * written once ({@link #forwardColumns}, {@link #inverseColumns}). Rows are lifted split too
 * (low-pass and high-pass samples apart), each step in place with the neighbours it reads first copied to a scratch
 * buffer at the same index (see {@link #forwardRow}), so that every loop indexes all its arrays alike. Both let the
 * JIT vectorize all the lifting loops, on Java 17 too; {@code Cdf97LiftingTest.floatsArePinned} holds the floats to
 * those of interleaved lifting. The row work (horizontal passes, and the vertical pipeline's transfers between the
 * plane and its row buffers) goes through {@link Cdf97Rows}: these loops, or their Vector API twin.
 * Both passes split across threads (columns into strips, rows into bands) without changing any sample's arithmetic.
 */
final class Cdf97Lifting {
    static final float ALPHA = -1.586134342059924f;
    static final float BETA = -0.052980118572961f;
    static final float GAMMA = 0.882911075530934f;
    static final float DELTA = 0.443506852043971f;
    static final float K = 1.230174104914001f;
    static final float INV_K = (float) (1.0 / 1.230174104914001);

    /** Columns per task of a vertical pass: whole cache lines, long enough inner loops to vectorize. */
    private static final int COLUMN_STRIP = 256;
    /**
     * Columns per strip of the forward's vertical pipeline ({@link #forwardColumns}): longer runs of each plane row than
     * {@link #COLUMN_STRIP} (2520x1680, one thread, Java 17 and 25: the pass took about 0.6x the CPU time of the
     * strip-wise one at 512 columns, 0.7x at 256), while its ring of odd rows (a quarter of the column: 1 MB at 1680
     * rows) stays in the L2/L3 caches.
     */
    private static final int FORWARD_STRIP = 512;
    /**
     * The strip-wise forward ({@link #forward2dStripwise}) runs its columns in narrower strips, each through all four
     * lifting steps and the de-interleave while it is in cache: about this many bytes of the plane a strip (a 1680-row
     * level: 64 columns).
     */
    private static final int CACHE_BYTES = 512 << 10;
    /** Narrowest and widest cache strip, in columns (multiples of 16: whole cache lines, whole vectors). */
    private static final int MIN_CACHE_STRIP = 16, MAX_CACHE_STRIP = 256;
    /** Samples per task of a horizontal pass. */
    private static final int GRAIN = 1 << 15;

    private Cdf97Lifting() {}

    /** Levels actually applied to a {@code width x height} plane when {@code levels} are requested. */
    static int effectiveLevels(int width, int height, int levels) {
        int applied = 0;
        for (int w = width, h = height; applied < levels && (w > 1 || h > 1); applied++) {
            w = (w + 1) >> 1;
            h = (h + 1) >> 1;
        }
        return applied;
    }

    static void forward2d(float[] plane, int width, int height, int levels) { forward2d(plane, width, height, levels, RangeRunner.SERIAL); }

    static void inverse2d(float[] plane, int width, int height, int levels) { inverse2d(plane, width, height, levels, RangeRunner.SERIAL); }

    /**
     * The forward transform with its passes split by {@code par}: the vertical pass into strips of columns, the
     * horizontal pass into bands of rows. Every sample goes through the same operations in the same order as in the
     * serial transform, so the result is bit-identical to it for any split.
     */
    static void forward2d(float[] plane, int width, int height, int levels, RangeRunner par) {
        forward2d(plane, width, height, levels, par, Cdf97Rows.SCALAR, false, 0f);
    }

    /**
     * {@code offset} subtracted from each of the {@code width x height} samples ({@code x - offset}, one float subtract),
     * then the forward transform: the same floats as a separate pass before the transform, the subtract done where the
     * first pass loads each sample.
     */
    static void forward2d(float[] plane, int width, int height, int levels, float offset, RangeRunner par) {
        forward2d(plane, width, height, levels, par, Cdf97Rows.SCALAR, true, offset);
    }

    /**
     * The forward transform split by {@code par}, its rows lifted by {@code rows}, {@code offset} subtracted first when
     * {@code subtract}: the backend's entry point (every combination gives the same floats).
     */
    static void forward2d(float[] plane, int width, int height, int levels, RangeRunner par, Cdf97Rows rows, boolean subtract, float offset) {
        int applied = checkedLevels(plane, width, height, levels);
        if (applied == 0) {
            if (subtract) for (int i = 0, n = width * height; i < n; i++) plane[i] -= offset;
            return;
        }
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            final int lw = w, lh = h;
            // the offset goes with the first pass over the plane: the vertical one, or the horizontal one of a single row
            boolean subtractColumns = subtract && l == 0, subtractRows = subtract && l == 0 && h == 1;
            if (h > 1) par.run(w, COLUMN_STRIP, (x0, x1) -> {
                int cols = Math.min(FORWARD_STRIP, x1 - x0); // no wider than the task's columns
                float[][] even = new float[RING][cols], odd = new float[oddRing(lh)][cols];
                for (int c = x0; c < x1; c += FORWARD_STRIP)
                    forwardColumns(plane, width, c, Math.min(c + FORWARD_STRIP, x1), lh, even, odd, rows, subtractColumns, offset);
            });
            if (w > 1) par.run(h, RangeRunner.rows(w, GRAIN), (y0, y1) -> {
                Cdf97Rows.Rows lifter = rows.rows(lw);
                for (int y = y0; y < y1; y++) lifter.forward(plane, y * width, subtractRows, offset);
            });
        }
    }

    /**
     * The forward transform as it was before its vertical pass became a pipeline ({@link #forwardColumns}): each cache
     * strip of columns copied whole into row buffers and lifted there step by step. Kept as the reference the pipeline
     * is tested against (bit for bit) and benchmarked beside.
     */
    static void forward2dStripwise(float[] plane, int width, int height, int levels) {
        int applied = checkedLevels(plane, width, height, levels);
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            if (h > 1) {
                int strip = cacheStrip(h);
                float[][] rows = new float[h][Math.min(strip, w)];
                for (int c = 0; c < w; c += strip) forwardColumnsStripwise(plane, width, c, Math.min(c + strip, w), h, rows);
            }
            if (w > 1) {
                float[][] buf = rowBuffers(w);
                for (int y = 0; y < h; y++) forwardRow(plane, y * width, w, buf, false, 0f);
            }
        }
    }

    /** The inverse, split as {@link #forward2d(float[], int, int, int, RangeRunner)}; bit-identical to the serial one. */
    static void inverse2d(float[] plane, int width, int height, int levels, RangeRunner par) {
        inverse2d(plane, width, height, levels, par, Cdf97Rows.SCALAR, false, 0f);
    }

    /**
     * The inverse, then {@code offset} added to each of the {@code width x height} samples ({@code x + offset}, one float
     * add): the same floats as a separate pass after the inverse, the add done where the last pass stores each sample.
     */
    static void inverse2d(float[] plane, int width, int height, int levels, float offset, RangeRunner par) {
        inverse2d(plane, width, height, levels, par, Cdf97Rows.SCALAR, true, offset);
    }

    /** The inverse split by {@code par}, its rows lifted by {@code rows}, {@code offset} added last when {@code add}. */
    static void inverse2d(float[] plane, int width, int height, int levels, RangeRunner par, Cdf97Rows rows, boolean add, float offset) {
        int applied = checkedLevels(plane, width, height, levels);
        if (applied == 0) {
            if (add) for (int i = 0, n = width * height; i < n; i++) plane[i] += offset;
            return;
        }
        int[] regionW = new int[applied], regionH = new int[applied];
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            regionW[l] = w;
            regionH[l] = h;
        }
        for (int l = applied - 1; l >= 0; l--) {
            int w = regionW[l], h = regionH[l];
            // the offset goes with the last pass over the plane: the vertical one, or the horizontal one of a single row
            boolean addRows = add && l == 0 && h == 1, addColumns = add && l == 0;
            if (w > 1) par.run(h, RangeRunner.rows(w, GRAIN), (y0, y1) -> {
                Cdf97Rows.Rows lifter = rows.rows(w);
                for (int y = y0; y < y1; y++) lifter.inverse(plane, y * width, addRows, offset);
            });
            if (h > 1) par.run(w, COLUMN_STRIP, (x0, x1) -> {
                int cols = Math.min(COLUMN_STRIP, x1 - x0); // no wider than the task's columns
                float[][] even = new float[(h + 1) >> 1][cols], odd = new float[RING][cols];
                for (int c = x0; c < x1; c += COLUMN_STRIP)
                    inverseColumns(plane, width, c, Math.min(c + COLUMN_STRIP, x1), h, even, odd, rows, addColumns, offset);
            });
        }
    }

    private static int checkedLevels(float[] plane, int width, int height, int levels) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("plane size must be positive: " + width + "x" + height);
        if (levels < 0) throw new IllegalArgumentException("levels must be >= 0: " + levels);
        if ((long) width * height > plane.length)
            throw new IllegalArgumentException("plane of " + plane.length + " floats is smaller than " + width + "x" + height);
        return effectiveLevels(width, height, levels);
    }

    /** Columns of a cache strip for columns of {@code rows} samples. */
    static int cacheStrip(int rows) {
        int strip = CACHE_BYTES / (4 * Math.max(1, rows)) & ~15;
        return Math.max(MIN_CACHE_STRIP, Math.min(MAX_CACHE_STRIP, strip));
    }

    // ---- horizontal: one row of length n >= 2 at p[off..off+n), split into evens s(i) = x(2i) at lo[i + 1] and odds
    // d(i) = x(2i + 1) at hi[i + 1], and lifted in place in these two buffers of the caller's (each at least n/2 + 4 long).
    // Each lifting step x' = x + c * (left + right) first copies the neighbours it needs at another offset into a third
    // buffer, so that its loop indexes every array at the same i: Java 17's C2 vectorizes only such loops (a loop that
    // reads one array at i and i + 1 stayed scalar there, 0.6 against 0.07 ns a sample), and Java 25 runs them faster too.
    // The copies are exact, so every sample goes through the same operations in the same order as before, the ends
    // mirrored as in T.800.

    /** Row buffers for {@link #forwardRow}/{@link #inverseRow}: three of {@code n/2 + 4} floats. */
    private static float[][] rowBuffers(int n) {
        int m = (n >> 1) + 4;
        return new float[][] {new float[m], new float[m], new float[m]};
    }

    /** {@link Cdf97Rows#SCALAR}: the loops below, with buffers of their own. */
    static Cdf97Rows.Rows scalarRows(int n) {
        if (n < 2) throw new IllegalArgumentException("rows of at least 2 samples: " + n);
        float[][] buf = rowBuffers(n);
        return new Cdf97Rows.Rows() {
            @Override public void forward(float[] p, int off, boolean subtract, float offset) { forwardRow(p, off, n, buf, subtract, offset); }
            @Override public void inverse(float[] p, int off, boolean add, float offset) { inverseRow(p, off, n, buf, add, offset); }
        };
    }

    private static void forwardRow(float[] p, int off, int n, float[][] buf, boolean subtract, float offset) {
        int nL = (n + 1) >> 1, nH = n >> 1;
        float[] lo = buf[0], hi = buf[1], t = buf[2];
        // with subtract, x - offset
        if (subtract) {
            for (int i = 0; i < nH; i++) {
                lo[i + 1] = p[off + 2 * i] - offset;
                hi[i + 1] = p[off + 2 * i + 1] - offset;
            }
            if (nL > nH) lo[nL] = p[off + n - 1] - offset;
        } else {
            for (int i = 0; i < nH; i++) {
                lo[i + 1] = p[off + 2 * i];
                hi[i + 1] = p[off + 2 * i + 1];
            }
            if (nL > nH) lo[nL] = p[off + n - 1];
        }
        predict(hi, lo, t, nL, nH, ALPHA);
        update(lo, hi, t, nL, nH, BETA);
        predict(hi, lo, t, nL, nH, GAMMA);
        update(lo, hi, t, nL, nH, DELTA);
        // scaled in the buffers, then copied (a scaling loop from a buffer into the plane does not vectorize)
        for (int i = 1; i <= nL; i++) lo[i] *= INV_K;
        for (int i = 1; i <= nH; i++) hi[i] *= K;
        System.arraycopy(lo, 1, p, off, nL);
        System.arraycopy(hi, 1, p, off + nL, nH);
    }

    private static void inverseRow(float[] p, int off, int n, float[][] buf, boolean add, float offset) {
        int nL = (n + 1) >> 1, nH = n >> 1;
        float[] lo = buf[0], hi = buf[1], t = buf[2];
        // copied, then scaled in the buffer: a scaling loop that reads the plane at an offset does not vectorize
        System.arraycopy(p, off, lo, 1, nL);
        System.arraycopy(p, off + nL, hi, 1, nH);
        for (int i = 1; i <= nL; i++) lo[i] *= K;
        for (int i = 1; i <= nH; i++) hi[i] *= INV_K;
        update(lo, hi, t, nL, nH, -DELTA);
        predict(hi, lo, t, nL, nH, -GAMMA);
        update(lo, hi, t, nL, nH, -BETA);
        predict(hi, lo, t, nL, nH, -ALPHA);
        if (add) {
            for (int i = 0; i < nH; i++) {
                p[off + 2 * i] = lo[i + 1] + offset;
                p[off + 2 * i + 1] = hi[i + 1] + offset;
            }
            if (nL > nH) p[off + n - 1] = lo[nL] + offset;
            return;
        }
        for (int i = 0; i < nH; i++) {
            p[off + 2 * i] = lo[i + 1];
            p[off + 2 * i + 1] = hi[i + 1];
        }
        if (nL > nH) p[off + n - 1] = lo[nL];
    }

    /** Predict step: d(i) += c * (s(i) + s(i + 1)) for every odd sample, s(nL) mirrored to s(nL - 1); {@code right} is scratch. */
    private static void predict(float[] hi, float[] lo, float[] right, int nL, int nH, float c) {
        System.arraycopy(lo, 2, right, 1, nL - 1); // s(i + 1) at right[i + 1]
        if (nL == nH) right[nH] = lo[nL];
        for (int i = 1; i <= nH; i++) hi[i] = hi[i] + c * (lo[i] + right[i]);
    }

    /**
     * Update step: s(i) += c * (d(i - 1) + d(i)) for every even sample, d(-1) mirrored to d(0) and, for odd n, d(nH) to
     * d(nH - 1) (written at hi[nH + 1], past the odd samples); {@code left} is scratch.
     */
    private static void update(float[] lo, float[] hi, float[] left, int nL, int nH, float c) {
        left[1] = hi[1]; // d(i - 1) at left[i + 1]
        System.arraycopy(hi, 1, left, 2, nL - 1);
        if (nL > nH) hi[nL] = hi[nH];
        for (int i = 1; i <= nL; i++) lo[i] = lo[i] + c * (left[i] + hi[i]);
    }

    // ---- vertical: columns x0..x1 of rows 0..n (n >= 2), lifted in row buffers of the caller's (even rows apart from odd
    // rows), then scaled back into place, de-interleaved. Every lifting loop then indexes its three rows with the same x,
    // which the JIT vectorizes (at a row offset in one plane it could not tell that the rows do not overlap); every sample
    // goes through the same operations in the same order as on interleaved rows (copies are exact).

    /**
     * The vertical forward pass, line by line: the four lifting steps run as a pipeline down the rows, each step on a
     * row as soon as the rows it reads are through the step before (at pass j even row j and odd row j are loaded; odd
     * row k: ALPHA at j = k + 1, GAMMA at j = k + 2; even row k: BETA at j = k + 1, DELTA and its store at j = k + 2;
     * DELTA reads odd row k last at j = k + 3), so each row is loaded from the plane once, stored once, and lifted
     * while it is in the L1 cache. The even rows live in a ring of {@link #RING} rows: their low-pass stores (plane row
     * k) stay behind the loads (row 2j). The high-pass stores (plane row nL + k) run ahead of the loads, so each odd
     * row waits in {@code odd}, a ring of {@link #oddRing} rows, until the loads have passed its plane row. Every
     * sample goes through the same operations in the same order as step by step over the whole strip
     * ({@link #forwardColumnsStripwise}). With {@code subtract}, each sample loaded gets {@code - offset}.
     */
    private static void forwardColumns(float[] p, int stride, int x0, int x1, int n, float[][] even, float[][] odd, Cdf97Rows rows,
                                       boolean subtract, float offset) {
        int w = x1 - x0;
        int nL = (n + 1) >> 1, nH = n >> 1;
        int oddMask = odd.length - 1;
        int stored = 0; // high-pass rows [0, stored) are in the plane
        for (int j = 0; j <= nL + 1; j++) {
            if (j < nL) rows.load(p, 2 * j * stride + x0, even[j & MASK], w, subtract, offset);
            if (j < nH) rows.load(p, (2 * j + 1) * stride + x0, odd[j & oddMask], w, subtract, offset);
            int k = j - 1;
            if (k >= 0 && k < nH) predictRow(even, MASK, odd, oddMask, k, nL, w, ALPHA);
            if (k >= 0 && k < nL) updateRow(even, MASK, odd, oddMask, k, nH, w, BETA);
            k = j - 2;
            if (k >= 0 && k < nH) predictRow(even, MASK, odd, oddMask, k, nL, w, GAMMA);
            if (k >= 0 && k < nL) {
                updateRow(even, MASK, odd, oddMask, k, nH, w, DELTA);
                rows.storeScaled(even[k & MASK], p, k * stride + x0, w, INV_K);
            }
            // odd rows before k are through (DELTA has read them, so they may be scaled in place), stored once the
            // loads have passed their plane row (the first min(n, 2j + 2) rows are loaded)
            for (int loaded = Math.min(n, 2 * j + 2); stored < k && stored < nH && nL + stored < loaded; stored++)
                rows.storeScaled(odd[stored & oddMask], p, (nL + stored) * stride + x0, w, K);
        }
        for (; stored < nH; stored++) rows.storeScaled(odd[stored & oddMask], p, (nL + stored) * stride + x0, w, K);
    }

    /**
     * Rows of the ring of odd rows of {@link #forwardColumns} for columns of {@code n} rows. Odd row k is stored at pass
     * max(k + 3, floor((nL + k) / 2)), at most max(3, floor(nL / 2)) passes after it was loaded, and pass k + R loads
     * row k + R into its place: a power of two R >= max(4, floor(nL / 2) + 1).
     */
    static int oddRing(int n) {
        int rows = Math.max(4, (((n + 1) >> 1) >> 1) + 1);
        return Integer.highestOneBit(2 * rows - 1);
    }

    /** The vertical forward pass of {@link #forward2dStripwise}: the strip copied into {@code rows}, lifted step by step. */
    private static void forwardColumnsStripwise(float[] p, int stride, int x0, int x1, int n, float[][] rows) {
        int w = x1 - x0;
        int nL = (n + 1) >> 1, nH = n >> 1;
        for (int r = 0; r < n; r++) System.arraycopy(p, r * stride + x0, rows[(r & 1) == 0 ? r >> 1 : nL + (r >> 1)], 0, w);
        predictSplitRows(rows, w, nL, nH, ALPHA);
        updateSplitRows(rows, w, nL, nH, BETA);
        predictSplitRows(rows, w, nL, nH, GAMMA);
        updateSplitRows(rows, w, nL, nH, DELTA);
        for (int k = 0; k < n; k++) {
            float[] row = rows[k];
            float scale = k < nL ? INV_K : K;
            int dst = k * stride + x0;
            for (int x = 0; x < w; x++) p[dst + x] = row[x] * scale;
        }
    }

    /**
     * The inverse of {@link #forwardColumns}, line by line: the four lifting steps run as a pipeline down the rows, each
     * step on a row as soon as the rows it reads are through the step before (even row k: -DELTA at pass j = k, -BETA
     * at j = k + 1; odd row k: -GAMMA at j = k + 1, -ALPHA at j = k + 2, then both rows stored at 2k and 2k + 1), so
     * each row is loaded from the plane once, stored once, and lifted while it is in the L1 cache. The stores run ahead
     * of the loads of the even (low-pass) rows, so those are loaded into {@code even} ({@code nL} rows) before the
     * stores reach them; the odd rows, read at n/2 + j, stay behind the stores and live in a ring of {@link #RING}
     * rows. Every sample goes through the same operations in the same order as step by step over the whole strip.
     * With {@code add}, each sample stored gets {@code + offset}.
     */
    private static void inverseColumns(float[] p, int stride, int x0, int x1, int n, float[][] even, float[][] odd, Cdf97Rows rows,
                                       boolean add, float offset) {
        int w = x1 - x0;
        int nL = (n + 1) >> 1, nH = n >> 1;
        int loaded = 0; // even rows [0, loaded) are in even[]
        for (int j = 0; j <= nL + 1; j++) {
            // even rows j (lifted now) and up to 2j - 3 (overwritten now) loaded first
            for (int last = Math.min(nL - 1, Math.max(j, 2 * j - 3)); loaded <= last; loaded++)
                rows.loadScaled(p, loaded * stride + x0, even[loaded], w, K);
            if (j < nH) rows.loadScaled(p, (nL + j) * stride + x0, odd[j & MASK], w, INV_K);
            if (j < nL) updateRow(even, -1, odd, MASK, j, nH, w, -DELTA);
            int k = j - 1;
            if (k >= 0 && k < nH) predictRow(even, -1, odd, MASK, k, nL, w, -GAMMA);
            if (k >= 0 && k < nL) updateRow(even, -1, odd, MASK, k, nH, w, -BETA);
            k = j - 2;
            if (k >= 0 && k < nH) predictRow(even, -1, odd, MASK, k, nL, w, -ALPHA);
            if (k >= 0 && k < nL) rows.store(even[k], p, 2 * k * stride + x0, w, add, offset);
            if (k >= 0 && k < nH) rows.store(odd[k & MASK], p, (2 * k + 1) * stride + x0, w, add, offset);
        }
    }

    /** One lifting step on a row of {@code w} samples: {@code x += c * (a + b)}, the same floats at every call site. */
    private static void lift(float[] x, float[] a, float[] b, int w, float c) {
        for (int i = 0; i < w; i++) x[i] += c * (a[i] + b[i]);
    }

    /** Rows of the rings of {@link #inverseColumns} (odd rows) and {@link #forwardColumns} (even rows): three live, a power of two. */
    private static final int RING = 4, MASK = RING - 1;

    /** The plane's samples from {@code src} into the row, times {@code scale}: copied, then scaled in the row (as {@link #loadRow}: about 3x faster). */
    static void loadScaledRow(float[] p, int src, float[] row, int w, float scale) {
        System.arraycopy(p, src, row, 0, w);
        for (int x = 0; x < w; x++) row[x] *= scale;
    }

    /** The plane's samples from {@code src} into the row, {@code - offset} with {@code subtract} (in the row, as {@link #storeRow}). */
    static void loadRow(float[] p, int src, float[] row, int w, boolean subtract, float offset) {
        System.arraycopy(p, src, row, 0, w);
        if (subtract) for (int x = 0; x < w; x++) row[x] -= offset;
    }

    /** The row times {@code scale} into {@code p} from {@code dst}, scaled in the row (as {@link #storeRow}). */
    static void storeScaledRow(float[] row, float[] p, int dst, int w, float scale) {
        for (int x = 0; x < w; x++) row[x] *= scale;
        System.arraycopy(row, 0, p, dst, w);
    }

    /** The row into {@code p} from {@code dst}, {@code + offset} first with {@code add} (in the row: a loop from one array into another ran slower). */
    static void storeRow(float[] row, float[] p, int dst, int w, boolean add, float offset) {
        if (add) for (int x = 0; x < w; x++) row[x] += offset;
        System.arraycopy(row, 0, p, dst, w);
    }

    // The pipelines' steps find row k of a kind at rows[k & mask]: mask = length - 1 for a ring, -1 for all the rows.

    /** Even row k from odd rows k - 1 and k, mirrored at both ends (as {@link #updateSplitRows}). */
    private static void updateRow(float[][] even, int evenMask, float[][] odd, int oddMask, int k, int nH, int w, float c) {
        float[] down = odd[(k < nH ? k : k - 1) & oddMask], up = k > 0 ? odd[(k - 1) & oddMask] : down;
        lift(even[k & evenMask], up, down, w, c);
    }

    /** Odd row k from even rows k and k + 1, the last mirrored (as {@link #predictSplitRows}). */
    private static void predictRow(float[][] even, int evenMask, float[][] odd, int oddMask, int k, int nL, int w, float c) {
        lift(odd[k & oddMask], even[k & evenMask], even[(k + 1 < nL ? k + 1 : k) & evenMask], w, c);
    }

    /** Row-wise predict step: odd row k (rows[nL + k]) from even rows k and k + 1, the last mirrored. */
    private static void predictSplitRows(float[][] rows, int w, int nL, int nH, float c) {
        for (int k = 0; k < nH; k++) {
            lift(rows[nL + k], rows[k], rows[k + 1 < nL ? k + 1 : k], w, c);
        }
    }

    /** Row-wise update step: even row k from odd rows k - 1 and k (rows[nL + ...]), mirrored at both ends. */
    private static void updateSplitRows(float[][] rows, int w, int nL, int nH, float c) {
        for (int k = 0; k < nL; k++) {
            float[] down = rows[nL + (k < nH ? k : k - 1)], up = k > 0 ? rows[nL + k - 1] : down;
            lift(rows[k], up, down, w, c);
        }
    }
}
