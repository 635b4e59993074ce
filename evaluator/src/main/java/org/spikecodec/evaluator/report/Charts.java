package org.spikecodec.evaluator.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots (JFreeChart), as PNG bytes or data URIs; one colour per codec across every plot. */
final class Charts {
    private static final Color[] PALETTE = {new Color(0xC0392B), new Color(0x2471A3), new Color(0x229954), new Color(0x8E44AD),
            new Color(0xD68910), new Color(0x17A589), new Color(0x5D6D7E), new Color(0xE84393), new Color(0x6C5B2B), new Color(0x00A8C6)};

    private Charts() {}

    static Color colour(int i) { return PALETTE[i % PALETTE.length]; }

    /** Accuracy against measured bpp, 95% intervals as error bars, the clean accuracy as a line, breaking points marked. */
    static JFreeChart accuracy(Aggregates a, double tolerance) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (var e : a.curves().entrySet()) {
            XYIntervalSeries s = new XYIntervalSeries(e.getKey());
            for (Aggregates.Point p : e.getValue())
                s.add(p.bpp(), p.bpp(), p.bpp(), 100 * p.accuracy().value(), 100 * p.accuracy().lo(), 100 * p.accuracy().hi());
            data.addSeries(s);
        }
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        XYPlot plot = plot(data, a.scoreLabel() + " (%)", r);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        ValueMarker clean = new ValueMarker(100 * a.clean().value(), Color.DARK_GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
        clean.setLabel(String.format(java.util.Locale.ROOT, "clean %.1f%%", 100 * a.clean().value()));
        clean.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        clean.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        clean.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        clean.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(2, 6, 2, 6));
        plot.addRangeMarker(clean);
        if (Double.isFinite(a.clean().value())) {
            ValueMarker floor = new ValueMarker(100 * a.clean().value() - tolerance, Color.GRAY,
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {2, 3}, 0));
            floor.setLabel("clean \u2212 " + (int) tolerance + " points");
            floor.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            floor.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
            floor.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            floor.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(2, 6, 2, 6));
            plot.addRangeMarker(floor);
        }
        int i = 0;
        for (String codec : a.curves().keySet()) {
            Color c = colour(i++);
            for (Aggregates.BreakingPoint b : a.breakingPoints())
                if (b.codec().equals(codec) && b.tolerance() == tolerance && Double.isFinite(b.bpp()) && b.censored() == null) {
                    ValueMarker m = new ValueMarker(b.bpp(), c, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {2, 3}, 0));
                    plot.addDomainMarker(m);
                    plot.addAnnotation(new org.jfree.chart.annotations.XYDrawableAnnotation(b.bpp(), 100 * a.clean().value() - tolerance, 11, 11,
                            (g2, area) -> {
                                java.awt.geom.Ellipse2D dot = new java.awt.geom.Ellipse2D.Double(area.getX(), area.getY(), area.getWidth(), area.getHeight());
                                g2.setPaint(Color.WHITE);
                                g2.fill(dot);
                                g2.setPaint(c);
                                g2.setStroke(new BasicStroke(2.5f));
                                g2.draw(dot);
                            }));
                }
        }
        colourSeries(plot, a.curves().size());
        return chart(Character.toUpperCase(a.scoreLabel().charAt(0)) + a.scoreLabel().substring(1) + " against rate (bars: 95% Wilson intervals; circles and dotted lines: breaking points at " + (int) tolerance + " points)", plot);
    }

    /** A per-point metric (PSNR, SSIM) against measured bpp. */
    static JFreeChart metric(Aggregates a, String label, java.util.function.ToDoubleFunction<Aggregates.Point> f) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (var e : a.curves().entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (Aggregates.Point p : e.getValue()) if (Double.isFinite(f.applyAsDouble(p))) s.add(p.bpp(), f.applyAsDouble(p));
            data.addSeries(s);
        }
        XYPlot plot = plot(data, label, new XYLineAndShapeRenderer(true, true));
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        colourSeries(plot, a.curves().size());
        return chart(label + " against rate", plot);
    }

    /** Histograms of the critical bitrates, one series per codec, on log-spaced bins. */
    static JFreeChart critical(List<Aggregates.CriticalStats> stats) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (Aggregates.CriticalStats s : stats) {
            XYIntervalSeries series = new XYIntervalSeries(s.codec());
            for (int i = 0; i < s.histogram().length; i++) {
                double lo = s.histogramEdges()[i], hi = s.histogramEdges()[i + 1], mid = Math.sqrt(lo * hi);
                series.add(mid, lo, hi, s.histogram()[i], s.histogram()[i], s.histogram()[i]);
            }
            data.addSeries(series);
        }
        org.jfree.chart.renderer.xy.ClusteredXYBarRenderer r = new org.jfree.chart.renderer.xy.ClusteredXYBarRenderer(0.1, false);
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        XYPlot plot = plot(data, "images", r);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        colourSeries(plot, stats.size());
        return chart("Critical bitrates: lowest rate at which each image keeps its class", plot);
    }

    private static XYPlot plot(org.jfree.data.xy.XYDataset data, String yLabel, org.jfree.chart.renderer.xy.XYItemRenderer r) {
        LogAxis x = new LogAxis("rate (bits per pixel of coded data, log scale)");
        // ticks at powers of two (the usual rate grids), labelled as plain numbers
        x.setBase(2);
        x.setSmallestValue(1e-4);
        org.jfree.data.Range span = org.jfree.data.general.DatasetUtils.findDomainBounds(data);
        double octaves = span == null || span.getLowerBound() <= 0 ? 0 : Math.log(span.getUpperBound() / span.getLowerBound()) / Math.log(2);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(Math.max(1, Math.ceil(octaves / 12))));
        x.setNumberFormatOverride(new java.text.DecimalFormat("0.####", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
        x.setMinorTickMarksVisible(true);
        XYPlot plot = new XYPlot(data, x, new NumberAxis(yLabel), r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return plot;
    }

    private static void colourSeries(XYPlot plot, int n) {
        for (int i = 0; i < n; i++) {
            plot.getRenderer().setSeriesPaint(i, colour(i));
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart c = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    static byte[] png(JFreeChart chart, int w, int h) throws IOException {
        return png(chart.createBufferedImage(w, h));
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeBufferedImageAsPNG(out, img);
        return out.toByteArray();
    }

    static String dataUri(byte[] png) { return "data:image/png;base64," + Base64.getEncoder().encodeToString(png); }

}
