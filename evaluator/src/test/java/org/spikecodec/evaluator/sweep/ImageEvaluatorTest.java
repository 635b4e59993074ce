package org.spikecodec.evaluator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.codecs.JpegRateCodec;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.Sample;

/** The per-image unit in memory, as a distributed task runs it: what a store knows is not recomputed, and two runs agree. */
class ImageEvaluatorTest {
    @TempDir Path dir;

    /** A folder of one photo of data/photos. */
    private Dataset onePhoto() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.copy(Path.of("..", "data", "photos", "teriyaki.png"), photos.resolve("a.png"));
        return Datasets.open(photos, List.of());
    }

    @Test
    void anImageInMemoryGivesItsRecordsOnceAndResumesFromWhatItsStoreKnows() throws Exception {
        Dataset d = onePhoto();
        Sample s = d.samples().get(0);
        ImageEvaluator evaluator = new ImageEvaluator(new ImageEvaluator.Settings(List.of(new JpegRateCodec()), new double[] {2, 0.25}, 2, false), d);
        try (OnnxClassifier clf = OnnxClassifier.open(SweepTest.MODEL, null, null, OnnxClassifier.Device.CPU)) {
            InMemoryRecords fresh = new InMemoryRecords();
            List<ImageEvaluator.Judge> judges = List.of(new ImageEvaluator.Judge(clf, fresh));
            assertTrue(evaluator.pending(s, judges));
            ImageEvaluator.Outcome first = evaluator.evaluate(s, judges);
            assertNull(first.skipped());
            assertEquals(1 + 2, fresh.addedRecords().size(), "the original and two rates");
            assertEquals(1, fresh.addedCritical().size());
            assertEquals(fresh.addedRecords().size() - 1 + (fresh.addedCritical().get(0).censored() == null ? 2 : 0), first.computed(),
                    "grid encodings, plus the bisection's probes when the class flips inside the grid");
            assertTrue(first.stageNanos().get(ImageEvaluator.Stage.CODEC) > 0 && first.codecNanos().get("jpeg") > 0);
            assertFalse(evaluator.pending(s, judges));

            // a task that knows the reference and one grid record computes the rest, and the same values
            InMemoryRecords known = evaluator.known(s, fresh);
            assertEquals(fresh.records(), known.records());
            EvalRecord ref = fresh.get(ImageEvaluator.originalKey(s));
            EvalRecord grid2 = fresh.addedRecords().stream().filter(r -> r.targetBpp() == 2).findFirst().orElseThrow();
            InMemoryRecords partial = new InMemoryRecords(List.of(ref, grid2), List.of());
            ImageEvaluator.Outcome second = evaluator.evaluate(s, List.of(new ImageEvaluator.Judge(clf, partial)));
            assertEquals(List.copyOf(fresh.addedRecords().stream().filter(r -> r.targetBpp() == 0.25).toList()), partial.addedRecords());
            assertEquals(fresh.addedCritical(), partial.addedCritical());
            assertEquals(first.computed() - 1, second.computed(), "the known grid record is not encoded again");

            // a judge that does not judge the image leaves it alone
            InMemoryRecords untouched = new InMemoryRecords();
            ImageEvaluator.Outcome none = evaluator.evaluate(s, List.of(new ImageEvaluator.Judge(clf, untouched, id -> false)));
            assertEquals(0, none.computed());
            assertTrue(untouched.addedRecords().isEmpty());
        }
    }

    /**
     * A codec that decodes to fresh images and keeps only weak references to them: at each compression, how many of
     * the images it decoded before are still reachable from the sweep (after a full collection).
     */
    static final class WatchedCodec implements RateCodec {
        final List<WeakReference<Image>> decoded = new ArrayList<>();
        int compressions, mostHeld;

        @Override public String name() { return "watched"; }

        @Override public Session open(Image image) {
            return target -> {
                mostHeld = Math.max(mostHeld, stillReachable());
                compressions++;
                // The original, darkened by an amount that falls with the rate: a distinct image per target.
                float[][] planes = new float[image.channels()][];
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = image.plane(c).clone();
                    for (int i = 0; i < planes[c].length; i++) planes[c][i] = Math.max(0, planes[c][i] - (float) (8 / target));
                }
                Image d = new Image(image.width(), image.height(), image.model(), planes);
                decoded.add(new WeakReference<>(d));
                long bytes = Math.max(1, Math.round(target * image.pixels() / 8));
                return new Compressed(d, bytes + 100, bytes, "t=" + target);
            };
        }

        private int stillReachable() {
            int held = Integer.MAX_VALUE;
            for (int attempt = 0; attempt < 3 && held > 0; attempt++) { // a full collection clears unreachable weak referents
                System.gc();
                held = (int) decoded.stream().filter(r -> r.get() != null).count();
            }
            return held;
        }
    }

    @Test
    void aGridEncodingsDecodedImageIsLetGoBeforeTheNextIsMade() throws Exception {
        // The corpus run ran out of heap on 4.5-megapixel photos: every grid rate's decoded image (54 MB each) was kept
        // until the grid was judged, and the codecs' sessions kept every decoding they made. Now a worker holds one.
        Dataset d = onePhoto();
        Sample s = d.samples().get(0);
        WatchedCodec codec = new WatchedCodec();
        double[] rates = {0.05, 0.1, 0.25, 0.5, 1, 2};
        ImageEvaluator evaluator = new ImageEvaluator(new ImageEvaluator.Settings(List.of(codec), rates, 2, false), d);
        try (OnnxClassifier clf = OnnxClassifier.open(SweepTest.MODEL, null, null, OnnxClassifier.Device.CPU)) {
            InMemoryRecords a = new InMemoryRecords(), b = new InMemoryRecords();
            ImageEvaluator.Outcome o = evaluator.evaluate(s, List.of(new ImageEvaluator.Judge(clf, a), new ImageEvaluator.Judge(clf, b)));
            assertTrue(o.codecFailures().isEmpty(), o.codecFailures().toString());
            assertEquals(1 + rates.length, a.addedRecords().size());
            assertEquals(a.addedRecords(), b.addedRecords(), "two judges of one model judge the same encodings alike");
            assertTrue(codec.compressions >= rates.length);
            assertTrue(codec.mostHeld <= 1, "decoded images still reachable when the next was made: at most " + codec.mostHeld
                    + " (of " + codec.compressions + " compressions)");
        }
    }

    /** Decodes to the photo's negative below {@code cut} bpp and to the photo itself from there up; counts its compressions. */
    static final class CutCodec implements RateCodec {
        final double cut;
        int compressions;

        CutCodec(double cut) { this.cut = cut; }

        @Override public String name() { return "cut"; }

        @Override public Session open(Image image) {
            return target -> {
                compressions++;
                float[][] planes = new float[image.channels()][];
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = image.plane(c).clone();
                    if (target < cut) for (int i = 0; i < planes[c].length; i++) planes[c][i] = 255 - planes[c][i];
                }
                long bytes = Math.max(1, Math.round(target * image.pixels() / 8));
                return new Compressed(new Image(image.width(), image.height(), image.model(), planes), bytes + 100, bytes, "t=" + target);
            };
        }
    }

    @Test
    void judgesThatBisectAlikeShareTheProbesEncodings() throws Exception {
        // Two judges of one model (a real one: the negative of a photo must change its class) reach the same probe rates: the second reuses the first's encodings (issue 9 item 8:
        // a two-model corpus run encoded and decoded every probe once per model).
        Dataset d = onePhoto();
        Sample s = d.samples().get(0);
        CutCodec codec = new CutCodec(0.3);
        double[] rates = {0.05, 0.1, 0.25, 0.5, 1, 2};
        int steps = 3;
        ImageEvaluator evaluator = new ImageEvaluator(new ImageEvaluator.Settings(List.of(codec), rates, steps, false), d);
        try (OnnxClassifier clf = OnnxClassifier.open(org.spikecodec.evaluator.classify.BuiltinModel.MOBILENETV2, null, OnnxClassifier.Device.CPU)) {
            InMemoryRecords a = new InMemoryRecords(), b = new InMemoryRecords();
            ImageEvaluator.Outcome o = evaluator.evaluate(s, List.of(new ImageEvaluator.Judge(clf, a), new ImageEvaluator.Judge(clf, b)));
            assertNull(a.addedCritical().get(0).censored(), "the negative changes MobileNetV2's class inside the grid, so both judges bisect");
            assertEquals(a.addedCritical(), b.addedCritical());
            assertEquals(rates.length + steps, codec.compressions, "the grid and one judge's probes: the second judge's are the first's");
            assertEquals(rates.length + steps, o.computed());
        }
    }
}
