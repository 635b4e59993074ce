package org.spikecodec.kernels.cpu;

/**
 * The horizontal passes of the CDF 9/7 wavelet ({@link Cdf97Lifting}): one row of a level split into its low-pass and
 * high-pass halves and lifted (forward), or lifted and interleaved back (inverse). Two implementations give the same
 * floats bit for bit: {@link #SCALAR} (the plain Java loops of {@link Cdf97Lifting}) and {@code VectorCdf97Rows}
 * (Vector API: the neighbours read at an offset with unaligned loads instead of copies, the halves split and
 * interleaved with two-vector shuffles), chosen by {@link VectorSupport}.
 */
interface RowLifting {
    /** Lifts rows of {@code n >= 2} samples; the rows object holds buffers of its own, so each task makes one. */
    Rows rows(int n);

    /** Rows of one length, with their buffers. */
    interface Rows {
        /** The row at {@code p[off, off + n)}, {@code - offset} first with {@code subtract}, into low and high halves. */
        void forward(float[] p, int off, boolean subtract, float offset);

        /** The inverse of {@link #forward}, {@code + offset} last with {@code add}. */
        void inverse(float[] p, int off, boolean add, float offset);
    }

    /** The plain Java loops of {@link Cdf97Lifting}. */
    RowLifting SCALAR = Cdf97Lifting::scalarRows;
}
