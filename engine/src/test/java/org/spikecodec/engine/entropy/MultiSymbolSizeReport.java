package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.List;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool, a measurement for the design of a faster coder (not used by the codec): on a photo's real counts at
 * a target rate, the ideal adaptive code length (the sum of -log2 p, which a range coder reaches within a fraction of a
 * per cent) of each coefficient's significance and unary exponent decisions with the coder's binary models and
 * contexts, against one symbol of a 16-value alphabet (0 for a zero count, else 1 + the exponent, capped at 15) from an
 * adaptive CDF, in two context choices and four adaptation rules. Sign and mantissa would be coded the same way in both
 * designs and are left out. Only coefficients with a nonzero neighbour or parent are counted (quiet ones go through the
 * coder's group and chunk decisions, the same in both designs); bands in raster order, no prediction, no blocks. The
 * change is given as a share of the real file. Args: bpp, then photo paths.
 */
public final class MultiSymbolSizeReport {
    private static final int N = 16, TOTAL = 1 << 15, MIN_PROBABILITY = 16, CDF_MAX = TOTAL - MIN_PROBABILITY * N;
    private static final String[] RULES = {"rate 5", "rate 7", "mix 4+7", "rate 4->5->7 by count", "by count, skewed start"};
    private static final String[] CONTEXTS = {"significance context (45 a set)", "magnitude class (20 a set)"};

    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        for (int i = 1; i < args.length; i++) {
            byte[] file;
            try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
                file = codec.encodeToBpp(ImageIO.read(new File(args[i])), bpp).file();
            }
            SpikeDecoder.Spikes sp = new SpikeDecoder(new CpuBackend(1)).readSpikes(file);
            LayoutPlan plan = LayoutPlan.of(sp.layout());
            double binary = 0;
            double[][] multi = new double[CONTEXTS.length][RULES.length];
            long coded = 0;
            for (List<int[]> counts : sp.counts()) {
                int sets = plan.contextClasses;
                int[] sigBank = AdaptiveBitModel.newBank(sets * ContextModels.SIG_MODELS);
                for (int set = 0; set < sets; set++) AdaptiveBitModel.prior(sigBank, set * ContextModels.SIG_PATTERNS * ContextModels.SIG_PARENT, ContextModels.ZERO_PRIOR);
                int[] expBank = AdaptiveBitModel.newBank(sets * ContextModels.MAG_CLASSES * ContextModels.EXP_NODES);
                Cdfs[][] cdfs = new Cdfs[CONTEXTS.length][RULES.length];
                for (int c = 0; c < CONTEXTS.length; c++)
                    for (int r = 0; r < RULES.length; r++) cdfs[c][r] = new Cdfs(sets * (c == 0 ? ContextModels.SIG_MODELS : ContextModels.MAG_CLASSES), r);
                for (int b = 0; b < counts.size(); b++) {
                    int[] band = counts.get(b), parent = plan.parent[b] < 0 ? null : counts.get(plan.parent[b]);
                    int w = plan.width[b], h = plan.height[b], set = plan.contextClass[b];
                    int pw = parent == null ? 0 : plan.width[plan.parent[b]], ph = parent == null ? 0 : plan.height[plan.parent[b]];
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int l = at(band, w, x - 1, y), l2 = at(band, w, x - 2, y), ul = at(band, w, x - 1, y - 1), u = at(band, w, x, y - 1);
                            int ur = at(band, w, x + 1, y - 1), u2 = at(band, w, x, y - 2);
                            int p = parent == null ? 0 : Math.abs(parent[Math.min(y >> 1, ph - 1) * pw + Math.min(x >> 1, pw - 1)]);
                            if ((l | l2 | ul | u | ur | u2 | p) == 0) continue;
                            coded++;
                            int aL = Math.abs(l), aU = Math.abs(u), aUL = Math.abs(ul), aUR = Math.abs(ur), aL2 = Math.abs(l2), aU2 = Math.abs(u2);
                            int sig = ContextModels.sigModel(set, aL, aU, aUL, aUR, aL2, aU2, p);
                            int expBase = ContextModels.expBase(set, aL, aU, aUL, aUR, aL2, aU2, p);
                            int v = Math.abs(band[y * w + x]);
                            int e = v == 0 ? -1 : 31 - Integer.numberOfLeadingZeros(v);
                            binary += cost(sigBank, sig, v == 0 ? 0 : 1);
                            if (v != 0) {
                                for (int k = 0; k < e; k++) binary += cost(expBank, expBase + k, 1);
                                if (e < ContextModels.MAX_EXPONENT) binary += cost(expBank, expBase + e, 0);
                            }
                            int symbol = Math.min(e + 1, N - 1); // an exponent of 14 or more would continue in binary, as rare here as in both designs
                            int magClass = expBase / ContextModels.EXP_NODES; // set * MAG_CLASSES + class
                            for (int r = 0; r < RULES.length; r++) {
                                multi[0][r] += cdfs[0][r].cost(sig, symbol);
                                multi[1][r] += cdfs[1][r].cost(magClass, symbol);
                            }
                        }
                    }
                }
            }
            System.out.printf("%s at %.2f bpp: file %d bytes; %d coefficients with a nonzero neighbour; significance and exponent as binary decisions %.0f bytes%n",
                    new File(args[i]).getName(), bpp, file.length, coded, binary / 8);
            for (int c = 0; c < CONTEXTS.length; c++)
                for (int r = 0; r < RULES.length; r++)
                    System.out.printf("  multi-symbol, %-32s %-22s %10.0f bytes: %+.2f%% of the file%n", CONTEXTS[c], RULES[r], multi[c][r] / 8,
                            100.0 * (multi[c][r] - binary) / 8 / file.length);
        }
    }

    private static int at(int[] band, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w ? 0 : band[y * w + x];
    }

    /** Bits of one binary decision under its model, then the model's update. */
    private static double cost(int[] bank, int model, int bit) {
        double p0 = AdaptiveBitModel.probabilityOfZero(bank, model) / (double) AdaptiveBitModel.PROB_ONE;
        AdaptiveBitModel.update(bank, model, bit);
        return -Math.log(bit == 0 ? p0 : 1 - p0) / Math.log(2);
    }

    /** Adaptive CDFs of 16 symbols, one per context, every symbol at least MIN_PROBABILITY / 2^15. */
    private static final class Cdfs {
        private static final int SKEWED = 4;
        private final int rule;
        private final int[][] fast, slow;
        private final int[] updates;

        Cdfs(int contexts, int rule) {
            this.rule = rule;
            fast = new int[contexts][N + 1];
            slow = new int[contexts][N + 1];
            updates = new int[contexts];
            for (int c = 0; c < contexts; c++)
                for (int i = 0; i <= N; i++) fast[c][i] = slow[c][i] = rule == SKEWED ? skewed(i) : (int) ((long) CDF_MAX * i / N);
        }

        /** A fixed starting CDF instead of a uniform one: P(symbol) halving from 1/2 at 0 (a stand-in for trained priors). */
        private static int skewed(int i) {
            return i == N ? CDF_MAX : (int) Math.round(CDF_MAX * (1 - Math.pow(0.5, i)));
        }

        double cost(int context, int symbol) {
            int[] f = fast[context], s = slow[context];
            int lo = cdf(f, s, symbol) + MIN_PROBABILITY * symbol, hi = cdf(f, s, symbol + 1) + MIN_PROBABILITY * (symbol + 1);
            int rate = switch (rule) {
                case 0 -> 5;
                case 1 -> 7;
                case 2 -> 4;
                default -> updates[context] < 16 ? 4 : updates[context] < 32 ? 5 : 7; // rules 3 and SKEWED
            };
            updates[context]++;
            for (int i = 1; i < N; i++) {
                int target = i > symbol ? CDF_MAX : 0;
                f[i] += (target - f[i]) >> rate;
                if (rule == 2) s[i] += (target - s[i]) >> 7;
            }
            return -Math.log((hi - lo) / (double) TOTAL) / Math.log(2);
        }

        private int cdf(int[] f, int[] s, int i) {
            return rule == 2 && i < N ? (f[i] + s[i]) >>> 1 : f[i];
        }
    }
}
