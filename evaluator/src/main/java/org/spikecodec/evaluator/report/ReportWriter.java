package org.spikecodec.evaluator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.spikecodec.engine.AtomicFiles;

/** Writes {@code summary.json} and a self-contained {@code report.html} (plots inlined as data URIs), atomically. */
public final class ReportWriter {
    /** One photo shown as the classifier sees it: the original, then each codec at its breaking point. */
    public record Gallery(String image, List<Tile> tiles) {}

    /** One picture of a {@link Gallery}: a column title, the image, a caption, and whether it keeps the original's class. */
    public record Tile(String title, BufferedImage image, String caption, boolean keepsClass) {}

    private ReportWriter() {}

    public static Map<String, Object> summary(Aggregates a, Map<String, Object> run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", sanitize(run));
        m.put("correctMeans", a.definition());
        m.put("correctMeansText", a.definitionText());
        m.put("rateMeans", "bpp: mean measured payload bits per pixel at each target rate (the x coordinate), not the target");
        m.put("cleanAccuracy", proportion(a.clean()));
        m.put("cleanReferenceProbability", finite(a.cleanReferenceProbability()));
        Map<String, Object> curves = new LinkedHashMap<>();
        for (var e : a.curves().entrySet()) {
            List<Map<String, Object>> pts = new ArrayList<>();
            for (Aggregates.Point p : e.getValue()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("targetBpp", p.targetBpp());
                q.put("bpp", finite(p.bpp()));
                q.put("accuracy", proportion(p.accuracy()));
                q.put("top5", proportion(p.top5()));
                q.put("referenceProbability", finite(p.referenceProbability()));
                q.put("psnr", finite(p.psnr()));
                q.put("identicalImages", p.infinitePsnr());
                q.put("ssim", finite(p.ssim()));
                pts.add(q);
            }
            curves.put(e.getKey(), pts);
        }
        m.put("curves", curves);
        List<Map<String, Object>> bps = new ArrayList<>();
        for (Aggregates.BreakingPoint b : a.breakingPoints()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("codec", b.codec());
            q.put("tolerancePoints", b.tolerance());
            q.put("bpp", finite(b.bpp()));
            q.put("ci95", new Double[] {finite(b.lo()), finite(b.hi())});
            q.put("censored", b.censored());
            bps.add(q);
        }
        m.put("breakingPointRule", BREAKING_RULE);
        m.put("breakingPoints", bps);
        List<Map<String, Object>> crit = new ArrayList<>();
        for (Aggregates.CriticalStats c : a.critical()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("codec", c.codec());
            q.put("images", c.count());
            q.put("keepClassAtLowestRate", c.censoredBelow());
            q.put("loseClassAtHighestRate", c.censoredAbove());
            q.put("notFound", c.notFound());
            q.put("min", finite(c.min()));
            q.put("q1", finite(c.q1()));
            q.put("median", finite(c.median()));
            q.put("q3", finite(c.q3()));
            q.put("max", finite(c.max()));
            q.put("histogramEdges", c.histogramEdges());
            q.put("histogram", c.histogram());
            crit.add(q);
        }
        m.put("criticalBitrates", crit);
        return m;
    }

    /**
     * Writes {@code dir/summary.json} and {@code dir/report.html}, each atomically (both are rendered before either is
     * written). {@code run}: the run's metadata, embedded as given (non-finite numbers become null in the JSON).
     */
    public static void write(Path dir, Aggregates a, Map<String, Object> run, List<Gallery> galleries) throws IOException {
        if (run == null) run = Map.of();
        if (galleries == null) galleries = List.of();
        Map<String, Object> summary = summary(a, run);
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary);
        byte[] html = html(a, run, galleries).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve("summary.json"), json);
        AtomicFiles.write(dir.resolve("report.html"), html);
    }

    static String html(Aggregates a, Map<String, Object> run, List<Gallery> galleries) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>spikecodec evaluation</title><style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td.l{text-align:left}")
                .append("img.plot{max-width:100%}figure{display:inline-block;margin:4px;text-align:center;font-size:11px}")
                .append("figure img{image-rendering:pixelated;border:3px solid #fff}figure img.lost{border-color:#c0392b}table.grid td{vertical-align:top;padding:2px}</style></head><body>");
        h.append("<h1>At what bitrate does the classifier break?</h1>");
        h.append("<table>");
        for (var e : run.entrySet()) h.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=l>").append(esc(text(e.getValue()))).append("</td></tr>");
        h.append(String.format(Locale.ROOT, "<tr><th>clean accuracy</th><td class=l>%s (95%%: %s to %s), %d images</td></tr>",
                pct(a.clean().value()), pct(a.clean().lo()), pct(a.clean().hi()), a.clean().n()));
        h.append("<tr><th>correct means</th><td class=l>").append(esc(a.definitionText())).append("</td></tr></table>");
        h.append("<h2>Breaking points</h2><p>The lowest rate (bits per pixel of coded data) at which accuracy stays within the tolerance of the clean ")
                .append("accuracy: from the highest rate down, the first point that falls below clean minus the tolerance and the point above it ")
                .append("are joined by a straight line in (log rate, accuracy), and the rate where that line meets clean minus the tolerance is the ")
                .append("breaking point. Brackets: the same rule on the Wilson 95% bounds of each point, an approximate interval. ")
                .append("&lt; x: within tolerance even at the lowest rate measured (censored below); &gt; x: outside it even at the highest. ")
                .append("The interval is clamped to the rates measured: an end equal to the lowest or highest rate may lie beyond it.</p>");
        h.append("<table class=bp><tr><th>codec</th>");
        for (double t : Aggregates.TOLERANCES) h.append("<th>within ").append(trim(t)).append(t == 1 ? " point" : " points").append("</th>");
        h.append("</tr>");
        for (String codec : a.curves().keySet()) {
            h.append("<tr><td class=l>").append(esc(codec)).append("</td>");
            for (double t : Aggregates.TOLERANCES)
                for (Aggregates.BreakingPoint b : a.breakingPoints())
                    if (b.codec().equals(codec) && b.tolerance() == t) h.append("<td>").append(esc(describe(b))).append("</td>");
            h.append("</tr>");
        }
        h.append("</table>");
        h.append("<h2>").append(esc(Character.toUpperCase(a.scoreLabel().charAt(0)) + a.scoreLabel().substring(1))).append(" against rate</h2>").append(img("accuracy-bpp", Charts.png(Charts.accuracy(a, 5), 1000, 560)));
        h.append("<h2>Quality against rate</h2>").append(img("psnr-bpp", Charts.png(Charts.metric(a, "PSNR (dB)", Aggregates.Point::psnr), 1000, 480)));
        h.append(img("ssim-bpp", Charts.png(Charts.metric(a, "SSIM", Aggregates.Point::ssim), 1000, 480)));
        h.append("<h2>How much of the decision is kept</h2><p>Top-5: the share of images whose ").append(a.definition().equals("labels")
                ? "label" : "original top-1 class").append(" is still among the five most probable classes. Probability kept: the mean ")
                .append("probability the model gives each image's original top-1 class")
                .append(Double.isFinite(a.cleanReferenceProbability()) ? String.format(Locale.ROOT, " (%.3f on the originals)", a.cleanReferenceProbability()) : "")
                .append(".</p>");
        h.append(img("top5-bpp", Charts.png(Charts.metric(a, "top-5 (%)", p -> 100 * p.top5().value()), 1000, 420)));
        if (a.curves().values().stream().flatMap(List::stream).anyMatch(p -> Double.isFinite(p.referenceProbability())))
            h.append(img("probability-bpp", Charts.png(Charts.metric(a, "probability of the original class", Aggregates.Point::referenceProbability), 1000, 420)));
        if (!a.critical().isEmpty()) {
            h.append("<h2>Critical bitrates</h2><p>Per image, the lowest rate at which it is still classified as on the original, found by bisection.</p>");
            h.append(img("critical-bitrates", Charts.png(Charts.critical(a.critical()), 1000, 480)));
            h.append("<table><tr><th>codec</th><th>images</th><th>min</th><th>quartile 1</th><th>median</th><th>quartile 3</th><th>max</th>")
                    .append("<th>keep class at lowest rate</th><th>lose it at highest rate</th><th>not found</th></tr>");
            for (Aggregates.CriticalStats c : a.critical())
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td></tr>",
                        esc(c.codec()), c.count(), num(c.min()), num(c.q1()), num(c.median()), num(c.q3()), num(c.max()), c.censoredBelow(),
                        c.censoredAbove(), c.notFound()));
            h.append("</table>");
        }
        if (!galleries.isEmpty()) {
            h.append("<h2>What the classifier sees at each codec's breaking point</h2><p>Each photo as the model sees it (resized and ")
                    .append("centre-cropped to its input), uncompressed and then decoded by each codec at that codec's breaking point within 1 ")
                    .append("point of the clean score, with the top-1 class and its probability (in brackets, when the class changed: the ")
                    .append("original class's probability). A red frame marks a changed class.</p><table class=grid>");
            for (Gallery g : galleries) {
                h.append("<tr><td class=l>").append(esc(g.image())).append("</td>");
                for (Tile t : g.tiles())
                    h.append("<td><figure><figcaption><b>").append(esc(t.title())).append("</b></figcaption><img src=\"")
                            .append(Charts.dataUri(Charts.png(enlarge(t.image())))).append("\" alt=\"\"").append(t.keepsClass() ? "" : " class=lost")
                            .append("><figcaption>").append(esc(t.caption())).append("</figcaption></figure></td>");
                h.append("</tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>What the numbers mean</h2><p>Each image of the dataset is compressed by every codec at every target rate, decoded ")
                .append("and classified. Rates are measured from the real coded bytes (headers and tables excluded, since on small images they ")
                .append("would dominate; the whole-file rate is in records.csv). Accuracy falls as the rate falls; the breaking point is where it ")
                .append("leaves the tolerance band under the clean accuracy. A codec whose breaking point lies at a lower rate keeps what the ")
                .append("classifier needs with fewer bits. Intervals are 95% Wilson score intervals on the fraction correct; with few images ")
                .append("per point they are wide, and breaking points closer than their intervals are not told apart. The critical bitrate ")
                .append("is per image: below it the image no longer gets the class it gets uncompressed; its quartiles include censored images ")
                .append("at the bound of the range searched.</p></body></html>");
        return h.toString();
    }

    static String describe(Aggregates.BreakingPoint b) {
        if (!Double.isFinite(b.bpp())) return "n/a";
        if ("below".equals(b.censored())) return "< " + num(b.bpp()) + " (within at every rate)";
        if ("above".equals(b.censored())) return "> " + num(b.bpp()) + " (outside at every rate)";
        return num(b.bpp()) + " [" + num(b.lo()) + ", " + num(b.hi()) + "]";
    }

    static final String BREAKING_RULE = "points sorted by mean measured bpp; from the highest rate down, the first point with accuracy below "
            + "clean - tolerance (all points above it within tolerance) and the next point up are interpolated linearly in (ln bpp, accuracy) "
            + "at accuracy = clean - tolerance; censored 'below': within tolerance at every rate (bpp = lowest rate measured); 'above': "
            + "outside at every rate (bpp = highest rate measured); ci95: the same rule on the Wilson bounds of each point, widened to contain bpp "
            + "and clamped to the rates measured (approximate: ignores the uncertainty of the clean accuracy)";

    /** Three significant digits, "n/a" for NaN. */
    public static String num(double v) {
        if (!Double.isFinite(v)) return "n/a";
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String pct(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : "n/a"; }

    private static String trim(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }

    private static String text(Object v) {
        if (v instanceof double[] d) return java.util.Arrays.toString(d);
        if (v instanceof int[] d) return java.util.Arrays.toString(d);
        if (v instanceof long[] d) return java.util.Arrays.toString(d);
        if (v instanceof Object[] d) return java.util.Arrays.deepToString(d);
        if (v instanceof Double d && !Double.isFinite(d)) return "n/a";
        return String.valueOf(v);
    }

    /** A copy fit for JSON: non-finite numbers become null (JSON has no NaN or Infinity), primitive arrays become lists. */
    static Object sanitize(Object v) {
        if (v instanceof Double d) return Double.isFinite(d) ? d : null;
        if (v instanceof Float f) return Float.isFinite(f) ? f : null;
        if (v instanceof double[] d) { List<Object> l = new ArrayList<>(); for (double x : d) l.add(sanitize(x)); return l; }
        if (v instanceof float[] d) { List<Object> l = new ArrayList<>(); for (float x : d) l.add(sanitize(x)); return l; }
        if (v instanceof Object[] d) { List<Object> l = new ArrayList<>(); for (Object x : d) l.add(sanitize(x)); return l; }
        if (v instanceof java.util.Collection<?> c) { List<Object> l = new ArrayList<>(); for (Object x : c) l.add(sanitize(x)); return l; }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put(String.valueOf(e.getKey()), sanitize(e.getValue()));
            return out;
        }
        if (v instanceof Path p) return p.toString();
        return v;
    }

    /** Small images (28x28) scaled up by pixel replication so they can be seen. */
    static BufferedImage enlarge(BufferedImage img) {
        int f = Math.max(1, 96 / Math.max(img.getWidth(), img.getHeight()));
        if (f == 1 && img.getWidth() <= 256) return img;
        int w = f == 1 ? 256 : img.getWidth() * f, h = f == 1 ? img.getHeight() * 256 / img.getWidth() : img.getHeight() * f;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, f == 1 ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** A plot; its alt text is a file name, so that a script can save the report's plots (docs/evaluation/plots.py). */
    private static String img(String alt, byte[] png) { return "<p><img class=plot alt=\"" + alt + "\" src=\"" + Charts.dataUri(png) + "\"></p>"; }

    private static Map<String, Object> proportion(Aggregates.Proportion p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", finite(p.value()));
        m.put("ci95", new Double[] {finite(p.lo()), finite(p.hi())});
        m.put("correct", p.k());
        m.put("n", p.n());
        return m;
    }

    static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
