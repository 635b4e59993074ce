package org.spikecodec.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wavelet's row kernels on the Vector API ({@code jdk.incubator.vector}): the horizontal passes and the vertical
 * pipeline's row transfers, bit-identical to the scalar ones of {@link Cdf97Lifting} ({@link Cdf97Rows#SCALAR}): every
 * sample goes through the same separately rounded float operations in the same order
 * ({@code x + c * (a + b)}, no fused multiply-add; the scale by K or 1/K where the scalar code scales). What the vectors
 * save is the data movement around the arithmetic, which is most of a row's time in the scalar code (2520-sample rows,
 * Java 25: 2.4 against 1.4 ms a 4.2 MP plane for the inverse):
 * <ul>
 *   <li>a lifting step reads its neighbours at an offset with unaligned loads; the scalar loop first copies them to a
 *       buffer at the same index, because C2 vectorizes only loops that index every array alike;</li>
 *   <li>the halves are split from, and interleaved back into, the plane's row with two-vector shuffles; the scalar loop
 *       moves one sample at a time with stride-2 accesses;</li>
 *   <li>scaling is done on the way in or out of the plane, not in a pass of its own; so is the vertical pipeline's
 *       scale or mean, where the scalar code copies a row and then scales it (a scalar loop that reads the plane from a
 *       variable start index is not vectorized).</li>
 * </ul>
 * Never referenced by name: {@link VectorSupport} loads it reflectively, only when the module is in the boot layer.
 */
final class VectorCdf97Rows implements Cdf97Rows {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int L = FS.length();
    /** Two-vector shuffles (an index of L or more takes lane index - L of the second vector). */
    private static final VectorShuffle<Float> ZIP_LOW = shuffle(k -> (k & 1) == 0 ? k / 2 : L + k / 2),
            ZIP_HIGH = shuffle(k -> (k & 1) == 0 ? L / 2 + k / 2 : L + L / 2 + k / 2),
            EVENS = shuffle(k -> 2 * k), ODDS = shuffle(k -> 2 * k + 1);

    private static VectorShuffle<Float> shuffle(java.util.function.IntUnaryOperator source) {
        int[] index = new int[L];
        for (int k = 0; k < L; k++) index[k] = source.applyAsInt(k);
        return VectorShuffle.fromArray(FS, index, 0);
    }

    VectorCdf97Rows() {
        if (L < 2 || (L & 1) != 0) throw new IllegalStateException("needs an even number of float lanes: " + FS);
    }

    @Override public String toString() { return "vector (" + FS + ")"; }

    @Override public Rows rows(int n) { return new VectorRows(n); }

    @Override
    public void loadScaled(float[] p, int src, float[] row, int w, float scale) {
        int x = 0;
        for (int end = FS.loopBound(w); x < end; x += L) FloatVector.fromArray(FS, p, src + x).mul(scale).intoArray(row, x);
        for (; x < w; x++) row[x] = p[src + x] * scale;
    }

    @Override
    public void load(float[] p, int src, float[] row, int w, boolean subtract, float offset) {
        if (!subtract) {
            System.arraycopy(p, src, row, 0, w);
            return;
        }
        int x = 0;
        for (int end = FS.loopBound(w); x < end; x += L) FloatVector.fromArray(FS, p, src + x).sub(offset).intoArray(row, x);
        for (; x < w; x++) row[x] = p[src + x] - offset;
    }

    @Override
    public void storeScaled(float[] row, float[] p, int dst, int w, float scale) {
        int x = 0;
        for (int end = FS.loopBound(w); x < end; x += L) FloatVector.fromArray(FS, row, x).mul(scale).intoArray(p, dst + x);
        for (; x < w; x++) p[dst + x] = row[x] * scale;
    }

    @Override
    public void store(float[] row, float[] p, int dst, int w, boolean add, float offset) {
        if (!add) {
            System.arraycopy(row, 0, p, dst, w);
            return;
        }
        int x = 0;
        for (int end = FS.loopBound(w); x < end; x += L) FloatVector.fromArray(FS, row, x).add(offset).intoArray(p, dst + x);
        for (; x < w; x++) p[dst + x] = row[x] + offset;
    }

    /**
     * Buffers as the scalar rows': the low-pass samples s(i) at {@code lo[i + 1]}, the high-pass d(i) at {@code hi[i + 1]},
     * the slots around them for the mirrored neighbours; {@code n / 2 + 4} floats each.
     */
    private static final class VectorRows implements Rows {
        private final int n, nL, nH;
        private final float[] lo, hi;

        VectorRows(int n) {
            if (n < 2) throw new IllegalArgumentException("rows of at least 2 samples: " + n);
            this.n = n;
            nL = (n + 1) >> 1;
            nH = n >> 1;
            lo = new float[(n >> 1) + 4];
            hi = new float[(n >> 1) + 4];
        }

        @Override
        public void forward(float[] p, int off, boolean subtract, float offset) {
            int j = 0;
            for (int end = FS.loopBound(nH); j < end; j += L) {
                FloatVector a = FloatVector.fromArray(FS, p, off + 2 * j), b = FloatVector.fromArray(FS, p, off + 2 * j + L);
                if (subtract) {
                    a = a.sub(offset);
                    b = b.sub(offset);
                }
                a.rearrange(EVENS, b).intoArray(lo, j + 1);
                a.rearrange(ODDS, b).intoArray(hi, j + 1);
            }
            for (; j < nH; j++) {
                lo[j + 1] = subtract ? p[off + 2 * j] - offset : p[off + 2 * j];
                hi[j + 1] = subtract ? p[off + 2 * j + 1] - offset : p[off + 2 * j + 1];
            }
            if (nL > nH) lo[nL] = subtract ? p[off + n - 1] - offset : p[off + n - 1];
            predict(Cdf97Lifting.ALPHA);
            update(Cdf97Lifting.BETA);
            predict(Cdf97Lifting.GAMMA);
            update(Cdf97Lifting.DELTA);
            storeHalf(lo, p, off, nL, Cdf97Lifting.INV_K);
            storeHalf(hi, p, off + nL, nH, Cdf97Lifting.K);
        }

        @Override
        public void inverse(float[] p, int off, boolean add, float offset) {
            loadHalf(p, off, lo, nL, Cdf97Lifting.K);
            loadHalf(p, off + nL, hi, nH, Cdf97Lifting.INV_K);
            update(-Cdf97Lifting.DELTA);
            predict(-Cdf97Lifting.GAMMA);
            update(-Cdf97Lifting.BETA);
            predict(-Cdf97Lifting.ALPHA);
            int j = 0;
            for (int end = FS.loopBound(nH); j < end; j += L) {
                FloatVector a = FloatVector.fromArray(FS, lo, j + 1), b = FloatVector.fromArray(FS, hi, j + 1);
                FloatVector first = a.rearrange(ZIP_LOW, b), second = a.rearrange(ZIP_HIGH, b);
                if (add) {
                    first = first.add(offset);
                    second = second.add(offset);
                }
                first.intoArray(p, off + 2 * j);
                second.intoArray(p, off + 2 * j + L);
            }
            for (; j < nH; j++) {
                p[off + 2 * j] = add ? lo[j + 1] + offset : lo[j + 1];
                p[off + 2 * j + 1] = add ? hi[j + 1] + offset : hi[j + 1];
            }
            if (nL > nH) p[off + n - 1] = add ? lo[nL] + offset : lo[nL];
        }

        /** d(i) += c (s(i) + s(i + 1)) for every odd sample, s(nL) mirrored to s(nL - 1) (as the scalar predict). */
        private void predict(float c) {
            if (nL == nH) lo[nL + 1] = lo[nL];
            lift(hi, lo, 0, nH, c);
        }

        /** s(i) += c (d(i - 1) + d(i)) for every even sample, d(-1) mirrored to d(0) and for odd n d(nH) to d(nH - 1). */
        private void update(float c) {
            hi[0] = hi[1];
            if (nL > nH) hi[nL] = hi[nH];
            lift(lo, hi, -1, nL, c);
        }
    }

    /** {@code x[i] += c * (a[i + shift] + a[i + shift + 1])} for i in [1, last]. */
    private static void lift(float[] x, float[] a, int shift, int last, float c) {
        int i = 1;
        for (int end = 1 + FS.loopBound(last); i < end; i += L) {
            FloatVector sum = FloatVector.fromArray(FS, a, i + shift).add(FloatVector.fromArray(FS, a, i + shift + 1));
            FloatVector.fromArray(FS, x, i).add(sum.mul(c)).intoArray(x, i);
        }
        for (; i <= last; i++) x[i] = x[i] + c * (a[i + shift] + a[i + shift + 1]);
    }

    /** {@code dst[1 + i] = p[src + i] * scale}, i < len: a half of a row into its buffer. */
    private static void loadHalf(float[] p, int src, float[] dst, int len, float scale) {
        int i = 0;
        for (int end = FS.loopBound(len); i < end; i += L) FloatVector.fromArray(FS, p, src + i).mul(scale).intoArray(dst, 1 + i);
        for (; i < len; i++) dst[1 + i] = p[src + i] * scale;
    }

    /** {@code p[dst + i] = row[1 + i] * scale}, i < len: a half of a row from its buffer. */
    private static void storeHalf(float[] row, float[] p, int dst, int len, float scale) {
        int i = 0;
        for (int end = FS.loopBound(len); i < end; i += L) FloatVector.fromArray(FS, row, 1 + i).mul(scale).intoArray(p, dst + i);
        for (; i < len; i++) p[dst + i] = row[1 + i] * scale;
    }
}
