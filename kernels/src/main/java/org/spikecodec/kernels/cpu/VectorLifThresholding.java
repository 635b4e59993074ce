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
 * <p>Thresholding runs the scalar bisection lane by lane: every lane keeps its own {@code lo}/{@code hi}, takes the
 * same {@code mid = (lo + hi) >>> 1} and the same branch as {@link LifThresholding#count}, the table entry fetched by
 * a gather. A lane whose interval is empty stops moving (its blend is masked off), so after
 * {@code bitLength(t.length)} rounds (an interval of size s shrinks to at most s/2 each round) every lane holds
 * exactly the scalar result, whatever the table holds (even unsorted or NaN: the same comparisons are made). The
 * magnitude is the same single IEEE float multiply {@code |x| * gain}, the sign the same {@code x < 0} test. The
 * read-out gathers {@code levels[a]} and divides by {@code gain} in float as the scalar code does. Tails shorter than
 * a vector run the scalar code.
 */
final class VectorLifThresholding implements LifKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();

    VectorLifThresholding() {
        if (IS.length() != L) throw new IllegalStateException("float and int species differ in length: " + FS + ", " + IS);
    }

    @Override
    public void threshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
        int n = t.length;
        int bound = len - len % L;
        int i = 0;
        if (n == 0) {
            IntVector zero = IntVector.zero(IS);
            for (; i < bound; i += L) zero.intoArray(out, outOff + i);
        } else {
            int rounds = 32 - Integer.numberOfLeadingZeros(n); // bit length of n
            int[] idx = new int[L];
            IntVector nv = IntVector.broadcast(IS, n);
            IntVector last = IntVector.broadcast(IS, n - 1);
            IntVector one = IntVector.broadcast(IS, 1);
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
                    VectorMask<Integer> up = le.and(active);
                    lo = lo.blend(mid.add(one), up);
                    hi = hi.blend(mid, active.andNot(le));
                }
                VectorMask<Integer> neg = x.compare(VectorOperators.LT, 0f).cast(IS);
                lo.lanewise(VectorOperators.NEG, neg).intoArray(out, outOff + i);
            }
        }
        if (i < len) LifThresholding.threshold(in, inOff + i, len - i, gain, t, out, outOff + i);
    }

    @Override
    public void readout(int[] counts, int off, int len, float[] levels, float gain, float[] out, int outOff) {
        int last = levels.length - 1;
        int bound = len - len % L;
        int[] idx = new int[L];
        IntVector lastV = IntVector.broadcast(IS, last);
        int i = 0;
        for (; i < bound; i += L) {
            IntVector n = IntVector.fromArray(IS, counts, off + i);
            IntVector a = n.lanewise(VectorOperators.ABS).min(lastV)
                    .blend(lastV, n.compare(VectorOperators.EQ, Integer.MIN_VALUE)); // |MIN_VALUE| overflows: saturate
            a.intoArray(idx, 0);
            FloatVector v = FloatVector.fromArray(FS, levels, 0, idx, 0).div(gain);
            v.lanewise(VectorOperators.NEG, n.compare(VectorOperators.LT, 0).cast(FS)).intoArray(out, outOff + i);
        }
        if (i < len) LifThresholding.readout(counts, off + i, len - i, levels, gain, out, outOff + i);
    }

    @Override public String toString() { return "vector (" + FS + ")"; }
}
