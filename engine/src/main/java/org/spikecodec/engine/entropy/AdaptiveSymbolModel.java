package org.spikecodec.engine.entropy;

/**
 * Adaptive distributions over {@value #SYMBOLS} symbols for one-step multi-symbol range coding, kept as plain ints in
 * a bank ({@code int[]}, {@value #STRIDE} ints per model) like {@link AdaptiveBitModel}'s, so that coding allocates
 * nothing.
 *
 * <p>A model is a cumulative distribution {@code cdf[0..15]} ({@code cdf[0] = 0}) in units of 2^-{@value #TOTAL_BITS}
 * over {@link #CDF_MAX}, plus an update count. Symbol {@code s} owns {@code [low(s), low(s + 1))} with
 * {@code low(s) = cdf[s] + MIN_PROBABILITY * s} and {@code low(16) = 2^15}: every symbol keeps at least
 * {@value #MIN_PROBABILITY} units (2^-11), whatever the adaptation did, so no symbol's interval is ever empty and every
 * step costs at least {@code -log2(1 - 15 * 2^-11)} bits.
 *
 * <p>Adaptation moves every entry towards the observed symbol's step ({@code 0} at or below it, {@code CDF_MAX} above)
 * by a shift that grows with the model's use: 4 for its first 16 symbols, 5 up to 32, then 7 (the schedule AV1's
 * CDFs use; the best of four rules on real counts, {@code MultiSymbolSizeReport}). The same shift on every entry keeps
 * the entries in order and inside {@code [0, CDF_MAX]}.
 */
final class AdaptiveSymbolModel {
    static final int SYMBOLS = 16;
    static final int TOTAL_BITS = 15;
    static final int TOTAL = 1 << TOTAL_BITS;
    /** Smallest probability of any symbol, in units of 2^-15: 2^-11. */
    static final int MIN_PROBABILITY = 16;
    static final int CDF_MAX = TOTAL - MIN_PROBABILITY * SYMBOLS;
    /** Ints per model: cdf[0..15], then the update count. */
    static final int STRIDE = SYMBOLS + 1;
    private static final int COUNT = SYMBOLS;
    /** Per symbol s, the target of entry k: CDF_MAX above s, 0 at or below it. */
    private static final int[] TARGETS = new int[SYMBOLS * SYMBOLS];

    static {
        for (int s = 0; s < SYMBOLS; s++) for (int k = s + 1; k < SYMBOLS; k++) TARGETS[s * SYMBOLS + k] = CDF_MAX;
    }

    private AdaptiveSymbolModel() {}

    /**
     * A bank of {@code models} models, all starting from {@code start}: the 16 entries {@code cdf[0..15]} in units of
     * {@link #CDF_MAX}, {@code start[0] = 0}, non-decreasing, at most {@code CDF_MAX}.
     *
     * @throws IllegalArgumentException if {@code start} is not such a distribution
     */
    static int[] newBank(int models, int[] start) {
        if (start.length != SYMBOLS || start[0] != 0) throw new IllegalArgumentException("a start needs " + SYMBOLS + " entries from 0");
        for (int s = 1; s < SYMBOLS; s++)
            if (start[s] < start[s - 1] || start[s] > CDF_MAX) throw new IllegalArgumentException("start entry " + s + " out of order: " + start[s]);
        int[] bank = new int[models * STRIDE];
        for (int m = 0; m < models; m++) System.arraycopy(start, 0, bank, m * STRIDE, SYMBOLS);
        return bank;
    }

    /** The start of a distribution {@code p} (16 weights, any positive scale) as {@link #newBank} takes it. */
    static int[] startOf(double[] p) {
        if (p.length != SYMBOLS) throw new IllegalArgumentException("a distribution needs " + SYMBOLS + " weights");
        double sum = 0;
        for (double v : p) {
            if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("weight " + v);
            sum += v;
        }
        if (!(sum > 0)) throw new IllegalArgumentException("all weights zero");
        int[] cdf = new int[SYMBOLS];
        double acc = 0;
        for (int s = 1; s < SYMBOLS; s++) {
            acc += p[s - 1];
            cdf[s] = (int) Math.min(CDF_MAX, Math.round(CDF_MAX * acc / sum));
        }
        return cdf;
    }

    /** Lower end of symbol {@code s}'s interval (s in 0..15) in units of 2^-15; strictly increasing in s. */
    static int low(int[] bank, int model, int s) {
        return bank[model * STRIDE + s] + MIN_PROBABILITY * s;
    }

    /** Adapts the model at {@code model} to one more {@code symbol}. */
    static void update(int[] bank, int model, int symbol) {
        int i = model * STRIDE;
        int n = bank[i + COUNT];
        int rate = n < 16 ? 4 : n < 32 ? 5 : 7;
        bank[i + COUNT] = n < 32 ? n + 1 : n;
        // Entries above the symbol move up towards CDF_MAX, the others down towards 0 (entry 0 stays 0): one loop of 16
        // over a table of targets, which the JIT turns into a few vector instructions.
        int t = symbol * SYMBOLS;
        for (int k = 0; k < SYMBOLS; k++) bank[i + k] += (TARGETS[t + k] - bank[i + k]) >> rate;
    }
}
