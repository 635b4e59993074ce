package org.spikecodec.evaluator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.kernels.cpu.CpuBackend;

/** Whole runs with real sessions: the default model and data, fidelity mode, corrupt images, resume. */
class EvaluationRunTest {
    static CpuBackend backend;
    static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());
    @TempDir Path dir;

    @BeforeAll static void open() { backend = new CpuBackend(); }
    @AfterAll static void close() { backend.close(); }

    static Evaluation.Options options(Path out, Path dataset, Path model, List<String> codecs, int limit, boolean resume) {
        return Evaluation.Options.builder(out).suite(model == null ? Evaluation.Suite.FASHION_MNIST : null).model(model == null ? null : model.toString())
                .dataset(dataset).codecs(codecs).rates(new double[] {0.1, 0.5, 2}).limit(limit).seed(1).device(OnnxClassifier.Device.CPU)
                .resume(resume).threads(2).bisectionSteps(2).minConfidence(0.0).build();
    }

    @Test
    void defaultRunWritesEveryOutputAndResumesWithoutRecomputing() throws Exception {
        Path out = dir.resolve("out");
        Evaluation.Result r = Evaluation.run(options(out, null, null, List.of("spike-dwt", "jpeg"), 12, false), backend, QUIET);
        assertEquals(12, r.aggregates().clean().n());
        assertTrue(r.aggregates().definition().startsWith("labels"));
        for (String f : List.of("records.csv", "critical.csv", "summary.json", "report.html")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        List<String> records = Files.readAllLines(out.resolve("records.csv"));
        assertEquals(1 + 12 + 12 * 2 * 3, records.size(), "header, 12 originals, 12 images x 2 codecs x 3 rates");
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("Breaking points"));
        assertFalse(html.contains("src=\"http"), "self-contained");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(12, json.get("cleanAccuracy").get("n").asInt());

        // Simulate a crash: keep the first 20 journal lines and tear the 21st in half.
        Path journal = out.resolve(RecordJournal.RECORDS_JOURNAL);
        List<String> lines = Files.readAllLines(journal);
        String torn = lines.get(20).substring(0, lines.get(20).length() / 2);
        Files.writeString(journal, String.join("\n", lines.subList(0, 20)) + "\n" + torn, StandardCharsets.UTF_8);
        Evaluation.Result resumed = Evaluation.run(options(out, null, null, List.of("spike-dwt", "jpeg"), 12, true), backend, QUIET);
        assertEquals(20, ((Number) resumed.run().get("resumedRecords")).intValue(), "the torn line is dropped, the rest kept");
        List<String> again = Files.readAllLines(out.resolve("records.csv"));
        assertEquals(records.size(), again.size());
        assertEquals(new java.util.HashSet<>(records.subList(1, records.size())).size(), again.size() - 1, "no duplicate record");
        assertEquals(r.aggregates().clean().value(), resumed.aggregates().clean().value());

        // A resume of a finished run computes nothing.
        Evaluation.Result noop = Evaluation.run(options(out, null, null, List.of("spike-dwt", "jpeg"), 12, true), backend, QUIET);
        assertEquals(0, ((Number) noop.run().get("encodingsComputed")).intValue());
    }

    @Test
    void unlabelledFolderUsesFidelityAndSkipsCorruptImages() throws Exception {
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        Image cam = ImageFiles.read(Path.of("..", "data", "photos", "camera.png"));
        for (int i = 0; i < 3; i++) {
            float[] p = new float[64 * 48];
            for (int y = 0; y < 48; y++) System.arraycopy(cam.plane(0), (100 + 60 * i + y) * 512 + 150, p, y * 64, 64);
            ImageFiles.write(new Image(64, 48, cam.model(), new float[][] {p}), photos.resolve("p" + i + ".png"));
        }
        Files.write(photos.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = dir.resolve("fid");
        Evaluation.Result r = Evaluation.run(options(out, photos, Path.of("src", "test", "resources", "models", "foreign_nhwc_random.onnx"),
                List.of("jpeg2000", "spike-dwt"), 0, false), backend, QUIET);
        assertTrue(r.aggregates().definition().startsWith("fidelity"));
        assertEquals(1.0, r.aggregates().clean().value(), "an original always agrees with itself");
        assertEquals(1, r.skipped().size());
        assertTrue(r.skipped().get(0).contains("broken.png"));
        assertEquals(3, r.aggregates().clean().n());
    }
}
