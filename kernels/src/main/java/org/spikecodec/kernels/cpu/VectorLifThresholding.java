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
 *   <li><b>Tree</b> (a strictly increasing table of at most 4L entries, {@link #MAX_TREE}): a branchless
 *       bisection whose entries are lanes of table vectors held in registers, fetched by a permute
 *       ({@code selectFrom}): log2(4L) steps at most of permute, comparison and masked add; no gather, no memory access
 *       but the input and output (see {@link Tree}).</li>
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
 * division) and picks the quotient, negated for negative counts: from one or two table vectors by a permute when
 * there are at most 2L levels, else by a gather. A read-out's tail after its last whole vector is one more vector,
 * over the last L counts: it overlaps the vector before, whose outputs it stores again with the same values (each
 * depends on its own count only; counts and output are arrays of different types, so they cannot alias). The decoder
 * reads out row by row, rows of 79 to 1260 counts for a 2520-pixel-wide image, whose scalar tails (a division each)
 * cost about a tenth of the read-out's time. A read-out shorter than a vector, and the thresholds' tails, run the
 * scalar code. The species is {@code SPECIES_PREFERRED} (L = 16 floats with AVX-512, 8 with AVX2); one of fewer than
 * 4 lanes is refused (the backend then runs the scalar code).
 */
final class VectorLifThresholding implements LifKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();
    static final int MAX_BUCKETS = 1 << 13;
    static final int MAX_PER_BUCKET = 3;
    /** Tables up to this long take the in-register {@link Tree}: four table vectors' worth of lanes. */
    static final int MAX_TREE = 4 * L;
    /** Permute steps of a {@link Tree} after its broadcast first step: log2(L) - 1, at most 3 (L <= 16, 512 bits). */
    private static final int PERMUTE_STEPS = Integer.numberOfTrailingZeros(L) - 1;

    private static boolean strictlyIncreasing(float[] t) {
        for (int k = 1; k < t.length; k++) if (!(t[k - 1] < t[k])) return false; // also rejects NaN
        return true;
    }

    /**
     * A strictly increasing table of at most {@code 4L} entries, searched in registers: a branchless bisection whose
     * entries come from table vectors by a lane permute ({@code selectFrom}), no gather.
     *
     * <p>Let {@code P} be the table's first {@code N - 1} entries padded with NaN ({@code NaN <= m} is false), where
     * {@code N = M * L}, {@code M} 1, 2 or 4 (the least that holds the table). The count over {@code P} is found by
     * the usual power-of-two bisection {@code c += s if P[c + s - 1] <= m} for {@code s = N/2 .. 1}. The lanes first
     * track {@code h = c / M < L}, so that the entry of each of the first log2(L) steps is one lane of one vector,
     * {@code P[M*h + M*k - 1]} for the step {@code s = M*k}; the first step ({@code h = 0}) is a broadcast
     * comparison. With {@code M >= 2} a step of {@code s = M/2} compares {@code P[M*h + M/2 - 1]} and makes
     * {@code h = 2h + bit} (now {@code c / (M/2)}); with {@code M = 4} a last step compares {@code P[2h]}, a lane of
     * one of two vectors ({@code h < 2L}), and makes {@code c = 2h + bit}. A table of exactly N entries adds its
     * last one by one more broadcast comparison (the table increases, so that entry is {@code <= m} only when all
     * the others are).
     */
    private static final class Tree {
        final float[] t;
        final float first, extra;
        final boolean fine, finer, hasExtra;
        final int[] rows;

        Tree(float[] t) {
            this.t = t;
            int n = t.length, m = n <= L ? 1 : n <= 2 * L ? 2 : 4, big = m * L;
            float[] p = new float[big - 1];
            for (int j = 0; j < p.length; j++) p[j] = j < n ? t[j] : Float.NaN;
            first = p[m * L / 2 - 1];
            fine = m >= 2;
            finer = m == 4;
            hasExtra = n == big;
            extra = hasExtra ? t[big - 1] : Float.NaN;
            rows = new int[(PERMUTE_STEPS + (fine ? 1 : 0) + (finer ? 2 : 0)) * L];
            int r = 0;
            for (int k = L / 4; k >= 1; k >>= 1) r = fill(p, r, L, m, m * k - 1);
            if (fine) r = fill(p, r, L, m, m / 2 - 1);
            if (finer) fill(p, r, 2 * L, 2, 0);
        }

        /** Writes {@code count} lanes from {@code rows[r]} on: lane h holds {@code P[scale * h + shift]} (clamped: a lane the search never reads). */
        private int fill(float[] p, int r, int count, int scale, int shift) {
            for (int h = 0; h < count; h++) rows[r++] = Float.floatToRawIntBits(p[Math.min(scale * h + shift, p.length - 1)]);
            return r;
        }

        void threshold(float[] in, int inOff, int len, float gain, int[] out, int outOff) {
            int bound = len - len % L;
            IntVector zero = IntVector.zero(IS);
            // the table vectors once, outside the loop (a loop over rows[] inside it runs a third slower)
            IntVector r0 = row(0), r1 = row(1), r2 = row(2), rf = row(PERMUTE_STEPS), lo = row(PERMUTE_STEPS + 1), hi = row(PERMUTE_STEPS + 2);
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector x = FloatVector.fromArray(FS, in, inOff + i);
                FloatVector mag = x.lanewise(VectorOperators.ABS).mul(gain);
                IntVector h = zero.add(L / 2, mag.compare(VectorOperators.GE, first).cast(IS)); // P[c + s - 1] <= m at c = 0
                h = h.add(L / 4, le(h.selectFrom(r0), mag));
                if (PERMUTE_STEPS >= 2) h = h.add(L / 8, le(h.selectFrom(r1), mag));
                if (PERMUTE_STEPS >= 3) h = h.add(L / 16, le(h.selectFrom(r2), mag));
                if (fine) h = h.add(h).add(1, le(h.selectFrom(rf), mag));
                if (finer) h = h.add(h).add(1, le(select2(h, lo, hi), mag));
                if (hasExtra) h = h.add(1, mag.compare(VectorOperators.GE, extra).cast(IS));
                h.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f).cast(IS)).intoArray(out, outOff + i);
            }
            if (i < len) LifThresholding.threshold(in, inOff + i, len - i, gain, t, out, outOff + i);
        }

        /** Table vector {@code r} (the last one for an {@code r} past the end: a step this table does not take). */
        private IntVector row(int r) { return IntVector.fromArray(IS, rows, Math.min(r, rows.length / L - 1) * L); }

        /** The lanes where the fetched entry {@code <= mag}. */
        private static VectorMask<Integer> le(IntVector entry, FloatVector mag) {
            return entry.reinterpretAsFloats().compare(VectorOperators.LE, mag).cast(IS);
        }
    }

    /** Lane {@code a} ({@code 0 <= a < 2L}) of the two vectors {@code lo, hi} taken as one table: two permutes and a blend. */
    private static IntVector select2(IntVector a, IntVector lo, IntVector hi) {
        IntVector low = a.and(L - 1); // in range on every JDK (selectFrom wraps only from 24 on)
        return low.selectFrom(lo).blend(low.selectFrom(hi), a.compare(VectorOperators.GE, L));
    }

    VectorLifThresholding() {
        if (L < 4 || L > 16) throw new IllegalStateException("species of " + L + " floats: the tree search takes 4 to 16: " + FS);
        if (IS.length() != L) throw new IllegalStateException("float and int species differ in length: " + FS + ", " + IS);
    }

    @Override public String toString() { return "vector (" + FS + ")"; }

    @Override
    public Thresholder thresholder(float[] t) {
        if (t.length == 0) return VectorLifThresholding::zeros;
        if (t.length <= MAX_TREE && strictlyIncreasing(t)) return new Tree(t)::threshold;
        Buckets b = Buckets.of(t);
        if (b != null) return b::threshold;
        return (in, inOff, len, gain, out, outOff) -> bisect(in, inOff, len, gain, t, out, outOff);
    }

    /** Which path {@link #thresholder} takes for {@code t}, for tests: {@code zeros}, {@code tree}, {@code buckets K=k B=b} or {@code bisection}. */
    static String path(float[] t) {
        if (t.length == 0) return "zeros";
        if (t.length <= MAX_TREE && strictlyIncreasing(t)) return "tree";
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
        if (q.length > 2 * L) return (counts, off, len, out, outOff) -> readoutGather(counts, off, len, q, levels, gain, out, outOff);
        int[] rows = new int[2 * L]; // the quotients' bits, in one or two table vectors
        for (int a = 0; a <= last; a++) rows[a] = Float.floatToRawIntBits(q[a]);
        return (counts, off, len, out, outOff) -> readoutPermute(counts, off, len, rows, last, levels, gain, out, outOff);
    }

    /**
     * {@code min(|n|, last)}, {@code Integer.MIN_VALUE} saturating to last too: raised to {@code -MAX_VALUE} first, so
     * that {@code |n|} does not overflow (no comparison and blend for MIN_VALUE).
     */
    private static IntVector level(IntVector n, IntVector last) {
        return n.max(-Integer.MAX_VALUE).lanewise(VectorOperators.ABS).min(last);
    }

    /**
     * At most {@code 2L} levels: the quotient by a permute of one or two table vectors (blended by the level's bit L);
     * a tail by one more vector over the last L counts (see the class comment).
     */
    private static void readoutPermute(int[] counts, int off, int len, int[] rows, int last, float[] levels, float gain, float[] out, int outOff) {
        if (len < L) { LifThresholding.readout(counts, off, len, levels, gain, out, outOff); return; }
        IntVector lastV = IntVector.broadcast(IS, last);
        IntVector lo = IntVector.fromArray(IS, rows, 0), hi = IntVector.fromArray(IS, rows, L);
        boolean two = last >= L;
        int bound = len - len % L;
        for (int i = 0; i < bound; i += L) permute(counts, off + i, lastV, lo, hi, two, out, outOff + i);
        if (bound < len) permute(counts, off + len - L, lastV, lo, hi, two, out, outOff + len - L);
    }

    /**
     * L counts read out: the quotient's bits with the count's sign bit XORed in, for {@code n < 0} the scalar code's
     * {@code -v}, which flips the sign bit and nothing else (NaN included); cheaper than a comparison, a mask cast
     * and a masked negation of the floats, and the bits must be reinterpreted as floats anyway.
     */
    private static void permute(int[] counts, int at, IntVector lastV, IntVector lo, IntVector hi, boolean two, float[] out, int outAt) {
        IntVector n = IntVector.fromArray(IS, counts, at);
        IntVector a = level(n, lastV);
        IntVector bits = two ? select2(a, lo, hi) : a.selectFrom(lo);
        bits.lanewise(VectorOperators.XOR, n.and(Integer.MIN_VALUE)).reinterpretAsFloats().intoArray(out, outAt);
    }

    /** More levels: the quotient by a gather; a tail as in {@link #readoutPermute}. */
    private static void readoutGather(int[] counts, int off, int len, float[] q, float[] levels, float gain, float[] out, int outOff) {
        if (len < L) { LifThresholding.readout(counts, off, len, levels, gain, out, outOff); return; }
        IntVector lastV = IntVector.broadcast(IS, q.length - 1);
        int[] idx = new int[L];
        int bound = len - len % L;
        for (int i = 0; i < bound; i += L) gather(counts, off + i, lastV, q, idx, out, outOff + i);
        if (bound < len) gather(counts, off + len - L, lastV, q, idx, out, outOff + len - L);
    }

    /**
     * L counts read out: the gathered quotients negated where the count is negative. They are floats, so a masked
     * negation rather than the XOR of {@link #permute}, whose reinterpretation would cost the most of all the
     * fallbacks that the JIT's first tiers run while warming up (the XOR made C2's code about 7% faster here, and
     * C1's about a third slower).
     */
    private static void gather(int[] counts, int at, IntVector lastV, float[] q, int[] idx, float[] out, int outAt) {
        IntVector n = IntVector.fromArray(IS, counts, at);
        level(n, lastV).intoArray(idx, 0);
        FloatVector.fromArray(FS, q, 0, idx, 0).lanewise(VectorOperators.NEG, n.compare(VectorOperators.LT, 0).cast(FS)).intoArray(out, outAt);
    }
}
