package org.spikecodec.evaluator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.codecs.JpegRateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.Sample;

/** The per-image unit in memory, as a distributed task runs it: what a store knows is not recomputed, and two runs agree. */
class ImageEvaluatorTest {
    @TempDir Path dir;

    @Test
    void anImageInMemoryGivesItsRecordsOnceAndResumesFromWhatItsStoreKnows() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.copy(Path.of("..", "data", "photos", "teriyaki.png"), photos.resolve("a.png"));
        Dataset d = Datasets.open(photos, List.of());
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
}
