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
    /** Version 4 only: the significance pattern of a group of four, one 16-symbol model per {@link #quadModel} context. */
    final int[] quad;
    /** Version 4 only: the exponent as one 16-symbol step per magnitude class (exponents of 15 and more go on in unary). */
    final int[] exponentSymbol;
    /** Whether the exponent is one step ({@link #exponentSymbol}) instead of unary decisions. */
    final boolean exponentSteps;

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
        quad = t.quad.clone();
        exponentSymbol = t.exponentSymbol.clone();
        exponentSteps = t.exponentSteps;
    }

    ContextModels(int contextClasses) {
        this(contextClasses, false);
    }

    ContextModels(int contextClasses, boolean exponentSteps) {
        this.exponentSteps = exponentSteps;
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
        quad = AdaptiveSymbolModel.newBank(sets * QUAD_CONTEXTS, QUAD_START);
        exponentSymbol = AdaptiveSymbolModel.newBank(exponentSteps ? sets * MAG_CLASSES : 0, QUAD_START);
    }

    /** Contexts of a group's significance pattern per set: magnitude class (12) x the two halves of the row above x a nonzero parent. */
    static final int QUAD_CONTEXTS = 96;
    private static final int QUAD_SIZE_CLASSES = 12;
    private static final int[] QUAD_START = AdaptiveSymbolModel.startOf(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});

    /**
     * The model of the significance pattern of the group at columns {@code x..x+3} (row buffers padded by two, as in
     * {@link TiledCountCoder}), from its surroundings only: the bit length of the neighbours' weighted magnitude sum
     * (twice the left one, the four above and both parents; once the second left, the two diagonal above and the four
     * two rows above), whether each half of the row above is nonzero, whether a parent is. On real counts the
     * magnitude sum decides the pattern far more than where the nonzero neighbours are ({@code QuadSignificanceSizeReport}).
     */
    static int quadModel(int set, int[] s0, int[] s1, int[] s2, int x, int p0, int p1) {
        int sum = 2 * (Math.abs(s0[x + 1]) + p0 + p1 + Math.abs(s1[x + 2]) + Math.abs(s1[x + 3]) + Math.abs(s1[x + 4]) + Math.abs(s1[x + 5]))
                + Math.abs(s0[x]) + Math.abs(s1[x + 1]) + Math.abs(s1[x + 6])
                + Math.abs(s2[x + 2]) + Math.abs(s2[x + 3]) + Math.abs(s2[x + 4]) + Math.abs(s2[x + 5]); // < 2^28 for symbols below 2^22
        int size = Math.min(32 - Integer.numberOfLeadingZeros(sum), QUAD_SIZE_CLASSES - 1);
        int halves = ((s1[x + 1] | s1[x + 2] | s1[x + 3]) != 0 ? 2 : 0) + ((s1[x + 4] | s1[x + 5] | s1[x + 6]) != 0 ? 1 : 0);
        return set * QUAD_CONTEXTS + (size * 4 + halves) * 2 + ((p0 | p1) != 0 ? 1 : 0);
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
