package org.spikecodec.engine.transform.dwt;

import org.spikecodec.engine.transform.TransformSpec;

/**
 * 1-D synthesis energy gains of the CDF 9/7 wavelet with the kernel's normalisation (analysis low-pass
 * DC gain 1, high-pass Nyquist gain 2): the squared L2 norm of the signal obtained by inverting a unit
 * impulse placed in a subband, far from the borders. 2-D gains are products of two of these.
 *
 * <p>Computed once, in double, by running the inverse lifting on a long signal; the table is immutable.
 */
final class Cdf97SynthesisEnergy {
    private static final double ALPHA = -1.586134342059924;
    private static final double BETA = -0.052980118572961;
    private static final double GAMMA = 0.882911075530934;
    private static final double DELTA = 0.443506852043971;
    private static final double K = 1.230174104914001;

    /** Coarsest band length of the test signal: the impulse sits in its middle, well clear of both ends. */
    private static final int COARSE_LENGTH = 64;

    /** LOW[a]: energy after a low-pass synthesis steps (LOW[0] = 1, no transform). */
    private static final double[] LOW = new double[TransformSpec.Dwt.MAX_LEVELS + 1];
    /** HIGH[a]: energy of one high-pass synthesis step followed by a low-pass steps. */
    private static final double[] HIGH = new double[TransformSpec.Dwt.MAX_LEVELS];

    static {
        for (int a = 0; a <= TransformSpec.Dwt.MAX_LEVELS; a++) LOW[a] = impulseEnergy(a, false);
        for (int a = 0; a < TransformSpec.Dwt.MAX_LEVELS; a++) HIGH[a] = impulseEnergy(a, true);
    }

    private Cdf97SynthesisEnergy() {}

    /** Energy of a chain of {@code lowSteps} low-pass steps, then (if {@code high}) one high-pass step at the coarsest end. */
    static double of(int lowSteps, boolean high) {
        return high ? HIGH[lowSteps] : LOW[lowSteps];
    }

    private static double impulseEnergy(int lowSteps, boolean high) {
        int levels = lowSteps + (high ? 1 : 0);
        int n = COARSE_LENGTH << levels;
        double[] x = new double[n];
        int coarse = n >> levels; // low band of the coarsest level is x[0..coarse), its high band x[coarse..2*coarse)
        x[high ? coarse + coarse / 2 : coarse / 2] = 1;
        for (int level = levels; level >= 1; level--) inverseLevel(x, n >> (level - 1));
        double energy = 0;
        for (double v : x) energy += v * v;
        return energy;
    }

    /** Inverse of one analysis level on x[0..len), len even, Mallat order in, natural order out. */
    private static void inverseLevel(double[] x, int len) {
        int half = len / 2;
        double[] s = new double[len];
        for (int i = 0; i < half; i++) {
            s[2 * i] = x[i] * K;
            s[2 * i + 1] = x[half + i] / K;
        }
        lift(s, 0, -DELTA);
        lift(s, 1, -GAMMA);
        lift(s, 0, -BETA);
        lift(s, 1, -ALPHA);
        System.arraycopy(s, 0, x, 0, len);
    }

    /** s(i) += c*(s(i-1) + s(i+1)) for i of the given parity, with whole-sample symmetric extension. */
    private static void lift(double[] s, int parity, double c) {
        int n = s.length;
        for (int i = parity; i < n; i += 2) {
            double left = s[i > 0 ? i - 1 : 1];
            double right = s[i + 1 < n ? i + 1 : n - 2];
            s[i] += c * (left + right);
        }
    }
}
