package org.spikecodec.kernels.cpu;

/**
 * The row kernels of the CDF 9/7 wavelet ({@link Cdf97Lifting}): the horizontal passes (one row of a level split into
 * its low-pass and high-pass halves and lifted, or lifted and interleaved back), and the transfers of the vertical
 * pipeline between the plane and its row buffers (with the scale by K or 1/K, or the mean, on the way). Two
 * implementations give the same floats bit for bit: {@link #SCALAR} (the plain Java loops of {@link Cdf97Lifting}) and
 * {@code VectorCdf97Rows} (Vector API: neighbours read at an offset with unaligned loads instead of copies, the halves
 * split and interleaved with two-vector shuffles, each transfer one pass), chosen by {@link VectorSupport}.
 */
interface Cdf97Rows {
    /** Lifts rows of {@code n >= 2} samples; the rows object holds buffers of its own, so each task makes one. */
    Rows rows(int n);

    /** {@code row[x] = p[src + x] * scale}, x < w. */
    void loadScaled(float[] p, int src, float[] row, int w, float scale);

    /** {@code row[x] = p[src + x]}, or {@code p[src + x] - offset} with {@code subtract}, x < w. */
    void load(float[] p, int src, float[] row, int w, boolean subtract, float offset);

    /** {@code p[dst + x] = row[x] * scale}, x < w; the row's contents are undefined after. */
    void storeScaled(float[] row, float[] p, int dst, int w, float scale);

    /** {@code p[dst + x] = row[x]}, or {@code row[x] + offset} with {@code add}, x < w; the row's contents are undefined after. */
    void store(float[] row, float[] p, int dst, int w, boolean add, float offset);

    /** Rows of one length, with their buffers. */
    interface Rows {
        /** The row at {@code p[off, off + n)}, {@code - offset} first with {@code subtract}, into low and high halves. */
        void forward(float[] p, int off, boolean subtract, float offset);

        /** The inverse of {@link #forward}, {@code + offset} last with {@code add}. */
        void inverse(float[] p, int off, boolean add, float offset);
    }

    /** The plain Java loops of {@link Cdf97Lifting}. */
    Cdf97Rows SCALAR = new Cdf97Rows() {
        @Override public Rows rows(int n) { return Cdf97Lifting.scalarRows(n); }
        @Override public void loadScaled(float[] p, int src, float[] row, int w, float scale) { Cdf97Lifting.loadScaledRow(p, src, row, w, scale); }
        @Override public void load(float[] p, int src, float[] row, int w, boolean subtract, float offset) { Cdf97Lifting.loadRow(p, src, row, w, subtract, offset); }
        @Override public void storeScaled(float[] row, float[] p, int dst, int w, float scale) { Cdf97Lifting.storeScaledRow(row, p, dst, w, scale); }
        @Override public void store(float[] row, float[] p, int dst, int w, boolean add, float offset) { Cdf97Lifting.storeRow(row, p, dst, w, add, offset); }
        @Override public String toString() { return "scalar"; }
    };
}
