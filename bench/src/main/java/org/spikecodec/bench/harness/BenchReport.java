package org.spikecodec.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The results of {@link BenchHarness} as a terminal table, JSON, and a plot of throughput against image size. */
public final class BenchReport {
    private BenchReport() {}

    /** The readable table: one line per figure, the environment above it, mismatches below it. */
    public static void table(BenchResult r, PrintStream out) {
        Map<String, Object> e = r.environment();
        out.println("JVM: " + e.get("jvm") + ", flags " + e.get("jvmFlags") + ", max heap " + e.get("maxHeapMiB") + " MiB");
        out.println("CPU: " + e.get("cpu") + ", " + e.get("availableProcessors") + " processors; " + e.get("os") + "; load average "
                + e.get("loadAverageStart") + " at start, " + e.get("loadAverageEnd") + " at end");
        out.println("image: " + e.get("image") + "; libjpeg-turbo: " + e.get("libjpegTurbo"));
        if (e.containsKey("classifier")) out.println("classifier: " + e.get("classifier"));
        for (BenchResult.BackendInfo b : r.backends())
            out.printf(Locale.ROOT, "backend %-14s %s; device %s; driver %s; platform %s; opened in %.1f ms%n", b.spec(), b.name(), b.device(), b.driver(), b.platform(), b.openMs());
        out.printf(Locale.ROOT, "first = first (cold) iteration; then %d warm-up runs and %d timed: median, min, spread = median absolute deviation / median.%n",
                r.config().warmup(), r.config().repeat());
        out.println("x copy = median / median of a copy of the same bytes on the same backend; x jpeg = median / libjpeg-turbo's (cjpeg; djpeg for decode).");
        out.println();
        String fmt = "%-9s %-14s %-9s %10s %10s %10s %7s %9s %9s %8s  %-8s %s%n";
        out.printf(Locale.ROOT, fmt, "size", "backend", "metric", "first ms", "median ms", "min ms", "spread", "MP/s", "x copy", "x jpeg", "check", "");
        for (BenchResult.Row row : r.results()) {
            Stats s = row.stats();
            out.printf(Locale.ROOT, fmt, row.size() + "x" + row.size(), shorten(row.backend(), 14), row.metric(),
                    s == null ? "-" : ms(s.firstMs()), s == null ? "-" : ms(s.medianMs()), s == null ? "-" : ms(s.minMs()),
                    s == null ? "-" : String.format(Locale.ROOT, "%.1f%%", s.spreadPct()),
                    row.mps() == null ? "-" : String.format(Locale.ROOT, "%.1f", row.mps()),
                    ratio(row.vsCopy()), ratio(row.vsJpeg()), row.valid() ? (s == null ? "n/a" : "ok") : "MISMATCH",
                    row.valid() && s != null ? "" : row.check());
        }
        if (!r.lifJob().isEmpty()) lifJobTable(r, out);
        List<Object> bad = r.mismatches();
        out.println();
        out.println(bad.isEmpty() ? "validation: every backend's output equals the cpu reference's"
                : "validation: " + bad.size() + " MISMATCH(ES) against the cpu reference; their times are not reported");
    }

    /** The LIF job's figures: time per image, neuron-steps per second, and the ratio to a copy of the same bytes. */
    private static void lifJobTable(BenchResult r, PrintStream out) {
        out.println();
        out.println("LIF job: " + r.environment().get("lifJob"));
        String fmt = "%-14s %-28s %-11s %5s %10s %10s %10s %7s %12s %8s  %-8s %s%n";
        out.printf(Locale.ROOT, fmt, "backend", "implementation", "metric", "T", "first ms", "median ms", "min ms", "spread", "Gsteps/s", "x copy", "check", "");
        for (BenchResult.LifJobRow row : r.lifJob()) {
            Stats s = row.stats();
            out.printf(Locale.ROOT, fmt, shorten(row.backend(), 14), shorten(row.impl(), 28), row.metric(), row.steps(),
                    s == null ? "-" : ms(s.firstMs()), s == null ? "-" : ms(s.medianMs()), s == null ? "-" : ms(s.minMs()),
                    s == null ? "-" : String.format(Locale.ROOT, "%.1f%%", s.spreadPct()),
                    row.perSecond() == null ? "-" : String.format(Locale.ROOT, "%.2f", row.perSecond() / 1e9),
                    ratio(row.vsCopy()), row.valid() ? "ok" : "MISMATCH", row.valid() ? "" : row.check());
        }
    }

    private static String shorten(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "~"; }

    private static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.1f", v) : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String ratio(Double v) {
        if (v == null) return "-";
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The whole result as JSON (no NaN: absent figures are null). */
    public static void json(BenchResult r, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "spikecodec bench");
        m.put("environment", r.environment());
        BenchConfig c = r.config();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("sizes", c.sizes());
        cfg.put("backends", r.backends().stream().map(BenchResult.BackendInfo::spec).toList());
        cfg.put("repeat", c.repeat());
        cfg.put("warmup", c.warmup());
        cfg.put("image", c.image() == null ? null : c.image().toString());
        cfg.put("threshold", c.threshold());
        cfg.put("model", c.model() == null ? null : c.model().toString());
        cfg.put("preset", c.preset());
        cfg.put("device", c.device());
        cfg.put("cjpeg", c.cjpeg());
        cfg.put("gcBeforeTimedRuns", c.gc());
        cfg.put("lifJobSteps", c.lifJobSteps());
        m.put("config", cfg);
        m.put("backends", r.backends());
        m.put("valid", r.allValid());
        m.put("results", r.results());
        m.put("lifJob", r.lifJob());
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        om.writeValue(tmp.toFile(), m);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Median throughput (MP/s) against image size, log-log, one line per backend and metric (PNG). */
    public static void plot(BenchResult r, Path png) throws IOException {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (BenchResult.Row row : r.results()) {
            if (row.mps() == null) continue;
            String key = row.backend() + " " + row.metric();
            series.computeIfAbsent(key, k -> new XYSeries(k, true, false)).add(row.size() * (double) row.size() / 1e6, row.mps());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        LogAxis x = new LogAxis("image size (megapixels)");
        x.setBase(2);
        x.setSmallestValue(1e-4);
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        LogAxis y = new LogAxis("throughput (megapixels per second, median)");
        y.setBase(10);
        y.setSmallestValue(1e-3);
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
        XYLineAndShapeRenderer rend = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String k = (String) data.getSeriesKey(i);
            if (k.endsWith(" copy") || k.endsWith(" transfer"))
                rend.setSeriesStroke(i, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            else rend.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, rend);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        String title = "spikecodec bench: throughput against image size (" + r.environment().get("cpu") + ", " + r.environment().get("availableProcessors") + " processors)";
        JFreeChart chart = new JFreeChart(title, new java.awt.Font("SansSerif", java.awt.Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
    }
}
