package org.spikecodec.kernels.cpu;

/**
 * Separable convolution with a symmetric odd-length kernel (length {@code 2r+1}, centre at index {@code r})
 * and whole-sample symmetric extension (mirror without repeating the edge: {@code -1 -> 1}, {@code n -> n-2}),
 * and its exact adjoint.
 *
 * <p>Boundary: the mirror is applied repeatedly (the extended signal is periodic with period {@code 2(n-1)}),
 * so kernels longer than the image are valid; a 1-sample dimension maps every index to 0 (the kernel then
 * sums onto that sample). The operator is linear: {@code blur = V * H} (horizontal pass, then vertical).
 *
 * <p>Arithmetic: float products accumulated in float in ascending tap order, horizontal pass first; any other
 * backend must use the same order to reproduce the layers bit for bit. Borders cost nothing special: each line
 * is first copied into an extended buffer through a precomputed mirror index table, so the inner loops are
 * branch-free. The adjoint is the transposed operator: scatter into the extended buffer, then fold the
 * extension back through the same index table ({@code V^T} first, then {@code H^T}).
 *
 * <p>Every multiply-add loop indexes all its arrays at the same {@code i}, on row buffers of the task's own: a line read at
 * a tap's offset is first copied into a buffer ({@code System.arraycopy}, exact), and sums build up in a buffer that is
 * copied out once. C2 vectorizes only such loops (with one array at {@code i + k} and another at {@code row + i} it
 * stayed scalar on Java 17 and 25 alike: 0.54 against 0.11 ns a multiply-add); the floats are the same.
 *
 * <p>The horizontal tap loops go through {@link BlurRows}: these loops, or their Vector API twin, which reads the line
 * at each tap's offset without the copy.
 *
 * <p>{@code src} and {@code dst} may be the same array.
 */
final class MirrorConvolution {
    /** Multiply-adds per task of a row-wise pass. */
    private static final int GRAIN = 1 << 16;

    private MirrorConvolution() {}

    static void blur(float[] src, float[] dst, int w, int h, float[] kernel) { blur(src, dst, w, h, kernel, RangeRunner.SERIAL); }

    static void blurAdjoint(float[] src, float[] dst, int w, int h, float[] kernel) { blurAdjoint(src, dst, w, h, kernel, RangeRunner.SERIAL); }

    /**
     * The blur with its output rows split into bands by {@code par} (every output row is computed by the same
     * operations, in the same order, whatever the split: bit-identical to the serial blur). In place, it blurs into a
     * new plane and copies that back.
     */
    static void blur(float[] src, float[] dst, int w, int h, float[] kernel, RangeRunner par) {
        blur(src, dst, w, h, kernel, par, BlurRows.SCALAR);
    }

    /** As {@link #blur(float[], float[], int, int, float[], RangeRunner)}, the horizontal taps run by {@code tapRows} (the same floats). */
    static void blur(float[] src, float[] dst, int w, int h, float[] kernel, RangeRunner par, BlurRows tapRows) {
        int r = checkArgs(src, dst, w, h, kernel);
        intoOrInPlace(src, dst, w * h, (s, d) -> blurStreaming(s, d, w, h, kernel, r, par, tapRows));
    }

    /** A pass from one plane into another, different array. */
    private interface Pass { void run(float[] src, float[] dst); }

    /** Runs {@code pass} into {@code dst}; in place ({@code src == dst}) into a new plane of {@code n} floats, copied back. */
    private static void intoOrInPlace(float[] src, float[] dst, int n, Pass pass) {
        if (src != dst) {
            pass.run(src, dst);
            return;
        }
        float[] out = new float[n];
        pass.run(src, out);
        System.arraycopy(out, 0, dst, 0, n);
    }

    /**
     * The blur into another array, without a plane of horizontal results: each band of output rows keeps the
     * horizontally blurred source rows its vertical taps read in a ring of 2r + 1 rows, made on first use. The rows
     * one output row reads (mirrored) lie within 2r + 1 consecutive ones, and that window only moves down, so a row is
     * evicted only once no later output row needs it: each is blurred once per band (a row not held is blurred again,
     * so the ring's size bears on speed only). Every row is blurred by the same operations whichever band blurs it
     * (the rows next to a band's edges are blurred again by the next band), so the result does not depend on the bands.
     */
    private static void blurStreaming(float[] src, float[] dst, int w, int h, float[] kernel, int r, RangeRunner par, BlurRows tapRows) {
        int[] mx = mirrorTable(w, r), my = mirrorTable(h, r);
        int span = kernel.length;
        // Bands of at least a few rings' worth of rows: a band blurs 2r rows beyond its own.
        int rows = Math.max(RangeRunner.rows(w * span, GRAIN), 4 * span);
        par.run(h, rows, (y0, y1) -> {
            float[][] ring = new float[span][w];
            int[] held = new int[span];
            java.util.Arrays.fill(held, -1);
            float[] ext = new float[w + 2 * r], tap = new float[w], sum = new float[w];
            for (int y = y0; y < y1; y++) {
                float[] first = blurredRow(src, my[y], w, mx, kernel, ring, held, ext, tap, tapRows);
                float k0 = kernel[0];
                for (int x = 0; x < w; x++) sum[x] = k0 * first[x];
                for (int k = 1; k < span; k++)
                    multiplyAdd(sum, blurredRow(src, my[y + k], w, mx, kernel, ring, held, ext, tap, tapRows), kernel[k], w);
                System.arraycopy(sum, 0, dst, y * w, w);
            }
        });
    }

    /** Source row {@code sr} blurred horizontally, from the ring (slot {@code sr mod 2r+1}) or made into it. */
    private static float[] blurredRow(float[] src, int sr, int w, int[] mx, float[] kernel, float[][] ring, int[] held,
                                      float[] ext, float[] tap, BlurRows tapRows) {
        int slot = sr % ring.length;
        float[] out = ring[slot];
        if (held[slot] == sr) return out;
        blurRow(src, sr * w, w, mx, kernel, ext, tap, out, tapRows);
        held[slot] = sr;
        return out;
    }

    /** The horizontal blur of the row at {@code src[row, row + w)} into {@code out}, through the mirror-extended {@code ext}. */
    private static void blurRow(float[] src, int row, int w, int[] mx, float[] kernel, float[] ext, float[] tap, float[] out, BlurRows tapRows) {
        for (int j = 0; j < ext.length; j++) ext[j] = src[row + mx[j]];
        tapRows.taps(ext, kernel, w, out, tap);
    }

    /**
     * The adjoint, with its output rows split into bands by {@code par} (bit-identical to the serial adjoint). In
     * place, it writes a new plane and copies that back.
     */
    static void blurAdjoint(float[] src, float[] dst, int w, int h, float[] kernel, RangeRunner par) {
        blurAdjoint(src, dst, w, h, kernel, par, BlurRows.SCALAR);
    }

    /** As {@link #blurAdjoint(float[], float[], int, int, float[], RangeRunner)}, the horizontal taps run by {@code tapRows}. */
    static void blurAdjoint(float[] src, float[] dst, int w, int h, float[] kernel, RangeRunner par, BlurRows tapRows) {
        int r = checkArgs(src, dst, w, h, kernel);
        intoOrInPlace(src, dst, w * h, (s, d) -> blurAdjointStreaming(s, d, w, h, kernel, r, par, tapRows));
    }

    /**
     * The adjoint into another array, without a plane: each output row t is made from the source rows that reach it
     * (V^T: the extended rows folded onto t, in {@link #foldLists} order, each gathered from its rows ascending onto
     * zero), then H^T. Each extended row folds onto exactly one row, so nothing is made twice.
     */
    private static void blurAdjointStreaming(float[] src, float[] dst, int w, int h, float[] kernel, int r, RangeRunner par, BlurRows tapRows) {
        int[] mx = mirrorTable(w, r);
        int[][] fold = foldLists(mirrorTable(h, r), h, r, false);
        int[] start = fold[0], list = fold[1];
        int span = kernel.length;
        par.run(h, Math.max(RangeRunner.rows(w * span, GRAIN), 4 * span), (t0, t1) -> {
            float[] row = new float[w], extRow = new float[w];
            float[] ext = new float[w + 2 * r], acc = new float[w];
            // Source rows copied once into a ring (as in blurStreaming): a copy at offset 0 is what lets the loop vectorize.
            float[][] ring = new float[span][w];
            int[] held = new int[span];
            java.util.Arrays.fill(held, -1);
            for (int t = t0; t < t1; t++) {
                java.util.Arrays.fill(row, 0f);
                for (int f = start[t]; f < start[t + 1]; f++) {
                    int j = list[f];
                    java.util.Arrays.fill(extRow, 0f);
                    for (int y = Math.max(0, j - 2 * r), last = Math.min(h - 1, j); y <= last; y++) {
                        int slot = y % span;
                        if (held[slot] != y) {
                            System.arraycopy(src, y * w, ring[slot], 0, w);
                            held[slot] = y;
                        }
                        multiplyAdd(extRow, ring[slot], kernel[j - y], w);
                    }
                    for (int x = 0; x < w; x++) row[x] += extRow[x];
                }
                horizontalAdjoint(row, dst, t * w, w, r, mx, kernel, ext, acc, tapRows);
            }
        });
    }

    /** H^T of one row {@code line} into {@code dst[out, out + w)}: scattered into {@code ext}, then the margins folded back. */
    private static void horizontalAdjoint(float[] line, float[] dst, int out, int w, int r, int[] mx, float[] kernel, float[] ext, float[] acc,
                                          BlurRows tapRows) {
        java.util.Arrays.fill(ext, 0f);
        tapRows.scatter(line, kernel, w, ext, acc);
        // Interior first (extended index r..r+w-1 maps to 0..w-1), then the folded margins.
        for (int i = 0; i < w; i++) dst[out + i] = ext[i + r];
        for (int j = 0; j < r; j++) dst[out + mx[j]] += ext[j];
        for (int j = r + w; j < ext.length; j++) dst[out + mx[j]] += ext[j];
    }

    /** {@code acc[i] += c * line[i]} for {@code i < n}: both arrays at the same index, which C2 vectorizes. */
    static void multiplyAdd(float[] acc, float[] line, float c, int n) {
        for (int i = 0; i < n; i++) acc[i] += c * line[i];
    }

    /**
     * For each target {@code t < n}, the extended positions {@code j} folded onto it, in the order the cpu
     * adjoint adds them: {@code {start[0..n], list}} with target t's positions at {@code list[start[t]..start[t+1])}.
     * Vertical ({@code interiorFirst} false): every j with {@code table[j] == t}, ascending. Horizontal: first the
     * interior position {@code t + r}, then the left-margin positions, then the right-margin ones, each ascending.
     */
    static int[][] foldLists(int[] table, int n, int r, boolean interiorFirst) {
        int[] start = new int[n + 1];
        for (int t : table) start[t + 1]++;
        for (int t = 0; t < n; t++) start[t + 1] += start[t];
        int[] fill = java.util.Arrays.copyOf(start, n);
        int[] list = new int[table.length];
        if (interiorFirst) {
            for (int t = 0; t < n; t++) list[fill[t]++] = t + r;
            for (int j = 0; j < table.length; j++) if (j < r || j >= r + n) list[fill[table[j]]++] = j;
        } else {
            for (int j = 0; j < table.length; j++) list[fill[table[j]]++] = j;
        }
        return new int[][] {start, list};
    }

    /** {@code t[j]} = source index of extended position {@code j}, i.e. of signal index {@code j - r}. */
    static int[] mirrorTable(int n, int r) {
        int[] t = new int[n + 2 * r];
        for (int j = 0; j < t.length; j++) t[j] = mirror(j - r, n);
        return t;
    }

    /** Whole-sample symmetric index, repeated as often as needed (period {@code 2(n-1)}). */
    static int mirror(int i, int n) {
        if (n == 1) return 0;
        int p = 2 * (n - 1);
        int m = Math.floorMod(i, p);
        return m < n ? m : p - m;
    }

    private static int checkArgs(float[] src, float[] dst, int w, int h, float[] kernel) {
        if (w < 1 || h < 1) throw new IllegalArgumentException("size must be >= 1x1: " + w + "x" + h);
        if ((long) w * h != src.length || src.length != dst.length)
            throw new IllegalArgumentException("arrays of " + src.length + "/" + dst.length + " for " + w + "x" + h);
        if (kernel.length % 2 != 1) throw new IllegalArgumentException("kernel length must be odd: " + kernel.length);
        return kernel.length / 2;
    }
}
