package org.spikecodec.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;

class ReportWriterTest {
    /** A realistic small run: three codecs, five rates, 40 images, critical bitrates, an identical reconstruction. */
    static Aggregates sample() {
        List<EvalRecord> rs = new ArrayList<>(AggregatesTest.clean(36, 40));
        double[] rates = {0.0625, 0.125, 0.25, 0.5, 1, 2};
        String[] codecs = {"spike-dwt", "jpeg", "jpeg2000"};
        int[][] correct = {{8, 20, 31, 35, 36, 36}, {4, 10, 24, 33, 35, 36}, {12, 25, 33, 36, 36, 35}};
        for (int c = 0; c < codecs.length; c++)
            for (int r = 0; r < rates.length; r++) {
                double measured = rates[r] * (1 + 0.05 * (c - 1));
                for (EvalRecord e : AggregatesTest.rows(codecs[c], rates[r], measured, correct[c][r], 40))
                    rs.add(new EvalRecord(e.image(), e.label(), e.codec(), e.targetBpp(), e.bpp(), e.fileBpp(),
                            r == 5 && c == 2 && e.image().equals("img0") ? Double.POSITIVE_INFINITY : 18 + 6 * Math.log(measured) / Math.log(2) + c,
                            Math.min(1, 0.5 + 0.08 * r + 0.02 * c), e.setting(), e.top1(), e.referenceTop1(), e.top5()));
            }
        List<CriticalBitrate> cs = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(1);
        for (int c = 0; c < codecs.length; c++)
            for (int i = 0; i < 40; i++) {
                double v = Math.exp(Math.log(0.2 + 0.1 * c) + 0.8 * rnd.nextGaussian());
                String cens = v < 0.0625 ? "below" : v > 2 ? "above" : null;
                cs.add(new CriticalBitrate("img" + i, codecs[c], i == 39 ? Double.NaN : Math.max(0.0625, Math.min(2, v)), cens));
            }
        return new Aggregates(rs, cs);
    }

    static Map<String, Object> run() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("model", "embedded fashion_mnist_cnn.onnx");
        run.put("executionProvider", "CPU");
        run.put("dataset", "test <subset> & \"quoted\"");
        run.put("targetRates", new double[] {0.0625, 0.125, 0.25, 0.5, 1, 2});
        run.put("classifierOnlyImagesPerSecond", Double.NaN);
        run.put("timings", Map.of("sweepSeconds", Double.POSITIVE_INFINITY));
        return run;
    }

    static List<ReportWriter.Gallery> galleries() {
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) small.getRaster().setSample(x, y, 0, (x * 9 + y * 3) & 255);
        return List.of(new ReportWriter.Gallery("img1", List.of(new ReportWriter.Tile("original", small, "tench 0.90", true),
                new ReportWriter.Tile("spike-dwt at 0.31 bpp", small, "img1 <x>, 0.300 bpp", false))));
    }

    @Test void summaryJsonParsesBackWithoutNaN(@TempDir Path dir) throws Exception {
        ReportWriter.write(dir, sample(), run(), galleries());
        String text = Files.readString(dir.resolve("summary.json"));
        assertFalse(text.contains("NaN") || text.contains("Infinity"), "non-finite number in summary.json");
        // strict parse: non-numeric numbers are rejected unless a feature allows them
        JsonNode j = new ObjectMapper().disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(text);
        assertEquals("labels", j.get("correctMeans").asText());
        assertEquals(0.9, j.at("/cleanAccuracy/value").asDouble(), 1e-12);
        assertEquals(40, j.at("/cleanAccuracy/n").asInt());
        assertEquals(2, j.at("/cleanAccuracy/ci95").size());
        assertTrue(j.at("/run/classifierOnlyImagesPerSecond").isNull());
        assertTrue(j.at("/run/timings/sweepSeconds").isNull());
        assertEquals(6, j.at("/run/targetRates").size());
        assertEquals(3, j.get("curves").size());
        JsonNode top = j.at("/curves/jpeg2000/5");
        assertEquals(2.0, top.get("targetBpp").asDouble(), 0);
        assertEquals(2.1, top.get("bpp").asDouble(), 1e-9);
        assertEquals(1, top.get("identicalImages").asInt());
        assertEquals(9, j.get("breakingPoints").size()); // 3 codecs x 3 tolerances
        for (JsonNode b : j.get("breakingPoints")) {
            assertTrue(b.get("bpp").isNumber());
            assertEquals(2, b.get("ci95").size());
        }
        assertTrue(j.get("breakingPointRule").asText().contains("ln bpp"));
        assertEquals(3, j.get("criticalBitrates").size());
        JsonNode c = j.at("/criticalBitrates/0");
        assertEquals(39, c.get("images").asInt());
        assertEquals(1, c.get("notFound").asInt());
        assertEquals(c.get("histogramEdges").size(), c.get("histogram").size() + 1);
    }

    @Test void reportIsSelfContained(@TempDir Path dir) throws Exception {
        Aggregates a = sample();
        ReportWriter.write(dir, a, run(), galleries());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*\"?(https?:)?//").matcher(html).find(), "external reference");
        assertFalse(html.toLowerCase().contains("http://") || html.toLowerCase().contains("https://"), "URL in the report");
        assertFalse(html.contains("<link") || html.contains("<script"));
        // every image is an inline PNG that decodes: 5 plots (accuracy, PSNR, SSIM, top-5, critical histogram; no probability
        // plot since these records carry none) + 2 tiles
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        List<BufferedImage> imgs = new ArrayList<>();
        while (m.find()) imgs.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        assertEquals(7, imgs.size());
        assertEquals(1000, imgs.get(0).getWidth());
        assertEquals(84, imgs.get(5).getWidth()); // 28x28 replicated 3x
        assertEquals(84, imgs.get(5).getHeight());
        assertEquals(1, html.split("class=lost", -1).length - 1, "the tile that lost its class is framed, the other not");
        assertEquals(0, html.split("<img", -1).length - 1 - imgs.size(), "an <img> without a data URI");
        // the breaking-point table: one row per codec, one column per tolerance, with the values of the aggregates
        assertTrue(html.contains("<h2>Breaking points</h2>"));
        assertTrue(html.contains("<th>within 1 point</th><th>within 5 points</th><th>within 50 points</th>"));
        for (Aggregates.BreakingPoint b : a.breakingPoints()) assertTrue(html.contains(ReportWriter.esc(ReportWriter.describe(b))), b.toString());
        // metadata escaped, arrays readable
        assertTrue(html.contains("test &lt;subset&gt; &amp; &quot;quoted&quot;"));
        assertTrue(html.contains("[0.0625, 0.125, 0.25, 0.5, 1.0, 2.0]"));
        assertTrue(html.contains("img1 &lt;x&gt;, 0.300 bpp"));
        assertTrue(html.contains("What the numbers mean"));
        try (var files = Files.list(dir)) { assertEquals(2, files.count(), "temporary files left behind"); }
    }

    @Test void describeCensoring() {
        assertEquals("< 0.5 (within at every rate)", ReportWriter.describe(new Aggregates.BreakingPoint("c", 5, 0.5, 0.5, 0.5, "below")));
        assertEquals("> 2 (outside at every rate)", ReportWriter.describe(new Aggregates.BreakingPoint("c", 5, 2, 2, 2, "above")));
        assertEquals("0.707 [0.5, 1]", ReportWriter.describe(new Aggregates.BreakingPoint("c", 5, Math.sqrt(0.5), 0.5, 1, null)));
        assertEquals("n/a", ReportWriter.describe(new Aggregates.BreakingPoint("c", 5, Double.NaN, Double.NaN, Double.NaN, null)));
    }

    @Test void emptyInputsStillWrite(@TempDir Path dir) throws Exception {
        ReportWriter.write(dir, new Aggregates(List.of(), List.of()), Map.of(), List.of());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("</html>"));
        new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    }

    /** Not a check: writes the charts where a person can look at them (target/report-preview). */
    @Test void previewCharts() throws Exception {
        Path out = Path.of("target", "report-preview");
        Files.createDirectories(out);
        Aggregates a = sample();
        Files.write(out.resolve("accuracy.png"), Charts.png(Charts.accuracy(a, 5), 1000, 560));
        Files.write(out.resolve("psnr.png"), Charts.png(Charts.metric(a, "PSNR (dB)", Aggregates.Point::psnr), 1000, 480));
        Files.write(out.resolve("critical.png"), Charts.png(Charts.critical(a.critical()), 1000, 480));
        ReportWriter.write(out, a, run(), galleries());
    }
}
