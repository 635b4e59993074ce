package org.spikecodec.evaluator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.codecs.JpegRateCodec;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;

/** The sweep's failure handling: a codec failing on one image is reported and the rest goes on; progress is reported as images finish. */
class SweepTest {
    static final Path MODEL = Path.of("src", "test", "resources", "models", "foreign_nhwc_random.onnx");
    @TempDir Path dir;

    /** A codec whose tool "crashes" on images wider than 40 pixels (a stand-in for avifenc dying on one photo). */
    static final class BrittleCodec implements RateCodec {
        final JpegRateCodec inner = new JpegRateCodec();
        @Override public String name() { return "brittle"; }
        @Override public Session open(Image image) throws IOException {
            if (image.width() > 40) throw new IOException("brittle: the tool crashed (exit 139)");
            return inner.open(image);
        }
    }

    @Test
    void aCodecFailingOnOneImageCostsOnlyThatPair() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Image cam = ImageFiles.read(Path.of("..", "data", "photos", "camera.png"));
        for (int w : new int[] {32, 48}) {
            float[] p = new float[w * 32];
            for (int y = 0; y < 32; y++) System.arraycopy(cam.plane(0), (200 + y) * 512 + 200, p, y * w, w);
            ImageFiles.write(new Image(w, 32, cam.model(), new float[][] {p}), photos.resolve("w" + w + ".png"));
        }
        Dataset d = Datasets.open(photos, List.of());
        Sweep sweep = new Sweep(new Sweep.Config(List.of(new BrittleCodec(), new JpegRateCodec()), new double[] {0.5, 2}, 2, 1, false));
        AtomicInteger progress = new AtomicInteger();
        try (OnnxClassifier clf = OnnxClassifier.open(MODEL, null, null, OnnxClassifier.Device.CPU);
             RecordJournal j = RecordJournal.open(dir.resolve("out"), false)) {
            Sweep.Outcome o = sweep.run(d, d.samples(), List.of(new ImageEvaluator.Judge(clf, j)), progress::set);
            assertEquals(2, progress.get(), "both images reported finished");
            assertEquals(1, o.codecFailures().size(), o.codecFailures().toString());
            assertTrue(o.codecFailures().get(0).startsWith("w48.png: brittle: "), o.codecFailures().get(0));
            assertTrue(o.skipped().isEmpty());
            // w32: both codecs at both rates; w48: jpeg only
            assertEquals(2 + 2 * 2 + 2, j.records().size(), j.records().toString());
            assertTrue(j.records().stream().noneMatch(r -> r.image().equals("w48.png") && r.codec().equals("brittle")));
            assertTrue(o.codecSeconds().get("jpeg") > 0);
        }
    }

    @Test
    void anUnreadableImageIsSkippedAndTheOthersSwept() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("p2"));
        Files.copy(Path.of("..", "data", "photos", "teriyaki.png"), photos.resolve("a.png"));
        Files.write(photos.resolve("b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        Dataset d = Datasets.open(photos, List.of());
        Sweep sweep = new Sweep(new Sweep.Config(List.of(new JpegRateCodec()), new double[] {1}, 1, 0, false));
        try (OnnxClassifier clf = OnnxClassifier.open(MODEL, null, null, OnnxClassifier.Device.CPU);
             RecordJournal j = RecordJournal.open(dir.resolve("out2"), false)) {
            Sweep.Outcome o = sweep.run(d, d.samples(), List.of(new ImageEvaluator.Judge(clf, j)), n -> {});
            assertEquals(1, o.skipped().size());
            assertTrue(o.skipped().get(0).startsWith("b.png"), o.skipped().get(0));
            assertEquals(2, j.records().size(), "a.png's original and its one encoding");
        }
    }
}
