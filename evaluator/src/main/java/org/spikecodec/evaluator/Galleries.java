package org.spikecodec.evaluator;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.Image;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Prediction;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.report.Aggregates;
import org.spikecodec.evaluator.report.ReportWriter;

/**
 * The report's pictures: for a few photos, the original and each codec's reconstruction at that codec's breaking
 * point, side by side, each shown as the classifier sees it (resized and centre-cropped to its input) with the class
 * it gets. Pictures of what a codec keeps at the rate where the network starts to fail say more than the curves.
 */
final class Galleries {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Galleries.class);
    /** Photos shown, and the tolerance (points) whose breaking point sets each codec's rate. */
    static final int PHOTOS = 4;
    static final double TOLERANCE = 1;

    private Galleries() {}

    static List<ReportWriter.Gallery> build(Aggregates a, List<RateCodec> codecs, OnnxClassifier clf, Dataset d, List<Sample> samples,
                                            boolean views, List<String> names) throws IOException {
        List<ReportWriter.Gallery> out = new ArrayList<>();
        for (Sample s : samples) {
            if (out.size() == PHOTOS) break;
            Image original;
            try {
                original = d.load(s);
            } catch (InvalidInputException e) {
                continue; // reported by the sweep
            }
            Image subject = views ? clf.view(original) : original;
            try {
                Prediction ref = classify(clf, subject, views);
                List<ReportWriter.Tile> tiles = new ArrayList<>();
                tiles.add(new ReportWriter.Tile("original", BufferedImages.toBufferedImage(clf.view(original)), caption(names, ref, ref.top1()), true));
                for (RateCodec codec : codecs) {
                    Aggregates.BreakingPoint b = breakingPoint(a, codec.name());
                    if (b == null) continue;
                    RateCodec.Compressed c;
                    try (RateCodec.Session session = codec.open(subject)) {
                        c = session.compress(b.bpp());
                    } catch (IOException e) {
                        // A codec that fails here (a tool's hiccup) costs its picture, not the report.
                        log.warn("report: no {} picture of {}: {}", codec.name(), s.id(), e.getMessage());
                        continue;
                    }
                    Prediction p = classify(clf, c.decoded(), views);
                    Image shown = views ? c.decoded() : clf.view(c.decoded());
                    tiles.add(new ReportWriter.Tile(String.format(Locale.ROOT, "%s at %s bpp", codec.name(), ReportWriter.num(b.bpp())),
                            BufferedImages.toBufferedImage(shown), caption(names, p, ref.top1()) + String.format(Locale.ROOT, ", %.3f bpp", c.payloadBpp()),
                            p.top1() == ref.top1()));
                }
                out.add(new ReportWriter.Gallery(s.id(), tiles));
            } catch (OrtException e) {
                throw new IOException("classification failed on " + s.id() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The codec's breaking point at {@link #TOLERANCE}, or null when it has none (no points). */
    private static Aggregates.BreakingPoint breakingPoint(Aggregates a, String codec) {
        for (Aggregates.BreakingPoint b : a.breakingPoints())
            if (b.codec().equals(codec) && b.tolerance() == TOLERANCE && Double.isFinite(b.bpp()) && b.bpp() > 0) return b;
        return null;
    }

    private static Prediction classify(OnnxClassifier clf, Image img, boolean views) throws OrtException, InvalidInputException {
        return (views ? clf.classifyViews(List.of(img)) : clf.classify(List.of(img)))[0];
    }

    /** "espresso 0.87" and, when the top-1 class differs from the reference, the reference class's probability. */
    private static String caption(List<String> names, Prediction p, int ref) {
        String top = String.format(Locale.ROOT, "%s %.2f", name(names, p.top1()), p.confidence());
        return p.top1() == ref ? top : top + String.format(Locale.ROOT, " (%s %.2f)", name(names, ref), p.probability(ref));
    }

    private static String name(List<String> names, int cls) { return cls >= 0 && cls < names.size() ? names.get(cls) : "class " + cls; }
}
