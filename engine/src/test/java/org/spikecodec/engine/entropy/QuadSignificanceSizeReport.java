package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.codec.SpikeDecoder;

/**
 * Test-scope tool, a measurement for the design of a faster coder (not used by the codec): the significance of a group
 * of {@value TiledCountCoder#GROUP} coefficients (aligned columns of a row) as one 16-symbol step (the group's
 * significance pattern) from an adaptive CDF, against the four binary significance decisions the coder takes today
 * with its per-coefficient contexts ({@link ContextModels#sigModel}). The binary decisions see each coefficient's left
 * neighbours, the group step only the group's surroundings, but it models the four jointly.
 *
 * <p>Counted as the coder of format version 3 codes them: groups of four whole columns in chunks of {@value
 * TiledCountCoder#CHUNK} that are busy or hold a nonzero count (a zero chunk that is not busy costs one flag in either
 * design) and that are not quiet (a quiet group, whose neighbours and parents are all zero, costs the coder's run
 * decision in either design). Bands in raster order, no prediction, no blocks; models and CDFs restarted per channel.
 * Contexts of the group step (per model set; {@code u} the row above, {@code l} the two counts to the left, {@code p}
 * the group's two parents, "size" the bit length of the neighbours' weighted magnitude sum, {@link #magnitudeSum}):
 * <ul>
 *   <li>"counts": nonzero counts above (x-1..x+4, capped at 3) x nonzero among the left two x nonzero parents x a
 *       nonzero count two rows above: 72;</li>
 *   <li>"where": above-left half (x-1..x+1) nonzero x above-right half (x+2..x+4) nonzero x left nonzero x each parent
 *       nonzero x two rows above nonzero: 64;</li>
 *   <li>"where+size": "where" without the row two above, x size / 2 (capped at 3): 128;</li>
 *   <li>"above4": each of the four above nonzero x left or upper-left nonzero x a parent nonzero x size / 2 (capped at
 *       2): 192;</li>
 *   <li>"size9", "size12": size (capped at 8 or 11) x the two halves above x a parent nonzero: 72 and 96; "size9 full"
 *       also splits the parents (0, 1, 2 nonzero) and the left: 216;</li>
 *   <li>"half-octave": size in half octaves (capped at 15) x the halves above x a parent nonzero: 128.</li>
 * </ul>
 * Each from a uniform CDF, a skewed one, or one trained on the other photos (as {@link MultiSymbolSizeReport}, adapted
 * by count). The binary decisions start as the coder's (only the quiet pattern has a prior), so part of what a trained
 * start gains on small photos is priors the binary models could have too.
 * Args: bpp, then photo paths (three or more for the trained starts, leave-one-out).
 */
public final class QuadSignificanceSizeReport {
    private static final int N = 16, CHUNK = TiledCountCoder.CHUNK, GROUP = TiledCountCoder.GROUP;
    private static final int COUNTS = 0, WHERE = 1, WHERE_SIZE = 2, ABOVE4 = 3, SIZE9 = 4, SIZE9_FULL = 5, SIZE12 = 6, HALF_OCTAVE = 7;
    private static final int[] CONTEXTS = {72, 64, 128, 192, 72, 216, 96, 128};
    private static final String[] CONTEXT_NAMES = {"counts", "where", "where+size", "above4", "size9", "size9 full", "size12", "half-octave"};

    private record Photo(String name, long fileBytes, long groups, double binary, MultiSymbolSizeReport.Events[] designs) {}

    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        List<Photo> photos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) photos.add(measure(new File(args[i]), bpp));
        for (Photo photo : photos) {
            System.out.printf("%s at %.2f bpp: file %d bytes; %d coded groups (%d binary significance decisions, one step a group instead); binary significance %.0f bytes%n",
                    photo.name(), bpp, photo.fileBytes(), photo.groups(), GROUP * photo.groups(), photo.binary() / 8);
            for (int start = MultiSymbolSizeReport.UNIFORM; start <= MultiSymbolSizeReport.TRAINED; start++) {
                if (start == MultiSymbolSizeReport.TRAINED && photos.size() < 3) continue;
                StringBuilder line = new StringBuilder(String.format("  %-8s by count ", new String[] {"uniform", "skewed", "trained"}[start]));
                for (int d = 0; d < CONTEXTS.length; d++) {
                    long[][] trained = start == MultiSymbolSizeReport.TRAINED ? trained(photos, photo, d) : null;
                    double bits = MultiSymbolSizeReport.bits(photo.designs()[d], MultiSymbolSizeReport.BY_COUNT, start, trained);
                    line.append(String.format(" %s %+6.2f%%", CONTEXT_NAMES[d], 100.0 * (bits - photo.binary()) / 8 / photo.fileBytes()));
                }
                System.out.println(line);
            }
        }
    }

    /** The other photos' pattern counts per context of design {@code d} (leave-one-out). */
    private static long[][] trained(List<Photo> photos, Photo leftOut, int d) {
        long[][] sum = new long[photos.get(0).designs()[d].contexts()][N];
        for (Photo p : photos) {
            if (p == leftOut) continue;
            MultiSymbolSizeReport.addHistogram(sum, p.designs()[d].histogram());
        }
        return sum;
    }

    private static Photo measure(File file, double bpp) throws Exception {
        MultiSymbolSizeReport.Encoded encoded = MultiSymbolSizeReport.encodedAt(file, bpp);
        SpikeDecoder.Spikes sp = encoded.spikes();
        LayoutPlan plan = encoded.plan();
        int sets = plan.contextClasses;
        MultiSymbolSizeReport.EventList[] designs = new MultiSymbolSizeReport.EventList[CONTEXTS.length];
        for (int d = 0; d < designs.length; d++) designs[d] = new MultiSymbolSizeReport.EventList(2 * sets * CONTEXTS[d]);
        double binary = 0;
        long groups = 0;
        for (List<int[]> counts : sp.counts()) {
            for (MultiSymbolSizeReport.EventList e : designs) e.startChannel();
            int[] sigBank = AdaptiveBitModel.newBank(2 * sets * ContextModels.SIG_MODELS);
            for (int set = 0; set < 2 * sets; set++) AdaptiveBitModel.prior(sigBank, (set * ContextModels.SIG_PATTERNS) * ContextModels.SIG_PARENT, ContextModels.ZERO_PRIOR);
            for (int b = 0; b < counts.size(); b++) {
                int[] band = counts.get(b), parent = plan.parent[b] < 0 ? null : counts.get(plan.parent[b]);
                int w = plan.width[b], h = plan.height[b], set = 2 * plan.contextClass[b];
                int pw = parent == null ? 0 : plan.width[plan.parent[b]], ph = parent == null ? 0 : plan.height[plan.parent[b]];
                for (int y = 0; y < h; y++) {
                    int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
                    for (int cx = 0; cx < w; cx += CHUNK) {
                        int end = Math.min(w, cx + CHUNK);
                        if (!coded(band, w, y, cx, end, parent, parentRow, pw)) continue;
                        for (int x = cx; x + GROUP <= end; x += GROUP) {
                            int p0 = parentAt(parent, parentRow, pw, x), p1 = parentAt(parent, parentRow, pw, x + 2);
                            if (quiet(band, w, x, y) && (p0 | p1) == 0) continue;
                            groups++;
                            int pattern = 0;
                            for (int i = 0; i < GROUP; i++) {
                                int xi = x + i, at = MultiSymbolSizeReport.at(band, w, xi, y) != 0 ? 1 : 0;
                                int p = parentAt(parent, parentRow, pw, xi);
                                int sig = ContextModels.sigModel(set, abs(band, w, xi - 1, y), abs(band, w, xi, y - 1), abs(band, w, xi - 1, y - 1),
                                        abs(band, w, xi + 1, y - 1), abs(band, w, xi - 2, y), abs(band, w, xi, y - 2), p);
                                binary += MultiSymbolSizeReport.cost(sigBank, sig, at);
                                pattern |= at << i;
                            }
                            for (int d = 0; d < designs.length; d++) designs[d].add(set * CONTEXTS[d] + context(d, band, w, x, y, p0, p1), pattern);
                        }
                    }
                }
            }
        }
        MultiSymbolSizeReport.Events[] events = new MultiSymbolSizeReport.Events[designs.length];
        for (int d = 0; d < designs.length; d++) events[d] = designs[d].events();
        return new Photo(file.getName(), encoded.file().length, groups, binary, events);
    }

    /** As version 3: a chunk is coded unless it is all zero and not busy (busy: a nonzero count above and a nonzero parent, or no parent band). */
    private static boolean coded(int[] band, int w, int y, int cx, int end, int[] parent, int parentRow, int pw) {
        int any = 0, above = 0, par = 0;
        for (int x = cx; x < end; x++) {
            any |= band[y * w + x];
            above |= MultiSymbolSizeReport.at(band, w, x, y - 1);
            par |= parentAt(parent, parentRow, pw, x);
        }
        return any != 0 || above != 0 && (par != 0 || parent == null);
    }

    /** The coder's quiet test without the parents: the left two, six above, four two rows above all zero. */
    private static boolean quiet(int[] band, int w, int x, int y) {
        int any = MultiSymbolSizeReport.at(band, w, x - 1, y) | MultiSymbolSizeReport.at(band, w, x - 2, y);
        for (int i = -1; i <= GROUP; i++) any |= MultiSymbolSizeReport.at(band, w, x + i, y - 1);
        for (int i = 0; i < GROUP; i++) any |= MultiSymbolSizeReport.at(band, w, x + i, y - 2);
        return any == 0;
    }

    private static int parentAt(int[] parent, int parentRow, int pw, int x) {
        return parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
    }

    private static int abs(int[] band, int w, int x, int y) {
        return Math.abs(MultiSymbolSizeReport.at(band, w, x, y));
    }

    private static int nz(int[] band, int w, int x, int y) {
        return MultiSymbolSizeReport.at(band, w, x, y) != 0 ? 1 : 0;
    }

    private static int context(int design, int[] band, int w, int x, int y, int p0, int p1) {
        int above = 0;
        for (int i = -1; i <= GROUP; i++) above += nz(band, w, x + i, y - 1);
        int left = nz(band, w, x - 1, y) + nz(band, w, x - 2, y);
        int twoAbove = 0;
        for (int i = 0; i < GROUP; i++) twoAbove |= nz(band, w, x + i, y - 2);
        int parents = (p0 != 0 ? 1 : 0) + (p1 != 0 ? 1 : 0);
        if (design == COUNTS) return ((Math.min(above, 3) * 3 + left) * 3 + parents) * 2 + twoAbove;
        if (design == SIZE12 || design == HALF_OCTAVE) {
            int sum = magnitudeSum(band, w, x, y, p0, p1), bl = 32 - Integer.numberOfLeadingZeros(sum);
            int cls = design == SIZE12 ? Math.min(bl, 11) : Math.min(bl < 2 ? bl : 2 * bl - 2 + (sum >>> (bl - 2) & 1), 15);
            int halves = (nz(band, w, x - 1, y - 1) | nz(band, w, x, y - 1) | nz(band, w, x + 1, y - 1)) * 2
                    + (nz(band, w, x + 2, y - 1) | nz(band, w, x + 3, y - 1) | nz(band, w, x + 4, y - 1));
            return (cls * 4 + halves) * 2 + (parents != 0 ? 1 : 0);
        }
        if (design == SIZE9 || design == SIZE9_FULL) {
            int size9 = Math.min(32 - Integer.numberOfLeadingZeros(magnitudeSum(band, w, x, y, p0, p1)), 8);
            int halves = (nz(band, w, x - 1, y - 1) | nz(band, w, x, y - 1) | nz(band, w, x + 1, y - 1)) * 2
                    + (nz(band, w, x + 2, y - 1) | nz(band, w, x + 3, y - 1) | nz(band, w, x + 4, y - 1));
            if (design == SIZE9) return (size9 * 4 + halves) * 2 + (parents != 0 ? 1 : 0);
            return ((size9 * 4 + halves) * 3 + parents) * 2 + (left != 0 ? 1 : 0);
        }
        if (design == ABOVE4) {
            int a4 = nz(band, w, x, y - 1) | nz(band, w, x + 1, y - 1) << 1 | nz(band, w, x + 2, y - 1) << 2 | nz(band, w, x + 3, y - 1) << 3;
            int sizeClass = Math.min(32 - Integer.numberOfLeadingZeros(magnitudeSum(band, w, x, y, p0, p1)) >> 1, 3);
            return ((a4 * 2 + ((left | nz(band, w, x - 1, y - 1)) != 0 ? 1 : 0)) * 2 + (parents != 0 ? 1 : 0)) * 3 + Math.min(sizeClass, 2);
        }
        int aboveLeft = nz(band, w, x - 1, y - 1) | nz(band, w, x, y - 1) | nz(band, w, x + 1, y - 1);
        int aboveRight = nz(band, w, x + 2, y - 1) | nz(band, w, x + 3, y - 1) | nz(band, w, x + 4, y - 1);
        int where = (((aboveLeft * 2 + aboveRight) * 2 + (left != 0 ? 1 : 0)) * 2 + (p0 != 0 ? 1 : 0)) * 2 + (p1 != 0 ? 1 : 0);
        if (design == WHERE) return where * 2 + twoAbove;
        int size = Math.min(32 - Integer.numberOfLeadingZeros(magnitudeSum(band, w, x, y, p0, p1)) >> 1, 3);
        return where * 4 + size;
    }

    /** The neighbours' weighted magnitudes: twice the left one, the parents and the four above; once the others. */
    private static int magnitudeSum(int[] band, int w, int x, int y, int p0, int p1) {
        int sum = 2 * (abs(band, w, x - 1, y) + p0 + p1) + abs(band, w, x - 2, y);
        for (int i = -1; i <= GROUP; i++) sum += (i >= 0 && i < GROUP ? 2 : 1) * abs(band, w, x + i, y - 1);
        for (int i = 0; i < GROUP; i++) sum += abs(band, w, x + i, y - 2);
        return sum;
    }
}
