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
 * so no column is ever gathered; a task runs its columns in strips narrow enough to stay in cache ({@link #cacheStrip}),
 * copied into row buffers of its own, lifted there (even and odd rows apart) and copied back. Rows are lifted split too
 * (low-pass and high-pass samples in two buffers). Both let the JIT vectorize the lifting loops (all of them in the
 * columns, the predict steps in the rows); {@code Cdf97LiftingTest.floatsArePinned} holds the floats to those of
 * interleaved lifting.
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
     * A task's vertical pass runs its columns in narrower strips, each through all four lifting steps and the
     * de-interleave while it is in cache: about this many bytes of the plane a strip (a 1680-row level: 64 columns).
     */
    static int cacheBytes = 512 << 10;
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
        int applied = checkedLevels(plane, width, height, levels);
        if (applied == 0) return;
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            final int lw = w, lh = h;
            if (h > 1) par.run(w, COLUMN_STRIP, (x0, x1) -> {
                int strip = cacheStrip(lh);
                float[][] rows = new float[lh][Math.min(strip, x1 - x0)]; // no wider than the task's columns
                for (int c = x0; c < x1; c += strip) forwardColumns(plane, width, c, Math.min(c + strip, x1), lh, rows);
            });
            if (w > 1) par.run(h, RangeRunner.rows(w, GRAIN), (y0, y1) -> {
                float[] lo = new float[(lw + 1) >> 1], hi = new float[lw >> 1];
                for (int y = y0; y < y1; y++) forwardRow(plane, y * width, lw, lo, hi);
            });
        }
    }

    /** The inverse, split as {@link #forward2d(float[], int, int, int, RangeRunner)}; bit-identical to the serial one. */
    static void inverse2d(float[] plane, int width, int height, int levels, RangeRunner par) {
        int applied = checkedLevels(plane, width, height, levels);
        if (applied == 0) return;
        int[] regionW = new int[applied], regionH = new int[applied];
        for (int l = 0, w = width, h = height; l < applied; l++, w = (w + 1) >> 1, h = (h + 1) >> 1) {
            regionW[l] = w;
            regionH[l] = h;
        }
        for (int l = applied - 1; l >= 0; l--) {
            int w = regionW[l], h = regionH[l];
            if (w > 1) par.run(h, RangeRunner.rows(w, GRAIN), (y0, y1) -> {
                float[] lo = new float[(w + 1) >> 1], hi = new float[w >> 1];
                for (int y = y0; y < y1; y++) inverseRow(plane, y * width, w, lo, hi);
            });
            if (h > 1) par.run(w, COLUMN_STRIP, (x0, x1) -> {
                int strip = cacheStrip(h);
                float[][] rows = new float[h][Math.min(strip, x1 - x0)]; // no wider than the task's columns
                for (int c = x0; c < x1; c += strip) inverseColumns(plane, width, c, Math.min(c + strip, x1), h, rows);
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
        int strip = cacheBytes / (4 * Math.max(1, rows)) & ~15;
        return Math.max(MIN_CACHE_STRIP, Math.min(MAX_CACHE_STRIP, strip));
    }

    // ---- horizontal: one row of length n >= 2 at p[off..off+n), split into lo (evens) and hi (odds), lifted there ----
    // Two arrays rather than the two halves of one: the JIT vectorizes the lifting loops only when it can see that the
    // samples written and the samples read are in different arrays (same arithmetic, same order, same floats).

    private static void forwardRow(float[] p, int off, int n, float[] lo, float[] hi) {
        int nL = (n + 1) >> 1, nH = n >> 1;
        for (int i = 0; i < nL; i++) lo[i] = p[off + 2 * i];
        for (int i = 0; i < nH; i++) hi[i] = p[off + 2 * i + 1];
        predict(lo, hi, nL, nH, ALPHA);
        update(lo, hi, nL, nH, BETA);
        predict(lo, hi, nL, nH, GAMMA);
        update(lo, hi, nL, nH, DELTA);
        for (int i = 0; i < nL; i++) p[off + i] = lo[i] * INV_K;
        for (int i = 0; i < nH; i++) p[off + nL + i] = hi[i] * K;
    }

    private static void inverseRow(float[] p, int off, int n, float[] lo, float[] hi) {
        int nL = (n + 1) >> 1, nH = n >> 1;
        for (int i = 0; i < nL; i++) lo[i] = p[off + i] * K;
        for (int i = 0; i < nH; i++) hi[i] = p[off + nL + i] * INV_K;
        update(lo, hi, nL, nH, -DELTA);
        predict(lo, hi, nL, nH, -GAMMA);
        update(lo, hi, nL, nH, -BETA);
        predict(lo, hi, nL, nH, -ALPHA);
        for (int i = 0; i < nL; i++) p[off + 2 * i] = lo[i];
        for (int i = 0; i < nH; i++) p[off + 2 * i + 1] = hi[i];
    }

    /**
     * Odd samples from their even neighbours, on a split line (evens x(2i) at lo[i], odds x(2i+1) at hi[i]):
     * x(2i+1) += c*(x(2i) + x(2i+2)); at an even-length end x(n) mirrors to x(n-2).
     */
    private static void predict(float[] lo, float[] hi, int nL, int nH, float c) {
        for (int i = 0; i < nL - 1; i++) hi[i] += c * (lo[i] + lo[i + 1]);
        if (nL == nH) hi[nH - 1] += c * (lo[nL - 1] + lo[nL - 1]);
    }

    /** Even samples from their odd neighbours: x(2i) += c*(x(2i-1) + x(2i+1)); x(-1) = x(1), x(n) = x(n-2). */
    private static void update(float[] lo, float[] hi, int nL, int nH, float c) {
        lo[0] += c * (hi[0] + hi[0]);
        for (int i = 1; i < nH; i++) lo[i] += c * (hi[i - 1] + hi[i]);
        if (nL > nH) lo[nL - 1] += c * (hi[nH - 1] + hi[nH - 1]);
    }

    // ---- vertical: columns x0..x1 of rows 0..n (n >= 2), copied into row buffers of the caller's (even rows at
    // rows[0..nL), odd rows at rows[nL..n)), lifted there, then scaled back into place, de-interleaved. Every lifting
    // loop then indexes its three rows with the same x, which the JIT vectorizes (at a row offset in one plane it could
    // not tell that the rows do not overlap); every sample goes through the same operations in the same order as on
    // interleaved rows (copies are exact).

    private static void forwardColumns(float[] p, int stride, int x0, int x1, int n, float[][] rows) {
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

    private static void inverseColumns(float[] p, int stride, int x0, int x1, int n, float[][] rows) {
        int w = x1 - x0;
        int nL = (n + 1) >> 1, nH = n >> 1;
        for (int k = 0; k < n; k++) {
            float[] row = rows[k];
            float scale = k < nL ? K : INV_K;
            int src = k * stride + x0;
            for (int x = 0; x < w; x++) row[x] = p[src + x] * scale;
        }
        updateSplitRows(rows, w, nL, nH, -DELTA);
        predictSplitRows(rows, w, nL, nH, -GAMMA);
        updateSplitRows(rows, w, nL, nH, -BETA);
        predictSplitRows(rows, w, nL, nH, -ALPHA);
        for (int r = 0; r < n; r++) System.arraycopy(rows[(r & 1) == 0 ? r >> 1 : nL + (r >> 1)], 0, p, r * stride + x0, w);
    }

    /** Row-wise {@link #predict}: odd row k (rows[nL + k]) from even rows k and k + 1, the last mirrored. */
    private static void predictSplitRows(float[][] rows, int w, int nL, int nH, float c) {
        for (int k = 0; k < nH; k++) {
            float[] odd = rows[nL + k], even = rows[k], next = rows[k + 1 < nL ? k + 1 : k];
            for (int x = 0; x < w; x++) odd[x] += c * (even[x] + next[x]);
        }
    }

    /** Row-wise {@link #update}: even row k from odd rows k - 1 and k (rows[nL + ...]), mirrored at both ends. */
    private static void updateSplitRows(float[][] rows, int w, int nL, int nH, float c) {
        for (int k = 0; k < nL; k++) {
            float[] even = rows[k], down = rows[nL + (k < nH ? k : k - 1)], up = k > 0 ? rows[nL + k - 1] : down;
            for (int x = 0; x < w; x++) even[x] += c * (up[x] + down[x]);
        }
    }
}
