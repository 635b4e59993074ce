package org.spikecodec.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.spikecodec.kernels.LifIntegration;

/**
 * The time-stepped LIF integration on the Vector API ({@code jdk.incubator.vector}), bit-identical to the scalar
 * {@link LifIntegrator}: each lane runs one neuron through the same separately rounded float operations
 * ({@code u * decay + (R * |x|) * (1 - decay)}, no fused multiply-add; IEEE multiplication and addition are
 * commutative, so the operand order of a lane equals the scalar code's bit for bit). Never referenced by name:
 * {@link VectorSupport} loads it reflectively, only when the module is in the boot layer.
 *
 * <p>Neurons are stepped a block at a time: the block's state (potential, count of the current bin, ...) lives in
 * small arrays that stay in the L1 cache between segments. Without refractory period or first-spike steps (the
 * common case) four vectors run a whole segment in registers ({@link #stepPlain}); otherwise time is outermost and
 * one step of the block is a loop over its vectors, which are independent, so the out-of-order core overlaps their
 * dependency chains (multiply, add, compare, blend). The steps are cut into segments in which the input
 * plane and the count bin do not change, so that the drive {@code (R |x|)(1 - decay)} is computed once per
 * segment, not per step. A bin's sign is that of its first spike's input: a lane whose bin count was 0 at the start
 * of a segment and is not at its end fired its bin's first spike in that segment, on that segment's input.
 * Neurons past the last whole vector run the scalar code.
 */
final class VectorLifIntegrator implements IntegrationKernel {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
    private static final int L = FS.length();
    /** Neurons stepped together: 7 state arrays of this many 4-byte entries (14 KB at 16 lanes) stay in L1. */
    static final int BLOCK = 32 * L;

    VectorLifIntegrator() {
        if (IS.length() != L) throw new IllegalStateException("float and int species differ in length: " + FS + ", " + IS);
    }

    @Override public String toString() { return "vector (" + FS + ")"; }

    /** One block's state, allocated once per call of {@link #integrate}. */
    private static final class Block {
        final float[] u = new float[BLOCK], drive = new float[BLOCK];
        final int[] count = new int[BLOCK], sign = new int[BLOCK], inputSign = new int[BLOCK], countAtSegment = new int[BLOCK],
                hold = new int[BLOCK], first = new int[BLOCK];
    }

    @Override
    public void integrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep, int from, int to) {
        int vectorEnd = from + (to - from) / L * L;
        if (vectorEnd > from) {
            Block s = new Block();
            for (int start = from; start < vectorEnd; start += BLOCK)
                block(s, input, neurons, p, countsPerBin, firstSpikeStep, start, Math.min(BLOCK, vectorEnd - start));
        }
        if (vectorEnd < to) LifIntegrator.integrate(input, neurons, p, countsPerBin, firstSpikeStep, vectorEnd, to);
    }

    /** Neurons {@code [start, start + n)}, n a multiple of L, through every step. */
    private static void block(Block s, float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep, int start, int n) {
        final int steps = p.steps(), perPlane = p.stepsPerPlane(), perBin = p.stepsPerBin(), refractory = p.refractorySteps();
        final boolean plain = refractory == 0 && firstSpikeStep == null;
        java.util.Arrays.fill(s.u, 0, n, 0f);
        java.util.Arrays.fill(s.count, 0, n, 0);
        java.util.Arrays.fill(s.sign, 0, n, 0);
        java.util.Arrays.fill(s.hold, 0, n, 0);
        java.util.Arrays.fill(s.first, 0, n, -1);
        int loadedPlane = -1;
        for (int t = 0; t < steps; ) {
            int plane = t / perPlane, bin = t / perBin;
            int end = (int) Math.min(steps, Math.min((long) (plane + 1) * perPlane, (long) (bin + 1) * perBin));
            if (plane != loadedPlane) { loadPlane(s, input, plane * (long) neurons + start, n, p); loadedPlane = plane; }
            System.arraycopy(s.count, 0, s.countAtSegment, 0, n);
            if (plain) stepPlain(s, n, t, end, p);
            else stepGeneral(s, n, t, end, p, firstSpikeStep != null);
            signOfNewBins(s, n);
            if (end == steps || end % perBin == 0) { writeBin(s, n, countsPerBin, bin * (long) neurons + start); }
            t = end;
        }
        if (firstSpikeStep != null) System.arraycopy(s.first, 0, firstSpikeStep, start, n);
    }

    /** The plane's drive {@code (R |x|) (1 - decay)} and input sign (+1, or -1 where {@code x < 0f}) of each neuron. */
    private static void loadPlane(Block s, float[] input, long offset, int n, LifIntegration p) {
        final float scale = p.driveScale(), oneMinusDecay = p.oneMinusDecay();
        IntVector plus = IntVector.broadcast(IS, 1);
        for (int v = 0; v < n; v += L) {
            FloatVector x = FloatVector.fromArray(FS, input, (int) (offset + v));
            x.lanewise(VectorOperators.ABS).mul(scale).mul(oneMinusDecay).intoArray(s.drive, v);
            plus.lanewise(VectorOperators.NEG, x.compare(VectorOperators.LT, 0f).cast(IS)).intoArray(s.inputSign, v);
        }
    }

    /**
     * Steps {@code [t, end)} without refractory period or first-spike steps: integrate, fire, count, reset. Four
     * vectors at a time, their state in registers (one alone would wait on its chain every step). The chain is
     * shortened by carrying the potential before the threshold test, {@code pre}: after a spike the scalar code
     * resets u to 0 and the next step computes {@code 0 * decay + drive}, which is exactly {@code drive} (+0 times
     * a finite decay is +0, and +0 plus the drive is the drive, +0 or NaN included), so the next {@code pre} is
     * {@code fired ? drive : pre * decay + drive}: the multiply-add need not wait for the comparison.
     */
    private static void stepPlain(Block s, int n, int t, int end, LifIntegration p) {
        final float decay = p.decay(), threshold = p.threshold();
        final float[] u = s.u, drive = s.drive;
        final int[] count = s.count;
        int v = 0;
        for (; v + 4 * L <= n; v += 4 * L) {
            FloatVector d0 = FloatVector.fromArray(FS, drive, v), d1 = FloatVector.fromArray(FS, drive, v + L),
                    d2 = FloatVector.fromArray(FS, drive, v + 2 * L), d3 = FloatVector.fromArray(FS, drive, v + 3 * L);
            FloatVector p0 = FloatVector.fromArray(FS, u, v).mul(decay).add(d0), p1 = FloatVector.fromArray(FS, u, v + L).mul(decay).add(d1),
                    p2 = FloatVector.fromArray(FS, u, v + 2 * L).mul(decay).add(d2), p3 = FloatVector.fromArray(FS, u, v + 3 * L).mul(decay).add(d3);
            IntVector c0 = IntVector.fromArray(IS, count, v), c1 = IntVector.fromArray(IS, count, v + L),
                    c2 = IntVector.fromArray(IS, count, v + 2 * L), c3 = IntVector.fromArray(IS, count, v + 3 * L);
            VectorMask<Float> f0, f1, f2, f3;
            for (int step = t; ; step++) {
                f0 = p0.compare(VectorOperators.GE, threshold);
                f1 = p1.compare(VectorOperators.GE, threshold);
                f2 = p2.compare(VectorOperators.GE, threshold);
                f3 = p3.compare(VectorOperators.GE, threshold);
                c0 = c0.add(1, f0.cast(IS));
                c1 = c1.add(1, f1.cast(IS));
                c2 = c2.add(1, f2.cast(IS));
                c3 = c3.add(1, f3.cast(IS));
                if (step + 1 == end) break;
                p0 = p0.mul(decay).add(d0).blend(d0, f0);
                p1 = p1.mul(decay).add(d1).blend(d1, f1);
                p2 = p2.mul(decay).add(d2).blend(d2, f2);
                p3 = p3.mul(decay).add(d3).blend(d3, f3);
            }
            p0.blend(0f, f0).intoArray(u, v);
            p1.blend(0f, f1).intoArray(u, v + L);
            p2.blend(0f, f2).intoArray(u, v + 2 * L);
            p3.blend(0f, f3).intoArray(u, v + 3 * L);
            c0.intoArray(count, v);
            c1.intoArray(count, v + L);
            c2.intoArray(count, v + 2 * L);
            c3.intoArray(count, v + 3 * L);
        }
        for (; v < n; v += L) {
            FloatVector d = FloatVector.fromArray(FS, drive, v), pre = FloatVector.fromArray(FS, u, v).mul(decay).add(d);
            IntVector c = IntVector.fromArray(IS, count, v);
            VectorMask<Float> f;
            for (int step = t; ; step++) {
                f = pre.compare(VectorOperators.GE, threshold);
                c = c.add(1, f.cast(IS));
                if (step + 1 == end) break;
                pre = pre.mul(decay).add(d).blend(d, f);
            }
            pre.blend(0f, f).intoArray(u, v);
            c.intoArray(count, v);
        }
    }

    /**
     * Steps {@code [t, end)} with the refractory hold (a held lane counts down and stays at 0: its integration is
     * computed and dropped, and a potential of 0 never reaches the positive threshold) and, when wanted, the first
     * spike's 1-based step.
     */
    private static void stepGeneral(Block s, int n, int t, int end, LifIntegration p, boolean trackFirst) {
        final float decay = p.decay(), threshold = p.threshold();
        final int refractory = p.refractorySteps();
        final float[] u = s.u, drive = s.drive;
        final int[] count = s.count, hold = s.hold, first = s.first;
        for (int step = t; step < end; step++) {
            for (int v = 0; v < n; v += L) {
                IntVector h = IntVector.fromArray(IS, hold, v);
                VectorMask<Integer> held = h.compare(VectorOperators.GT, 0);
                FloatVector next = FloatVector.fromArray(FS, u, v).mul(decay).add(FloatVector.fromArray(FS, drive, v))
                        .blend(0f, held.cast(FS));
                VectorMask<Integer> fire = next.compare(VectorOperators.GE, threshold).cast(IS);
                next.blend(0f, fire.cast(FS)).intoArray(u, v);
                IntVector.fromArray(IS, count, v).add(1, fire).intoArray(count, v);
                h.sub(1, held).blend(refractory, fire).intoArray(hold, v);
                if (trackFirst) {
                    IntVector f = IntVector.fromArray(IS, first, v);
                    f.blend(step + 1, fire.and(f.compare(VectorOperators.LT, 0))).intoArray(first, v);
                }
            }
        }
    }

    /** A lane whose bin count left 0 in this segment takes the segment's input sign for its bin. */
    private static void signOfNewBins(Block s, int n) {
        for (int v = 0; v < n; v += L) {
            IntVector before = IntVector.fromArray(IS, s.countAtSegment, v), after = IntVector.fromArray(IS, s.count, v);
            VectorMask<Integer> started = before.compare(VectorOperators.EQ, 0).and(after.compare(VectorOperators.NE, 0));
            IntVector.fromArray(IS, s.sign, v).blend(IntVector.fromArray(IS, s.inputSign, v), started).intoArray(s.sign, v);
        }
    }

    /** Writes the bin's signed counts and clears them for the next bin. */
    private static void writeBin(Block s, int n, int[] countsPerBin, long offset) {
        for (int v = 0; v < n; v += L) {
            IntVector c = IntVector.fromArray(IS, s.count, v);
            c.lanewise(VectorOperators.NEG, IntVector.fromArray(IS, s.sign, v).compare(VectorOperators.LT, 0))
                    .intoArray(countsPerBin, (int) (offset + v));
        }
        java.util.Arrays.fill(s.count, 0, n, 0);
        java.util.Arrays.fill(s.sign, 0, n, 0);
    }
}
