package org.spikecodec.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LIF decision and read-out on the Vector API ({@code jdk.incubator.vector}), bit-identical to the scalar
 * {@link LifThresholding} for every input and every table. Never referenced by name: {@link VectorSupport} loads it
 * reflectively, only when the module is in the boot layer.
 *
 * <p>Every path computes the magnitude as the scalar code does (one IEEE float multiply {@code |x| * gain}) and the
 * sign by the same {@code x < 0} test; only the search for the count differs:
 * <ul>
 *   <li><b>Linear</b> (a strictly increasing table of at most {@value #MAX_LINEAR} entries): the number of entries
 *       {@code <= m} by one broadcast comparison each, which for such a table is the bisection's result.</li>
 *   <li><b>Buckets</b> (a longer strictly increasing finite table, the contract's): the range {@code [t[0], t[n-1]]} is cut
 *       into B equal buckets, {@code b(m) = (int) min((m - t[0]) * s, B - 1)} in float, and B (a power of two, at
 *       most {@value #MAX_BUCKETS}) chosen so that no bucket holds more than K ({@code <=} {@value #MAX_PER_BUCKET})
 *       thresholds. {@code b} is monotone (every step is a monotone IEEE operation), so an entry in a lower bucket
 *       than m's is {@code <= m} and one in a higher bucket {@code > m}: the count is the number of entries below
 *       m's bucket ({@code below[b]}, one gather) plus the comparisons with the K entries of m's bucket (K gathers,
 *       NaN where a bucket has fewer). The lanes compute {@code b} with the very operations the table was bucketed
 *       with; a magnitude not {@code >= t[0]} (below, or NaN) counts 0.</li>
 *   <li><b>Bisection</b> (any other table, however odd: duplicates, unsorted, NaN): the scalar bisection lane by
 *       lane; every lane keeps its own {@code lo}/{@code hi}, takes the same {@code mid = (lo + hi) >>> 1} and the
 *       same branch as {@link LifThresholding#count}, the entry fetched by a gather; a lane whose interval is empty
 *       stops moving, so after {@code bitLength(n)} rounds (an interval of size s shrinks to at most s/2 a round)
 *       every lane holds exactly the scalar result.</li>
 * </ul>
 * The read-out divides the levels by the gain once per call in scalar float arithmetic (the scalar code's very
 * division) and gathers the quotient, negated for negative counts. Tails shorter than a vector run the scalar code.
 */
final class VectorLifThresholding implements LifKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();
    static final int MAX_BUCKETS = 1 << 13;
    static final int MAX_PER_BUCKET = 3;
    static final int MAX_LINEAR = 24;

    private static boolean strictlyIncreasing(float[] t) {
        for (int k = 1; k < t.length; k++) if (!(t[k - 1] < t[k])) return false; // also rejects NaN
        return true;
    }

    /**
     * Short strictly increasing table: the count is the number of entries {@code <= m}, one broadcast comparison per
     * entry and no gather (for such a table that number is what the bisection finds, NaN included: 0).
     */
    private static void linear(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        int bound = len - len % L;
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(FS, in, inOff + i);
            FloatVector mag = x.lanewise(VectorOperators.ABS).mul(gain);
            IntVector c = IntVector.zero(IS);
            for (float v : t) c = c.add(1, mag.compare(VectorOperators.GE, v).cast(IS));
            c.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f).cast(IS)).intoArray(out, outOff + i);
        }
        if (i < len) LifThresholding.threshold(in, inOff + i, len - i, gain, t, out, outOff + i);
    }

    VectorLifThresholding() {
        if (IS.length() != L) throw new IllegalStateException("float and int species differ in length: " + FS + ", " + IS);
    }

    @Override public String toString() { return "vector (" + FS + ")"; }

    @Override
    public Thresholder thresholder(float[] t) {
        if (t.length == 0) return VectorLifThresholding::zeros;
        if (t.length <= MAX_LINEAR && strictlyIncreasing(t)) return (in, inOff, len, gain, out, outOff) -> linear(in, inOff, len, gain, t, out, outOff);
        Buckets b = Buckets.of(t);
        if (b != null) return b::threshold;
        return (in, inOff, len, gain, out, outOff) -> bisect(in, inOff, len, gain, t, out, outOff);
    }

    /** Which path {@link #thresholder} takes for {@code t}, for tests: {@code zeros}, {@code buckets K=k B=b} or {@code bisection}. */
    static String path(float[] t) {
        if (t.length == 0) return "zeros";
        if (t.length <= MAX_LINEAR && strictlyIncreasing(t)) return "linear";
        Buckets b = Buckets.of(t);
        return b == null ? "bisection" : "buckets K=" + b.thr.length + " B=" + b.below.length;
    }

    private static void zeros(float[] in, int inOff, int len, float gain, int[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + len, 0); // n = 0 for every input, and -0 == 0
    }

    /** Bucketed table: {@code below[b]} entries lie in buckets below b; {@code thr[j][b]} the j-th entry of bucket b or NaN. */
    private static final class Buckets {
        final float t0, s, top;
        final int[] below;
        final float[][] thr;
        final float[] t;

        private Buckets(float[] t, float t0, float s, int[] below, float[][] thr) {
            this.t = t;
            this.t0 = t0;
            this.s = s;
            this.top = below.length - 1;
            this.below = below;
            this.thr = thr;
        }

        /** The bucket of a magnitude {@code m >= t0}; the vector lanes do exactly these float operations. */
        static int bucket(float m, float t0, float s, float top) { return (int) Math.min((m - t0) * s, top); }

        static Buckets of(float[] t) {
            int n = t.length;
            float t0 = t[0], last = t[n - 1];
            if (!Float.isFinite(t0) || !Float.isFinite(last)) return null;
            for (int k = 1; k < n; k++) if (!(t[k - 1] < t[k])) return null; // strictly increasing (so no NaN)
            int start = Math.max(16, Integer.highestOneBit(Math.max(1, n - 1)) << 1);
            int[] occ = null;
            int nb = 0, worst = Integer.MAX_VALUE;
            float s = 0;
            for (int bCount = start; bCount <= MAX_BUCKETS; bCount <<= 1) {
                float sc = (float) (bCount / ((double) last - t0));
                if (!(sc > 0f) || Float.isInfinite(sc)) sc = 1f; // one entry (range 0), or a range beyond float
                int[] o = new int[bCount];
                int max = 0;
                for (float v : t) max = Math.max(max, ++o[bucket(v, t0, sc, bCount - 1)]);
                if (max < worst) { worst = max; occ = o; nb = bCount; s = sc; }
                if (max == 1) break;
            }
            if (worst > MAX_PER_BUCKET) return null;
            int[] below = new int[nb];
            for (int b = 1; b < nb; b++) below[b] = below[b - 1] + occ[b - 1];
            float[][] thr = new float[worst][nb];
            for (float[] row : thr) java.util.Arrays.fill(row, Float.NaN);
            int[] fill = new int[nb];
            for (float v : t) { int b = bucket(v, t0, s, nb - 1); thr[fill[b]++][b] = v; }
            return new Buckets(t, t0, s, below, thr);
        }

        void threshold(float[] in, int inOff, int len, float gain, int[] out, int outOff) {
            int bound = len - len % L;
            int[] idx = new int[L];
            IntVector zero = IntVector.zero(IS);
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(FS, in, inOff + i);
                FloatVector mag = x.lanewise(VectorOperators.ABS).mul(gain);
                IntVector b = ((IntVector) mag.sub(t0).mul(s).min(top).convert(VectorOperators.F2I, 0)).max(zero);
                b.intoArray(idx, 0);
                IntVector c = IntVector.fromArray(IS, below, 0, idx, 0);
                for (float[] row : thr) {
                    VectorMask<Integer> le = FloatVector.fromArray(FS, row, 0, idx, 0).compare(VectorOperators.LE, mag).cast(IS);
                    c = c.add(1, le);
                }
                c = c.blend(zero, mag.compare(VectorOperators.GE, t0).not().cast(IS)); // below t0, or NaN: 0
                c.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f).cast(IS)).intoArray(out, outOff + i);
            }
            if (i < len) LifThresholding.threshold(in, inOff + i, len - i, gain, t, out, outOff + i);
        }
    }

    static void bisect(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        int n = t.length;
        int bound = len - len % L;
        int rounds = 32 - Integer.numberOfLeadingZeros(n); // bit length of n
        int[] idx = new int[L];
        IntVector nv = IntVector.broadcast(IS, n);
        IntVector last = IntVector.broadcast(IS, n - 1);
        IntVector one = IntVector.broadcast(IS, 1);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(FS, in, inOff + i);
            FloatVector mag = x.lanewise(VectorOperators.ABS).mul(gain);
            IntVector lo = IntVector.zero(IS), hi = nv;
            for (int r = 0; r < rounds; r++) {
                VectorMask<Integer> active = lo.compare(VectorOperators.LT, hi);
                IntVector mid = lo.add(hi).lanewise(VectorOperators.LSHR, 1);
                mid.min(last).intoArray(idx, 0); // a finished lane may have mid == n: clamp, its result is masked off
                FloatVector tm = FloatVector.fromArray(FS, t, 0, idx, 0);
                VectorMask<Integer> le = tm.compare(VectorOperators.LE, mag).cast(IS);
                lo = lo.blend(mid.add(one), le.and(active));
                hi = hi.blend(mid, active.andNot(le));
            }
            lo.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f).cast(IS)).intoArray(out, outOff + i);
        }
        if (i < len) LifThresholding.threshold(in, inOff + i, len - i, gain, t, out, outOff + i);
    }

    @Override
    public Readouter readouter(float[] levels, float gain) {
        int last = levels.length - 1;
        float[] q = new float[levels.length];
        for (int a = 0; a <= last; a++) q[a] = levels[a] / gain; // the scalar code's division, once per level
        IntVector lastV = IntVector.broadcast(IS, last);
        return (counts, off, len, out, outOff) -> {
            int bound = len - len % L;
            int[] idx = new int[L];
            int i = 0;
            for (; i < bound; i += L) {
                IntVector n = IntVector.fromArray(IS, counts, off + i);
                IntVector a = n.lanewise(VectorOperators.ABS).min(lastV)
                        .blend(lastV, n.compare(VectorOperators.EQ, Integer.MIN_VALUE)); // |MIN_VALUE| overflows: saturate
                a.intoArray(idx, 0);
                FloatVector v = FloatVector.fromArray(FS, q, 0, idx, 0);
                v.lanewise(VectorOperators.NEG, n.compare(VectorOperators.LT, 0).cast(FS)).intoArray(out, outOff + i);
            }
            if (i < len) LifThresholding.readout(counts, off + i, len - i, levels, gain, out, outOff + i);
        };
    }
}
