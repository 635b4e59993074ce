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

    /** One point of a codec's curve: the mean measured rate at one target, and what was measured there. */
    public record Point(double targetBpp, double bpp, Proportion accuracy, Proportion top5, double psnr, double ssim, int infinitePsnr) {}

    /**
     * The lowest rate at which accuracy stays within {@code tolerance} points of the clean accuracy, interpolated in
     * log(bpp) between the highest failing point (with every point above it within tolerance) and the next point up.
     * {@code censored} is {@code below} when even the lowest rate is within tolerance (bpp is then that rate), and
     * {@code above} when even the highest rate fails. {@code lo}/{@code hi}: the same interpolation on the Wilson
     * bounds of accuracy, an approximate 95% interval.
     */
    public record BreakingPoint(String codec, double tolerance, double bpp, double lo, double hi, String censored) {}

    public record CriticalStats(String codec, int count, int censoredBelow, int censoredAbove, double min, double q1, double median,
                                double q3, double max, double[] histogramEdges, int[] histogram) {}

    private final Proportion clean;
    private final String definition;
    private final Map<String, List<Point>> curves = new LinkedHashMap<>();
    private final List<BreakingPoint> breaking = new ArrayList<>();
    private final List<CriticalStats> critical = new ArrayList<>();

    public Aggregates(List<EvalRecord> records, List<CriticalBitrate> criticals) {
        int k = 0, n = 0;
        boolean labels = true;
        Map<String, TreeMap<Double, List<EvalRecord>>> byCodec = new LinkedHashMap<>();
        for (EvalRecord r : records) {
            if (r.label() < 0) labels = false;
            if (r.codec().equals(EvalRecord.ORIGINAL)) { n++; if (r.correct()) k++; continue; }
            byCodec.computeIfAbsent(r.codec(), c -> new TreeMap<>()).computeIfAbsent(r.targetBpp(), t -> new ArrayList<>()).add(r);
        }
        clean = Proportion.of(k, n);
        definition = labels ? "labels" : "fidelity (same top-1 as on the original image)";
        for (var e : byCodec.entrySet()) {
            List<Point> pts = new ArrayList<>();
            for (var t : e.getValue().entrySet()) pts.add(point(t.getKey(), t.getValue()));
            pts.sort((a, b) -> Double.compare(a.bpp(), b.bpp()));
            curves.put(e.getKey(), pts);
            for (double tol : TOLERANCES) breaking.add(breakingPoint(e.getKey(), pts, clean, tol));
        }
        Map<String, List<CriticalBitrate>> cb = new LinkedHashMap<>();
        for (CriticalBitrate c : criticals) cb.computeIfAbsent(c.codec(), x -> new ArrayList<>()).add(c);
        for (var e : cb.entrySet()) critical.add(stats(e.getKey(), e.getValue()));
    }

    public Proportion clean() { return clean; }
    public String definition() { return definition; }
    public Map<String, List<Point>> curves() { return curves; }
    public List<BreakingPoint> breakingPoints() { return breaking; }
    public List<CriticalStats> critical() { return critical; }

    static Point point(double target, List<EvalRecord> rs) {
        double bpp = 0, psnr = 0, ssim = 0;
        int correct = 0, top5 = 0, finite = 0, inf = 0;
        for (EvalRecord r : rs) {
            bpp += r.bpp();
            ssim += r.ssim();
            if (Double.isFinite(r.psnr())) { psnr += r.psnr(); finite++; } else inf++;
            if (r.correct()) correct++;
            if (r.top5()) top5++;
        }
        int n = rs.size();
        return new Point(target, bpp / n, Proportion.of(correct, n), Proportion.of(top5, n), finite == 0 ? Double.NaN : psnr / finite, ssim / n, inf);
    }

    static BreakingPoint breakingPoint(String codec, List<Point> pts, Proportion clean, double tolPoints) {
        double floor = clean.value() - tolPoints / 100;
        double[] bpp = pts.stream().mapToDouble(Point::bpp).toArray();
        double[] acc = pts.stream().mapToDouble(p -> p.accuracy().value()).toArray();
        double[] lo = pts.stream().mapToDouble(p -> p.accuracy().lo()).toArray();
        double[] hi = pts.stream().mapToDouble(p -> p.accuracy().hi()).toArray();
        double b = cross(bpp, acc, floor);
        String censored = Double.isNaN(b) ? null : b == bpp[0] && acc[0] >= floor ? "below" : acc[acc.length - 1] < floor ? "above" : null;
        // A higher accuracy bound crosses lower: the upper bound gives the low end of the rate interval.
        return new BreakingPoint(codec, tolPoints, b, cross(bpp, hi, floor), cross(bpp, lo, floor), censored);
    }

    /** The rate above which the curve stays at or above {@code floor}, interpolated in log(bpp). */
    static double cross(double[] bpp, double[] acc, double floor) {
        int n = bpp.length;
        if (n == 0) return Double.NaN;
        int i = n; // acc[i..n) >= floor
        while (i > 0 && acc[i - 1] >= floor) i--;
        if (i == 0) return bpp[0];
        if (i == n) return bpp[n - 1];
        double x0 = Math.log(bpp[i - 1]), x1 = Math.log(bpp[i]), y0 = acc[i - 1], y1 = acc[i];
        double f = y1 == y0 ? 1 : (floor - y0) / (y1 - y0);
        return Math.exp(x0 + f * (x1 - x0));
    }

    static CriticalStats stats(String codec, List<CriticalBitrate> cs) {
        double[] v = cs.stream().mapToDouble(CriticalBitrate::bpp).filter(Double::isFinite).sorted().toArray();
        int below = (int) cs.stream().filter(c -> "below".equals(c.censored())).count();
        int above = (int) cs.stream().filter(c -> "above".equals(c.censored())).count();
        if (v.length == 0) return new CriticalStats(codec, 0, below, above, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[0], new int[0]);
        double min = v[0], max = v[v.length - 1];
        int bins = 12;
        double lmin = Math.log(Math.max(min, 1e-4)), lmax = Math.log(Math.max(max, min * 1.0001 + 1e-4));
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = Math.exp(lmin + (lmax - lmin) * i / bins);
        int[] h = new int[bins];
        for (double x : v) {
            int b = (int) ((Math.log(Math.max(x, 1e-4)) - lmin) / (lmax - lmin) * bins);
            h[Math.max(0, Math.min(bins - 1, b))]++;
        }
        return new CriticalStats(codec, v.length, below, above, min, quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), max, edges, h);
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    @Override public String toString() { return "clean " + clean + ", curves " + curves.keySet() + ", breaking " + Arrays.toString(breaking.toArray()); }
}
