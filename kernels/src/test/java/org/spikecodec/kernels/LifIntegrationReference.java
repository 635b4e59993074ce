package org.spikecodec.kernels;

import java.util.SplittableRandom;

/**
 * An independent float reference of the documented integration contract (written from the Javadoc of
 * {@link ComputeBackend#lifIntegrate}, not from any backend): it lists each neuron's spikes, then bins them.
 * Also builds inputs that put the membrane potential exactly on the threshold.
 */
public final class LifIntegrationReference {
    private LifIntegrationReference() {}

    /** {@code {counts, firstSpikeStep, {exactHits}}}: exactHits counts spikes fired with u exactly equal to the threshold. */
    public static int[][] run(float[] in, int neurons, LifIntegration p) {
        int bins = p.bins();
        int[] counts = new int[bins * neurons], first = new int[neurons];
        int exact = 0;
        int[] spikeStep = new int[p.steps()];
        boolean[] negative = new boolean[p.steps()];
        for (int i = 0; i < neurons; i++) {
            int n = 0;
            float u = 0f;
            int t = 0;
            while (t < p.steps()) {
                float x = in[(t / p.stepsPerPlane()) * neurons + i];
                u = u * p.decay() + p.driveScale() * Math.abs(x) * p.oneMinusDecay();
                if (u >= p.threshold()) {
                    if (u == p.threshold()) exact++;
                    spikeStep[n] = t;
                    negative[n++] = x < 0f;
                    u = 0f;
                    t += 1 + p.refractorySteps();
                } else {
                    t++;
                }
            }
            first[i] = n == 0 ? -1 : spikeStep[0] + 1;
            for (int k = 0; k < n; k++) {
                int b = spikeStep[k] / p.stepsPerBin();
                boolean firstInBin = k == 0 || spikeStep[k - 1] / p.stepsPerBin() != b;
                int sign = firstInBin ? (negative[k] ? -1 : 1) : Integer.signum(counts[b * neurons + i]);
                counts[b * neurons + i] += sign;
            }
        }
        return new int[][] {counts, first, {exact}};
    }

    /** One float step of the contract. */
    public static float step(float u, float x, LifIntegration p) {
        return u * p.decay() + p.driveScale() * Math.abs(x) * p.oneMinusDecay();
    }

    /**
     * Random parameters: decay from dt/tau in [e^-9, e^2], R in [0.1, 10], theta over several binades,
     * refractory 0..4 (sometimes none), bins and planes of random lengths.
     */
    public static LifIntegration randomParameters(SplittableRandom r, int maxSteps) {
        int steps = r.nextInt(1, maxSteps + 1);
        int perPlane = switch (r.nextInt(3)) { case 0 -> 1; case 1 -> steps; default -> r.nextInt(1, steps + 1); };
        int perBin = r.nextBoolean() ? steps : r.nextInt(1, steps + 1);
        int refractory = r.nextInt(3) == 0 ? 0 : r.nextInt(0, 5);
        double dtOverTau = Math.exp(r.nextDouble(-9, 2));
        double resistance = Math.exp(r.nextDouble(-2.3, 2.3));
        double threshold = Math.pow(2, r.nextInt(-20, 20)) * (1 + r.nextDouble());
        return LifIntegration.exact(steps, perPlane, perBin, dtOverTau, resistance, threshold, refractory);
    }

    /**
     * Random time-varying inputs around the level that fires within a few steps; a fraction of the neurons (when
     * every step has its own plane) are steered so that u lands exactly on the threshold at some steps, and a few
     * carry special values (0, -0, subnormals, infinities, NaN).
     */
    public static float[] randomInputs(SplittableRandom r, int neurons, LifIntegration p) {
        int planes = p.planes();
        float[] in = new float[planes * neurons];
        // The constant input that fires after about k steps: theta / (R (1 - decay^k)).
        double k = Math.max(1, r.nextInt(1, 20));
        double level = p.threshold() / (Math.max(1e-30, p.driveScale()) * Math.max(1e-30, 1 - Math.pow(p.decay(), k)));
        for (int j = 0; j < in.length; j++) {
            double v = level * Math.exp(r.nextDouble(-1.5, 1.0));
            in[j] = (float) (r.nextInt(3) == 0 ? -v : v);
        }
        for (int i = 0; i < neurons; i++) {
            int kind = r.nextInt(100);
            if (kind < 3) {
                float s = SPECIAL[r.nextInt(SPECIAL.length)];
                in[r.nextInt(planes) * neurons + i] = s;
            } else if (kind < 40 && p.stepsPerPlane() == 1) {
                steerOntoThreshold(r, in, neurons, i, p);
            }
        }
        return in;
    }

    static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE};

    /**
     * Walks neuron i through the contract; at random steps replaces the input by the one (if any) that makes
     * {@code step(u, x) == threshold} exactly, else by the smallest that reaches it (and sometimes the float just
     * below that, which must not fire).
     */
    static void steerOntoThreshold(SplittableRandom r, float[] in, int neurons, int i, LifIntegration p) {
        float u = 0f;
        int t = 0;
        while (t < p.steps()) {
            int j = t * neurons + i;
            if (r.nextInt(3) == 0 && p.oneMinusDecay() > 0 && p.driveScale() > 0) {
                float x = onThreshold(u, p);
                if (Float.isFinite(x)) {
                    if (r.nextInt(5) == 0) x = Math.nextDown(x);
                    in[j] = r.nextBoolean() ? x : -x;
                }
            }
            u = step(u, in[j], p);
            if (u >= p.threshold()) { u = 0f; t += 1 + p.refractorySteps(); } else t++;
            if (!Float.isFinite(u)) return;
        }
    }

    /** The smallest non-negative float x with {@code step(u, x) >= threshold}, preferring one that lands exactly on it. */
    static float onThreshold(float u, LifIntegration p) {
        double guess = (p.threshold() - (double) (u * p.decay())) / ((double) p.driveScale() * p.oneMinusDecay());
        if (!(guess >= 0) || guess > Float.MAX_VALUE) return Float.NaN;
        float x = (float) guess;
        for (int n = 0; n < 200 && step(u, x, p) >= p.threshold() && x > 0; n++) x = Math.nextDown(x);
        for (int n = 0; n < 400 && step(u, x, p) < p.threshold(); n++) x = Math.nextUp(x);
        return step(u, x, p) >= p.threshold() ? x : Float.NaN;
    }
}
