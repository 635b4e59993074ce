package org.spikecodec.engine.entropy;

/**
 * Adaptive estimates of P(bit = 0), kept as plain ints in a bank ({@code int[]}, three ints per model) so that
 * coding allocates nothing and stays cache-friendly.
 *
 * <p>Each model mixes a fast estimator (window about 2^4 decisions: learns quickly in small bands) with a slow one
 * (about 2^7: low variance in large ones), as VVC's CABAC does. The states carry 22 bits so long runs can push the
 * estimate close to certainty; the probability handed to the coder is then clamped to
 * [{@link #PROB_MIN}, {@link #PROB_MAX}] / 2^16, which is what bounds the cost of every decision from below
 * (see {@link SpikeCountCoder#maxSymbolsFor}).
 *
 * <p>The third int of a model is that clamped probability, computed when the model is updated: a decoder's next
 * decision on the same model (runs of zeros in one context are the common case) then waits on one load instead of
 * a load, an add, a shift and the clamp. That took 3 to 5% off the coder's time per decision on a synthetic stream
 * ({@code RangeDecoderSpeedReport}, test sources); the probabilities, and so the bits, are the same.
 */
final class AdaptiveBitModel {
    /** Probabilities given to the range coder have this many fractional bits. */
    static final int PROB_BITS = 16;
    static final int PROB_ONE = 1 << PROB_BITS;
    /** Smallest probability of either bit value: 2^-11. */
    static final int PROB_MIN = 32;
    static final int PROB_MAX = PROB_ONE - PROB_MIN;

    private static final int STATE_BITS = 22;
    private static final int STATE_ONE = 1 << STATE_BITS;
    private static final int FAST_SHIFT = 4;
    private static final int SLOW_SHIFT = 7;

    private AdaptiveBitModel() {}

    /** Ints per model in a bank: the fast state, the slow state, the clamped probability of both. */
    static final int STRIDE = 3;

    /** A bank of {@code models} estimators, all starting at P(0) = 1/2. */
    static int[] newBank(int models) {
        int[] bank = new int[STRIDE * models];
        for (int m = 0; m < models; m++) set(bank, m * STRIDE, STATE_ONE / 2);
        return bank;
    }

    /** Both states of the model at {@code i} to {@code state}, and its probability from them. */
    private static void set(int[] bank, int i, int state) {
        bank[i] = state;
        bank[i + 1] = state;
        bank[i + 2] = clampedProbability(state, state);
    }

    /** Starts one model at P(bit = 0) = {@code p0} instead of 1/2 (a prior, for contexts whose statistics are known). */
    static void prior(int[] bank, int model, double p0) {
        set(bank, model * STRIDE, (int) Math.round(Math.min(1, Math.max(0, p0)) * STATE_ONE));
    }

    /** The number of models in a bank. */
    static int models(int[] bank) {
        return bank.length / STRIDE;
    }

    /** P(bit = 0) of one model, in units of 2^-16, clamped to [PROB_MIN, PROB_MAX]. */
    static int probabilityOfZero(int[] bank, int model) {
        return bank[model * STRIDE + 2];
    }

    private static int clampedProbability(int fast, int slow) {
        int p = (fast + slow) >>> (STATE_BITS + 1 - PROB_BITS);
        return Math.min(Math.max(p, PROB_MIN), PROB_MAX);
    }

    static void update(int[] bank, int model, int bit) {
        int i = model * STRIDE;
        int target = (bit - 1) & STATE_ONE; // bit 0 -> STATE_ONE, bit 1 -> 0
        int fast = bank[i] + ((target - bank[i]) >> FAST_SHIFT);
        int slow = bank[i + 1] + ((target - bank[i + 1]) >> SLOW_SHIFT);
        bank[i] = fast;
        bank[i + 1] = slow;
        bank[i + 2] = clampedProbability(fast, slow);
    }
}
