package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool, a measurement for the design of a faster coder (not used by the codec): on photos' real counts at a
 * target rate, the ideal adaptive code length (the sum of -log2 p, which a range coder reaches within a fraction of a
 * per cent) of each coefficient's significance and unary exponent decisions with the coder's binary models and
 * contexts, against multi-symbol designs from adaptive CDFs of 16 symbols:
 * <ul>
 *   <li>"class": one symbol for both (0 for a zero count, else 1 + the exponent, capped at 15), its CDF chosen by the
 *       significance context (45 a set) or by the magnitude class (20 a set);</li>
 *   <li>"exponent": the significance decision kept binary as now, then the exponent (capped at 15) as one symbol, its
 *       CDF chosen by the magnitude class.</li>
 * </ul>
 * Each in several adaptation rules, from a uniform CDF, a skewed one (P halving from 1/2), or one trained on the other
 * photos of the run (leave-one-out: their symbol counts per context, plus one). Sign and mantissa would be coded the
 * same way in every design and are left out. Only coefficients with a nonzero neighbour or parent are counted (quiet
 * ones go through the coder's group and chunk decisions, the same in every design); bands in raster order, no
 * prediction, no blocks. The change is given as a share of the real file. Args: bpp, then photo paths (three or more
 * for the trained starts).
 */
public final class MultiSymbolSizeReport {
    private static final int N = 16, TOTAL = 1 << 15, MIN_PROBABILITY = 16, CDF_MAX = TOTAL - MIN_PROBABILITY * N;
    /** Adaptation rules: a fixed shift, a mix of two, or by count (4 for 16 symbols, 5 to 32, then 7, as AV1 does). */
    static final int RATE_5 = 0, RATE_7 = 1, MIX = 2, BY_COUNT = 3;
    private static final String[] RULE_NAMES = {"rate 5", "rate 7", "mix 4+7", "by count"};
    static final int UNIFORM = 0, SKEWED = 1, TRAINED = 2;
    private static final String[] START_NAMES = {"uniform", "skewed", "trained"};

    /** One photo's events: its binary costs and, per design, the (context, symbol) of every multi-symbol step. */
    private record Photo(String name, long fileBytes, long coded, double binary, double binarySignificance,
                         Events bySignificance, Events byClass, Events exponent) {}

    /** A design's steps in coding order, the number of contexts, and where each channel's steps start (fresh CDFs). */
    record Events(int contexts, int[] context, int[] symbol, int size, List<Integer> channelStarts) {
        long[][] histogram() {
            long[][] h = new long[contexts][N];
            for (int i = 0; i < size; i++) h[context[i]][symbol[i]]++;
            return h;
        }
    }

    static final class EventList {
        private final int contexts;
        private int[] context = new int[1024], symbol = new int[1024];
        private int size;
        private final List<Integer> channelStarts = new ArrayList<>();

        EventList(int contexts) { this.contexts = contexts; }

        void startChannel() { channelStarts.add(size); }

        void add(int c, int s) {
            if (size == context.length) {
                context = java.util.Arrays.copyOf(context, 2 * size);
                symbol = java.util.Arrays.copyOf(symbol, 2 * size);
            }
            context[size] = c;
            symbol[size++] = s;
        }

        Events events() { return new Events(contexts, context, symbol, size, List.copyOf(channelStarts)); }
    }

    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        List<Photo> photos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) photos.add(measure(new File(args[i]), bpp));
        for (Photo photo : photos) {
            System.out.printf("%s at %.2f bpp: file %d bytes; %d coefficients with a nonzero neighbour; significance and exponent as binary decisions %.0f bytes%n",
                    photo.name(), bpp, photo.fileBytes(), photo.coded(), photo.binary() / 8);
            // The other photos' counts, once per photo (leave-one-out), for the trained starts.
            long[][] trainedSig = trained(photos, photo, Photo::bySignificance), trainedClass = trained(photos, photo, Photo::byClass),
                    trainedExp = trained(photos, photo, Photo::exponent);
            for (int start = UNIFORM; start <= TRAINED; start++) {
                if (start == TRAINED && photos.size() < 3) continue;
                for (int rule = RATE_5; rule <= BY_COUNT; rule++) {
                    if (start != UNIFORM && rule != BY_COUNT) continue;
                    double sig = bits(photo.bySignificance(), rule, start, trainedSig);
                    double cls = bits(photo.byClass(), rule, start, trainedClass);
                    double exp = photo.binarySignificance() + bits(photo.exponent(), rule, start, trainedExp);
                    System.out.printf("  %-8s %-9s  class per significance context %+6.2f%%, class per magnitude class %+6.2f%%, binary significance + exponent symbol %+6.2f%%%n",
                            START_NAMES[start], RULE_NAMES[rule], share(sig, photo), share(cls, photo), share(exp, photo));
                }
            }
        }
    }

    private static double share(double bits, Photo photo) {
        return 100.0 * (bits - photo.binary()) / 8 / photo.fileBytes();
    }

    /** The other photos' symbol counts per context, or null. */
    private static long[][] trained(List<Photo> photos, Photo leftOut, java.util.function.Function<Photo, Events> design) {
        long[][] sum = null;
        for (Photo p : photos) {
            if (p == leftOut) continue;
            long[][] h = design.apply(p).histogram();
            if (sum == null) sum = h;
            else addHistogram(sum, h);
        }
        return sum;
    }

    /** A photo's file at a target rate, its counts, and the coder's plan of its layout. */
    record Encoded(byte[] file, SpikeDecoder.Spikes spikes, LayoutPlan plan) {}

    static Encoded encodedAt(File file, double bpp) throws Exception {
        byte[] spk;
        try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
            spk = codec.encodeToBpp(ImageIO.read(file), bpp).file();
        }
        SpikeDecoder.Spikes sp = new SpikeDecoder(new CpuBackend(1)).readSpikes(spk);
        return new Encoded(spk, sp, LayoutPlan.of(sp.layout()));
    }

    /** Adds histogram {@code h} (per context, per symbol) into {@code sum}. */
    static void addHistogram(long[][] sum, long[][] h) {
        for (int c = 0; c < Math.min(sum.length, h.length); c++) for (int s = 0; s < N; s++) sum[c][s] += h[c][s];
    }

    private static Photo measure(File file, double bpp) throws Exception {
        Encoded encoded = encodedAt(file, bpp);
        byte[] spk = encoded.file();
        SpikeDecoder.Spikes sp = encoded.spikes();
        LayoutPlan plan = encoded.plan();
        int sets = plan.contextClasses;
        EventList bySig = new EventList(sets * ContextModels.SIG_MODELS), byClass = new EventList(sets * ContextModels.MAG_CLASSES),
                exponent = new EventList(sets * ContextModels.MAG_CLASSES);
        double binary = 0, binarySig = 0;
        long coded = 0;
        for (List<int[]> counts : sp.counts()) {
            // Every channel starts from fresh models (binary and CDFs), as every block does in the coder.
            bySig.startChannel();
            byClass.startChannel();
            exponent.startChannel();
            int[] sigBank = AdaptiveBitModel.newBank(sets * ContextModels.SIG_MODELS);
            int[] expBank = AdaptiveBitModel.newBank(sets * ContextModels.MAG_CLASSES * ContextModels.EXP_NODES);
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
                        double sigBits = cost(sigBank, sig, v == 0 ? 0 : 1);
                        binary += sigBits;
                        binarySig += sigBits;
                        if (v != 0) {
                            for (int k = 0; k < e; k++) binary += cost(expBank, expBase + k, 1);
                            if (e < ContextModels.MAX_EXPONENT) binary += cost(expBank, expBase + e, 0);
                        }
                        // Exponents of 14 or more would continue in binary: as rare here as in every design.
                        int magClass = expBase / ContextModels.EXP_NODES; // set * MAG_CLASSES + class
                        bySig.add(sig, Math.min(e + 1, N - 1));
                        byClass.add(magClass, Math.min(e + 1, N - 1));
                        if (v != 0) exponent.add(magClass, Math.min(e, N - 1));
                    }
                }
            }
        }
        return new Photo(file.getName(), spk.length, coded, binary, binarySig, bySig.events(), byClass.events(), exponent.events());
    }

    static int at(int[] band, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w ? 0 : band[y * w + x];
    }

    /** Bits of one binary decision under its model, then the model's update. */
    static double cost(int[] bank, int model, int bit) {
        double p0 = AdaptiveBitModel.probabilityOfZero(bank, model) / (double) AdaptiveBitModel.PROB_ONE;
        AdaptiveBitModel.update(bank, model, bit);
        return -Math.log(bit == 0 ? p0 : 1 - p0) / Math.log(2);
    }

    /** Bits of a design's steps under adaptive CDFs, one per context, restarted at each channel. */
    static double bits(Events events, int rule, int start, long[][] trained) {
        int[][] fast = new int[events.contexts()][], slow = new int[events.contexts()][];
        int[] updates = new int[events.contexts()];
        double total = 0;
        List<Integer> starts = events.channelStarts();
        for (int i = 0, next = 0; i < events.size(); i++) {
            for (; next < starts.size() && starts.get(next) == i; next++) { // a channel without steps starts where the next does
                java.util.Arrays.fill(updates, 0);
                for (int c = 0; c < events.contexts(); c++) {
                    fast[c] = startingCdf(start, trained == null || c >= trained.length ? null : trained[c]);
                    slow[c] = fast[c].clone();
                }
            }
            int c = events.context()[i], symbol = events.symbol()[i];
            int[] f = fast[c], s = slow[c];
            int lo = cdf(f, s, symbol, rule) + MIN_PROBABILITY * symbol, hi = cdf(f, s, symbol + 1, rule) + MIN_PROBABILITY * (symbol + 1);
            total -= Math.log((hi - lo) / (double) TOTAL) / Math.log(2);
            int rate = switch (rule) {
                case RATE_5 -> 5;
                case RATE_7 -> 7;
                case MIX -> 4;
                default -> updates[c] < 16 ? 4 : updates[c] < 32 ? 5 : 7;
            };
            updates[c]++;
            for (int k = 1; k < N; k++) {
                int target = k > symbol ? CDF_MAX : 0;
                f[k] += (target - f[k]) >> rate;
                if (rule == MIX) s[k] += (target - s[k]) >> 7;
            }
        }
        return total;
    }

    private static int cdf(int[] f, int[] s, int i, int rule) {
        return rule == MIX && i < N ? (f[i] + s[i]) >>> 1 : f[i];
    }

    /** P(symbol < i) for i = 0..16 in units of CDF_MAX: uniform, halving from 1/2, or a trained histogram plus one. */
    private static int[] startingCdf(int start, long[] histogram) {
        int[] cdf = new int[N + 1];
        double[] p = new double[N];
        double sum = 0;
        for (int i = 0; i < N; i++) {
            p[i] = switch (start) {
                case UNIFORM -> 1;
                case SKEWED -> Math.pow(0.5, i + 1);
                default -> (histogram == null ? 0 : histogram[i]) + 1;
            };
            sum += p[i];
        }
        double acc = 0;
        for (int i = 0; i < N; i++) {
            cdf[i] = (int) Math.round(CDF_MAX * acc / sum);
            acc += p[i];
        }
        cdf[N] = CDF_MAX;
        return cdf;
    }
}
