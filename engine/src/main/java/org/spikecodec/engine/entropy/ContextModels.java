package org.spikecodec.engine.entropy;

/**
 * All adaptive models of one channel, and the context rules that pick one for each decision. Every context class
 * of the layout has two model sets, one per band coding mode (raw counts / MED-prediction residuals), since the
 * two have different statistics.
 *
 * <p>Neighbourhood, in already-coded symbols of the same band: {@code L2 L} on the current row, {@code UL U UR}
 * on the row above, {@code U2} two rows above; {@code P} is the parent count's magnitude (0 without a parent).
 */
final class ContextModels {
    /** Neighbour-pattern classes of the significance flag: 2(min(|L|,2)+min(|U|,2)) + min(|UL|,2) + min(|UR|,2) + min(|L2|,1) + min(|U2|,1). */
    static final int SIG_PATTERNS = 15;
    /** Parent classes of the significance flag: |P| = 0, 1, >= 2. */
    static final int SIG_PARENT = 3;
    static final int SIG_MODELS = SIG_PATTERNS * SIG_PARENT;
    static final int SIGN_MODELS = 9;
    /** Initial P(zero) of the significance flag in an all-zero neighbourhood. */
    static final double ZERO_PRIOR = 0.98;
    /** Initial P(all zero) of a quiet group: most are, in the fine bands that hold most coefficients. */
    static final double RUN_PRIOR = 0.9;
    /** Magnitude classes: bit length of a weighted sum of neighbour magnitudes, capped. */
    static final int MAG_CLASSES = 20;
    /** Largest exponent floor(log2 |symbol|): residuals of counts up to 2^20 stay below 2^22. */
    static final int MAX_EXPONENT = 21;
    /** Unary exponent nodes: node i decides "exponent > i". */
    static final int EXP_NODES = MAX_EXPONENT;
    /** Per exponent: first mantissa bit, then the second given the first. */
    static final int MANT_MODELS = 3;

    final int[] sig;
    final int[] sign;
    final int[] exp;
    final int[] mant;
    /** Tiled streams only: "a quiet group of {@value TiledCountCoder#GROUP} symbols holds a nonzero one", one model per set. */
    final int[] run;
    /** Version 3 only: "a chunk of {@value TiledCountCoder#CHUNK} symbols holds a nonzero one", {@value TiledCountCoder#CHUNK_CONTEXTS} models per set. */
    final int[] chunk;
    /** Version 3 only: the run decision inside a flagged chunk, {@value TiledCountCoder#CHUNK_RUN_MODELS} models per set. */
    final int[] chunkRun;

    /**
     * Copies of these models, for a block that starts where these do: copying is cheaper than filling the banks and
     * setting the priors again for every block (a copy needs no zeroing first).
     */
    ContextModels copy() { return new ContextModels(this); }

    private ContextModels(ContextModels t) {
        sig = t.sig.clone();
        sign = t.sign.clone();
        exp = t.exp.clone();
        mant = t.mant.clone();
        run = t.run.clone();
        chunk = t.chunk.clone();
        chunkRun = t.chunkRun.clone();
    }

    ContextModels(int contextClasses) {
        int sets = 2 * contextClasses;
        sig = AdaptiveBitModel.newBank(sets * SIG_MODELS);
        // Prior: a coefficient whose neighbours and parent are all zero is almost always zero. Starting those
        // models at 1/2 costs tens of bytes of learning per image, which dominates tiny images (28x28 at 0.1 bpp
        // is 10 bytes); the clamp on probabilities, and so the decoder's size bound, is unchanged.
        for (int set = 0; set < sets; set++) AdaptiveBitModel.prior(sig, (set * SIG_PATTERNS) * SIG_PARENT, ZERO_PRIOR);
        sign = AdaptiveBitModel.newBank(sets * SIGN_MODELS);
        exp = AdaptiveBitModel.newBank(sets * MAG_CLASSES * EXP_NODES);
        mant = AdaptiveBitModel.newBank(sets * (MAX_EXPONENT + 1) * MANT_MODELS);
        run = AdaptiveBitModel.newBank(sets);
        for (int set = 0; set < sets; set++) AdaptiveBitModel.prior(run, set, RUN_PRIOR);
        chunkRun = AdaptiveBitModel.newBank(sets * TiledCountCoder.CHUNK_RUN_MODELS);
        chunk = AdaptiveBitModel.newBank(sets * TiledCountCoder.CHUNK_CONTEXTS);
        for (int set = 0; set < sets; set++) AdaptiveBitModel.prior(chunk, set * TiledCountCoder.CHUNK_CONTEXTS, RUN_PRIOR);
    }

    static int sigModel(int set, int aL, int aU, int aUL, int aUR, int aL2, int aU2, int p) {
        return sigModel(set, sigPattern(sigClass(aL), sigClass(aU), sigClass(aUL), sigClass(aUR), aL2, aU2), p);
    }

    /** A neighbour's class in the significance pattern: min(|v|, 2). */
    static int sigClass(int v) { return Math.min(Math.abs(v), 2); }

    /** The significance pattern from the classes of L, U, UL, UR ({@link #sigClass}) and |L2|, |U2|. */
    static int sigPattern(int cL, int cU, int cUL, int cUR, int aL2, int aU2) {
        return 2 * (cL + cU) + cUL + cUR + Math.min(aL2, 1) + Math.min(aU2, 1);
    }

    static int sigModel(int set, int pattern, int p) {
        return (set * SIG_PATTERNS + pattern) * SIG_PARENT + Math.min(p, 2);
    }

    static int signModel(int set, int l, int u) {
        return set * SIGN_MODELS + (Integer.signum(l) + 1) * 3 + Integer.signum(u) + 1;
    }

    /** First unary node of the exponent models for this neighbourhood. */
    static int expBase(int set, int aL, int aU, int aUL, int aUR, int aL2, int aU2, int p) {
        int activity = 2 * (aL + aU + p) + aUL + aUR + aL2 + aU2; // < 2^26 for counts below 2^22
        int cls = Math.min(32 - Integer.numberOfLeadingZeros(activity), MAG_CLASSES - 1);
        return (set * MAG_CLASSES + cls) * EXP_NODES;
    }

    static int mantBase(int set, int exponent) {
        return (set * (MAX_EXPONENT + 1) + exponent) * MANT_MODELS;
    }
}
