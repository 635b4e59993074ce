package org.spikecodec.evaluator.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;

/**
 * What the records say: accuracy against rate per codec with 95% Wilson intervals, the clean accuracy, each
 * codec's breaking points, and the distribution of critical bitrates. Pure computation.
 */
public final class Aggregates {
    /** Accuracy tolerances, in points, for which breaking points are reported. */
    public static final double[] TOLERANCES = {1, 5, 50};
    private static final double Z = 1.959963984540054;

    /** A proportion k/n with its 95% Wilson score interval. */
    public record Proportion(int k, int n, double value, double lo, double hi) {
        public static Proportion of(int k, int n) {
            if (n == 0) return new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN);
            double p = (double) k / n, z2 = Z * Z, d = 1 + z2 / n;
            double centre = (p + z2 / (2 * n)) / d, half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / d;
            return new Proportion(k, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
        }
    }

    /**
     * One point of a codec's curve: the rows of one target rate. {@code bpp} is the mean MEASURED rate (the x
     * coordinate of every plot), {@code psnr} the mean over finite values with {@code infinitePsnr} counting the
     * identical reconstructions left out, {@code ssim} the mean SSIM, accuracy and top-5 with Wilson intervals,
     * {@code referenceProbability} the mean probability kept by each image's original top-1 class (NaN if unrecorded).
     */
    public record Point(double targetBpp, double bpp, Proportion accuracy, Proportion top5, double psnr, double ssim, int infinitePsnr,
                        double referenceProbability) {}

    /**
     * The lowest rate at which accuracy stays within {@code tolerance} points of the clean accuracy.
     *
     * <p>Rule: the codec's points are sorted by mean measured bpp. Walking down from the highest rate, the points
     * whose accuracy is at least {@code clean - tolerance} form the top run; the first point below that run (the
     * highest-rate point that fails, every point above it being within tolerance) and the lowest point of the run
     * bracket the crossing. The breaking point is the rate at which the straight line between those two points,
     * drawn in (ln bpp, accuracy), reaches {@code clean - tolerance}. A non-monotone curve is thus judged from the
     * top: a dip anywhere puts the breaking point above the dip, even if lower rates recover.
     * {@code censored} is {@code below} when every point is within tolerance (bpp is then the lowest rate measured:
     * the true breaking point is at or below it), {@code above} when even the highest rate fails (bpp is then the
     * highest rate measured), and null otherwise. Without a clean accuracy or without points, bpp is NaN.
     *
     * <p>{@code lo}/{@code hi}: the same rule applied to the Wilson upper and lower bounds of each point's accuracy
     * (the upper bound crosses lower, giving {@code lo}), widened if needed to contain {@code bpp}; like {@code bpp}
     * it is clamped to the rates measured (an end at the lowest or highest rate may lie beyond it). It treats the
     * bounds as curves, ignoring the uncertainty of the clean accuracy and the correlation between points: an
     * approximate 95% interval, not an exact one.
     */
    public record BreakingPoint(String codec, double tolerance, double bpp, double lo, double hi, String censored) {}

    /**
     * Distribution of one codec's critical bitrates. {@code count}: images with a finite critical bitrate (censored
     * ones included, at the bound of the range searched); {@code notFound}: images whose bisection gave NaN.
     * Quartiles interpolate linearly between order statistics. {@code histogramEdges} are shared by every codec of
     * one {@link Aggregates} ({@value #BINS_PER_DECADE} log-spaced bins per decade, aligned on powers of ten), so the
     * histograms can be overlaid.
     */
    public record CriticalStats(String codec, int count, int censoredBelow, int censoredAbove, int notFound, double min, double q1,
                                double median, double q3, double max, double[] histogramEdges, int[] histogram) {}

    /** Histogram bins of critical bitrates per decade of bpp. */
    public static final int BINS_PER_DECADE = 5;
    /** Accuracies this close to the floor count as within tolerance (k/n arithmetic against clean - tol). */
    private static final double EPS = 1e-9;

    private final Proportion clean;
    private final double cleanReferenceProbability;
    private final String definition;
    private final Map<String, List<Point>> curves = new LinkedHashMap<>();
    private final List<BreakingPoint> breaking = new ArrayList<>();
    private final List<CriticalStats> critical = new ArrayList<>();

    public Aggregates(List<EvalRecord> records, List<CriticalBitrate> criticals) {
        int k = 0, n = 0, labelled = 0, unlabelled = 0, np = 0;
        double pSum = 0;
        Map<String, TreeMap<Double, List<EvalRecord>>> byCodec = new LinkedHashMap<>();
        for (EvalRecord r : records) {
            if (r.label() < 0) unlabelled++; else labelled++;
            if (r.codec().equals(EvalRecord.ORIGINAL)) {
                n++;
                if (r.correct()) k++;
                if (Double.isFinite(r.referenceProbability())) { pSum += r.referenceProbability(); np++; }
                continue;
            }
            byCodec.computeIfAbsent(r.codec(), c -> new TreeMap<>()).computeIfAbsent(r.targetBpp(), t -> new ArrayList<>()).add(r);
        }
        clean = Proportion.of(k, n);
        cleanReferenceProbability = np == 0 ? Double.NaN : pSum / np;
        definition = unlabelled == 0 ? "labels" : labelled == 0 ? "fidelity" : "mixed";
        List<Map.Entry<String, TreeMap<Double, List<EvalRecord>>>> ordered = new ArrayList<>(byCodec.entrySet());
        ordered.sort(java.util.Comparator.comparingInt(e -> rank(e.getKey())));
        for (var e : ordered) {
            List<Point> pts = new ArrayList<>();
            for (var t : e.getValue().entrySet()) pts.add(point(t.getKey(), t.getValue()));
            pts.sort((a, b) -> Double.compare(a.bpp(), b.bpp()));
            curves.put(e.getKey(), pts);
            for (double tol : TOLERANCES) breaking.add(breakingPoint(e.getKey(), pts, clean, tol));
        }
        Map<String, List<CriticalBitrate>> cb = new LinkedHashMap<>();
        for (CriticalBitrate c : criticals) cb.computeIfAbsent(c.codec(), x -> new ArrayList<>()).add(c);
        double[] edges = edges(criticals.stream().mapToDouble(CriticalBitrate::bpp).toArray());
        for (var e : cb.entrySet()) critical.add(stats(e.getKey(), e.getValue(), edges));
    }

    /** Codecs in a fixed order (the spike codecs, then the baselines by age), so that every report lists and colours them alike. */
    static final List<String> CODEC_ORDER = List.of("spike-dwt", "spike-rif", "spike-rif-scaled", "spike-pixels", "jpeg", "jpeg2000", "jpeg2000-opj", "jpeg2000-jj2000",
            "webp", "avif", "jxl");

    private static int rank(String codec) {
        int i = CODEC_ORDER.indexOf(codec);
        return i < 0 ? CODEC_ORDER.size() : i; // unknown codecs after, in the order met (the sort is stable)
    }

    /** The y label of the score: accuracy with labels, agreement with the original's class without. */
    public String scoreLabel() { return definition.equals("fidelity") ? "agreement with the original's class" : "accuracy"; }

    public Proportion clean() { return clean; }

    /** Mean confidence of the originals (the probability of their own top-1 class); NaN if unrecorded. */
    public double cleanReferenceProbability() { return cleanReferenceProbability; }
    /**
     * What "correct" means in these records: {@code labels} (top-1 equals the ground-truth label), {@code fidelity}
     * (no labels: top-1 equals the top-1 on the original image), or {@code mixed} (some rows of each).
     */
    public String definition() { return definition; }

    /** A sentence for {@link #definition()}. */
    public String definitionText() {
        return switch (definition) {
            case "labels" -> "labels: the top-1 class equals the ground-truth label";
            case "fidelity" -> "fidelity: no labels, so the top-1 class equals the top-1 class on the original image";
            default -> "mixed: the label where there is one, else the top-1 class on the original image";
        };
    }
    public Map<String, List<Point>> curves() { return curves; }
    public List<BreakingPoint> breakingPoints() { return breaking; }
    public List<CriticalStats> critical() { return critical; }

    static Point point(double target, List<EvalRecord> rs) {
        double bpp = 0, psnr = 0, ssim = 0, pRef = 0;
        int correct = 0, top5 = 0, finite = 0, inf = 0, nb = 0, ns = 0, np = 0;
        for (EvalRecord r : rs) {
            if (Double.isFinite(r.bpp())) { bpp += r.bpp(); nb++; }
            if (Double.isFinite(r.ssim())) { ssim += r.ssim(); ns++; }
            if (Double.isFinite(r.psnr())) { psnr += r.psnr(); finite++; } else inf++;
            if (r.correct()) correct++;
            if (r.top5()) top5++;
            if (Double.isFinite(r.referenceProbability())) { pRef += r.referenceProbability(); np++; }
        }
        int n = rs.size();
        return new Point(target, nb == 0 ? Double.NaN : bpp / nb, Proportion.of(correct, n), Proportion.of(top5, n),
                finite == 0 ? Double.NaN : psnr / finite, ns == 0 ? Double.NaN : ssim / ns, inf, np == 0 ? Double.NaN : pRef / np);
    }

    static BreakingPoint breakingPoint(String codec, List<Point> pts, Proportion clean, double tolPoints) {
        double floor = clean.value() - tolPoints / 100;
        List<Point> ok = pts.stream().filter(p -> Double.isFinite(p.bpp())).toList();
        if (!Double.isFinite(floor) || ok.isEmpty()) return new BreakingPoint(codec, tolPoints, Double.NaN, Double.NaN, Double.NaN, null);
        double[] bpp = ok.stream().mapToDouble(Point::bpp).toArray();
        double[] acc = ok.stream().mapToDouble(p -> p.accuracy().value()).toArray();
        double[] lo = ok.stream().mapToDouble(p -> p.accuracy().lo()).toArray();
        double[] hi = ok.stream().mapToDouble(p -> p.accuracy().hi()).toArray();
        double b = cross(bpp, acc, floor);
        boolean allWithin = true;
        for (double x : acc) allWithin &= within(x, floor);
        String censored = allWithin ? "below" : !within(acc[acc.length - 1], floor) ? "above" : null;
        // A higher accuracy bound crosses lower: the upper bound gives the low end of the rate interval.
        double l = cross(bpp, hi, floor), h = cross(bpp, lo, floor);
        return new BreakingPoint(codec, tolPoints, b, Math.min(b, l), Math.max(b, h), censored);
    }

    private static boolean within(double acc, double floor) { return acc >= floor - EPS; }

    /**
     * The rule of {@link BreakingPoint} on one curve sorted by rate: the rate above which every point is within
     * {@code floor}, interpolated linearly in ln(bpp) (linearly in bpp if the failing point's rate is not positive).
     */
    static double cross(double[] bpp, double[] acc, double floor) {
        int n = bpp.length;
        if (n == 0 || !Double.isFinite(floor)) return Double.NaN;
        int i = n; // acc[i..n) within
        while (i > 0 && within(acc[i - 1], floor)) i--;
        if (i == 0) return bpp[0];
        if (i == n) return bpp[n - 1];
        double y0 = acc[i - 1], y1 = acc[i];
        double f = Math.max(0, Math.min(1, (floor - y0) / (y1 - y0))); // y0 < floor <= y1 (+EPS)
        if (bpp[i - 1] <= 0) return bpp[i - 1] + f * (bpp[i] - bpp[i - 1]);
        double x0 = Math.log(bpp[i - 1]), x1 = Math.log(bpp[i]);
        return Math.exp(x0 + f * (x1 - x0));
    }

    /** Histogram edges shared by all codecs: powers of 10^(1/BINS_PER_DECADE) covering every finite positive value. */
    static double[] edges(double[] values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) if (Double.isFinite(v) && v > 0) { min = Math.min(min, v); max = Math.max(max, v); }
        if (min > max) return new double[0];
        int a = bin(min), b = bin(max) + 1;
        double[] e = new double[b - a + 1];
        for (int i = 0; i < e.length; i++) e[i] = Math.pow(10, (double) (a + i) / BINS_PER_DECADE);
        return e;
    }

    /** Index k of the bin [10^(k/B), 10^((k+1)/B)) holding v, B = BINS_PER_DECADE. */
    static int bin(double v) { return (int) Math.floor(Math.log10(v) * BINS_PER_DECADE + 1e-9); }

    static CriticalStats stats(String codec, List<CriticalBitrate> cs, double[] edges) {
        double[] v = cs.stream().mapToDouble(CriticalBitrate::bpp).filter(Double::isFinite).sorted().toArray();
        int below = (int) cs.stream().filter(c -> "below".equals(c.censored())).count();
        int above = (int) cs.stream().filter(c -> "above".equals(c.censored())).count();
        int notFound = cs.size() - v.length;
        int[] h = new int[Math.max(0, edges.length - 1)];
        if (h.length > 0) {
            int first = bin(edges[0]);
            for (double x : v) if (x > 0) h[Math.max(0, Math.min(h.length - 1, bin(x) - first))]++;
        }
        if (v.length == 0)
            return new CriticalStats(codec, 0, below, above, notFound, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, edges, h);
        return new CriticalStats(codec, v.length, below, above, notFound, v[0], quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75),
                v[v.length - 1], edges, h);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    @Override public String toString() { return "clean " + clean + ", curves " + curves.keySet() + ", breaking " + Arrays.toString(breaking.toArray()); }
}
