package org.spikecodec.evaluator.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.spikecodec.engine.AtomicFiles;
import org.spikecodec.engine.spikes.SpikeTrains;

/** Spike raster: one row per neuron, a tick per spike; ON (positive) cells red, OFF cells blue. */
public final class RasterPlot {
    private RasterPlot() {}

    public static void write(List<SpikeTrains.Neuron> neurons, double windowMs, String title, Path png) throws IOException {
        XYSeries on = new XYSeries("ON cells (positive coefficient)"), off = new XYSeries("OFF cells (negative)");
        for (int i = 0; i < neurons.size(); i++) {
            SpikeTrains.Neuron n = neurons.get(i);
            for (double t : n.timesMs()) (n.count() > 0 ? on : off).add(t, i);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(on);
        data.addSeries(off);
        NumberAxis time = new NumberAxis("time (ms)");
        time.setRange(0, windowMs);
        NumberAxis index = new NumberAxis("neuron (row-major in the region)");
        index.setRange(-0.5, Math.max(0.5, neurons.size() - 0.5));
        index.setInverted(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        java.awt.Shape tick = new Rectangle(-1, -3, 2, 6);
        r.setSeriesShape(0, tick);
        r.setSeriesShape(1, tick);
        r.setSeriesPaint(0, new Color(0xC0392B));
        r.setSeriesPaint(1, new Color(0x2471A3));
        r.setDefaultOutlineStroke(new BasicStroke(0));
        XYPlot plot = new XYPlot(data, time, index, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        int height = Math.max(300, Math.min(2400, 120 + neurons.size() * 6));
        BufferedImage img = chart.createBufferedImage(1000, height);
        AtomicFiles.write(png, out -> ChartUtils.writeBufferedImageAsPNG(out, img));
    }
}
