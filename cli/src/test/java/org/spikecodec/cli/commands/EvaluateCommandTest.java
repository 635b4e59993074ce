package org.spikecodec.cli.commands;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.SpikecodecCli;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.ImageFiles;

/** {@code spikecodec evaluate} on real photos through the built-in ImageNet model, and its refusals. */
class EvaluateCommandTest {
    static final Path PHOTOS = Path.of("..", "data", "photos");
    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    static Result cli(Object... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = new SpikecodecCli(out, err).run(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /**
     * Three photos: coffee (espresso, p 0.99), chelsea (Egyptian cat, p 0.75) and a JPEG copy of coffee. A floor of
     * 0.9 leaves chelsea out, --lossless-only the JPEG: one photo is evaluated, with class names in the records.
     */
    @Test
    void photosThroughMobilenetWithConfidenceAndLosslessFilters() throws Exception {
        Path photos = photoFolder("photos", "coffee.png", "chelsea.png");
        javax.imageio.ImageIO.write(BufferedImages.toBufferedImage(ImageFiles.read(PHOTOS.resolve("coffee.png"))), "jpeg", photos.resolve("coffee-copy.png").toFile());
        Path out = dir.resolve("out");
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "spike-dwt,jpeg", "--bpp", "0.25,1", "--bisection-steps", "1",
                "--min-confidence", "0.9", "--lossless-only", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("mobilenetv2 (built in)"), r.out());
        assertTrue(r.out().contains("breaking points"), r.out());

        List<String> records = Files.readAllLines(out.resolve("records.csv"));
        assertTrue(records.get(0).endsWith(",p_reference,correct,top1_name,reference_name"), records.get(0));
        assertEquals(1 + 1 + 2 * 2, records.size(), "header, the original, 2 codecs x 2 rates: " + records);
        for (String row : records.subList(1, records.size())) {
            assertTrue(row.startsWith("coffee.png,"), row);
            assertTrue(row.endsWith(",espresso"), "reference class named: " + row);
        }
        JsonNode s = summary(out);
        assertEquals("photos", s.at("/run/suite").asText());
        assertEquals(0.9, s.at("/run/minConfidence").asDouble());
        assertTrue(s.at("/run/losslessOnly").asText().startsWith("2 of 3"), s.at("/run/losslessOnly").asText());
        assertEquals("chelsea.png", s.at("/run/excludedImages/0/image").asText());
        assertEquals("Egyptian cat", s.at("/run/excludedImages/0/top1").asText());
        assertEquals(0.99, s.get("cleanReferenceProbability").asDouble(), 0.02);
        double kept = s.at("/curves/jpeg/1/referenceProbability").asDouble();
        assertTrue(kept > 0.5 && kept <= 1, "probability kept by espresso at 1 bpp: " + kept);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("What the classifier sees") && html.contains("espresso"), "gallery with class names");
        // where the time went: every stage timed, the codecs' share split by codec
        JsonNode stages = s.at("/run/workerSecondsByStage"), codecs = s.at("/run/codecSecondsByCodec");
        assertEquals(List.of("load", "codec", "quality", "classify"), iterator(stages.fieldNames()));
        assertTrue(stages.get("codec").asDouble() > 0 && stages.get("classify").asDouble() > 0, stages.toString());
        assertEquals(List.of("spike-dwt", "jpeg"), iterator(codecs.fieldNames()));
        assertEquals(stages.get("codec").asDouble(), codecs.get("spike-dwt").asDouble() + codecs.get("jpeg").asDouble(), 0.15);
        assertTrue(r.out().contains("workers' time: load"), r.out());
    }

    /**
     * The default sample keeps to photos of at most 0.5 MP (read from headers, not decoded); --limit lifts the cap,
     * --max-megapixels sets it, and a file whose header cannot be read is kept, then reported as unreadable.
     */
    @Test
    void defaultSampleSkipsLargePhotosAndUnreadableFilesAreKept() throws Exception {
        Path photos = photoFolder("photos", "coffee.png");
        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(1280, 1000, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(big, "png", photos.resolve("big.png").toFile());
        Files.write(photos.resolve("broken.png"), new byte[] {1, 2, 3, 4});
        Path out = dir.resolve("out");
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--bpp", "1", "--bisection-steps", "0",
                "--min-confidence", "0", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonNode s = summary(out);
        assertTrue(s.at("/run/maxMegapixels").asText().startsWith("2 of 3 images have at most 0.5 MP (the default sample's cap"),
                s.at("/run/maxMegapixels").asText());
        List<String> images = Files.readAllLines(out.resolve("records.csv")).stream().skip(1).map(x -> x.split(",")[0]).distinct().toList();
        assertEquals(List.of("coffee.png"), images);
        assertEquals(1, s.at("/run/skippedImages").asInt(), "the unreadable file was kept and skipped when loaded");
        assertTrue(r.out().contains("1 images skipped"), r.out());

        Result tight = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--bpp", "1", "--min-confidence", "0",
                "--max-megapixels", "0.1", "--out", dir.resolve("out2"), "--backend", "cpu");
        // coffee (0.24 MP) and big are over the cap; only the unreadable file is left, and it cannot be evaluated
        assertEquals(ExitCode.BAD_INPUT, tight.code(), tight.err());
        assertEquals(ExitCode.USAGE, cli("evaluate", "--max-megapixels", "-1", "--out", dir.resolve("out3")).code());
    }

    /** A folder under the test's folder holding copies of the named embedded photos. */
    private Path photoFolder(String name, String... photos) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String p : photos) Files.copy(PHOTOS.resolve(p), folder.resolve(p));
        return folder;
    }

    private static JsonNode summary(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    static List<String> iterator(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void compressingTheCropRatesTheCrop() throws Exception {
        Path photos = photoFolder("p", "coffee.png");
        Path out = dir.resolve("crop");
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--bpp", "0.5", "--bisection-steps", "0", "--compress", "crop",
                "--model", "squeezenet", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonNode s = summary(out);
        assertTrue(s.at("/run/compressed").asText().contains("224x224"), s.at("/run").toString());
        assertTrue(s.at("/run/model").asText().startsWith("squeezenet"));
        // Rates are per pixel of the 224x224 crop: JPEG's fixed headers (some 300-600 bytes) then add over 0.03 bpp to the
        // file rate, where over the 600x400 photo they would add under 0.02.
        List<String> rows = Files.readAllLines(out.resolve("records.csv"));
        String[] jpeg = rows.stream().filter(l -> l.contains(",jpeg,")).findFirst().orElseThrow().split(",");
        double bpp = Double.parseDouble(jpeg[4]), fileBpp = Double.parseDouble(jpeg[5]);
        assertEquals(0.5, bpp, 0.1);
        assertTrue(fileBpp - bpp > 0.03, "header share " + (fileBpp - bpp));
    }

    /**
     * Two models judge the same encodings: identical rates and quality in both record sets, one encoding per grid
     * point, but each model's own decisions (chelsea: MobileNetV2 gives Egyptian cat 0.75, SqueezeNet a lower
     * probability), and each model's own bisections.
     */
    @Test
    void twoModelsShareTheEncodingsAndKeepTheirOwnDecisions() throws Exception {
        Path photos = photoFolder("two", "chelsea.png");
        Path out = dir.resolve("both");
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--bpp", "0.02,1", "--bisection-steps", "1", "--model", "mobilenetv2,squeezenet",
                "--min-confidence", "0", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("== mobilenetv2 ==") && r.out().contains("== squeezenet =="), r.out());
        List<String> a = Files.readAllLines(out.resolve("mobilenetv2").resolve("records.csv")), b = Files.readAllLines(out.resolve("squeezenet").resolve("records.csv"));
        assertEquals(a.size(), b.size());
        boolean decisionsDiffer = false;
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(","), y = b.get(i).split(",");
            if (x[2].equals("jpeg")) for (int k : new int[] {3, 4, 5, 6, 7, 8}) assertEquals(x[k], y[k], "same encoding judged twice: " + a.get(i) + " / " + b.get(i));
            decisionsDiffer |= !x[12].equals(y[12]); // p_reference: each model's own probability
        }
        assertTrue(decisionsDiffer, "each model's records carry its own classification");
        assertTrue(a.get(1).contains("Egyptian cat"), a.get(1));
        JsonNode s = summary(out.resolve("squeezenet"));
        int computed = s.at("/run/encodingsComputed").asInt();
        assertTrue(computed >= 2 && computed <= 4, "two grid encodings shared, at most one probe per model: " + computed);
        assertTrue(s.at("/run/model").asText().startsWith("squeezenet"));
    }

    /** With a confidence floor, a model that excludes an image neither judges nor bisects it; the other still does. */
    @Test
    void aModelDoesNotJudgeTheImagesItExcludes() throws Exception {
        Path photos = photoFolder("floor", "chelsea.png", "coffee.png");
        Path out = dir.resolve("floored");
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--bpp", "0.02,1", "--bisection-steps", "1", "--model", "mobilenetv2,squeezenet",
                "--min-confidence", "0.6", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        // chelsea: MobileNetV2 0.75 (kept), SqueezeNet under 0.6 (excluded); coffee: both above 0.9
        String squeeze = Files.readString(out.resolve("squeezenet").resolve("records.csv")), mobile = Files.readString(out.resolve("mobilenetv2").resolve("records.csv"));
        assertFalse(squeeze.contains("chelsea.png"), squeeze);
        assertFalse(Files.readString(out.resolve("squeezenet").resolve(".critical.journal")).contains("chelsea.png"), "no bisection for an excluded image");
        assertTrue(mobile.contains("chelsea.png,-1,jpeg,"), mobile);
        JsonNode s = summary(out.resolve("squeezenet"));
        assertEquals("chelsea.png", s.at("/run/excludedImages/0/image").asText());
        assertEquals(1, s.at("/cleanAccuracy/n").asInt());
    }

    @Test
    void resumingAnotherModelsFolderIsRefused() throws Exception {
        Path photos = PHOTOS.resolve("teriyaki.png").getParent();
        Path out = dir.resolve("r");
        List<Object> common = List.of("--dataset", photos, "--codecs", "jpeg", "--bpp", "1", "--bisection-steps", "0", "--limit", "1", "--min-confidence", "0",
                "--out", out, "--backend", "cpu");
        List<Object> first = new java.util.ArrayList<>(List.of("evaluate", "--model", "squeezenet"));
        first.addAll(common);
        assertEquals(ExitCode.OK, cli(first.toArray()).code());
        List<Object> second = new java.util.ArrayList<>(List.of("evaluate", "--model", "mobilenetv2", "--resume"));
        second.addAll(common);
        Result r = cli(second.toArray());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("holds another run"), r.err());
        // the same model resumes
        first.add("--resume");
        assertEquals(ExitCode.OK, cli(first.toArray()).code());
        // but not a folder whose records another .spk format version wrote (their spike rates differ)
        Path identity = out.resolve(".run-identity");
        String written = Files.readString(identity);
        assertTrue(written.contains("spkFormat: " + SpkContainer.VERSION + "\n"), written);
        Files.writeString(identity, written.replace("spkFormat: " + SpkContainer.VERSION, "spkFormat: " + (SpkContainer.VERSION - 1)));
        r = cli(first.toArray());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("spkFormat " + (SpkContainer.VERSION - 1) + ", this run " + SpkContainer.VERSION), r.err());
    }

    /** ImageNet's class-folder layout: folders named by WordNet id are labelled through the built-in model's wnids list. */
    @Test
    void wordnetIdFoldersAreLabelledThroughTheBuiltinClassList() throws Exception {
        Path root = dir.resolve("imagenet");
        Files.createDirectories(root.resolve("n02486410"));
        Files.createDirectories(root.resolve("n07920052"));
        Files.copy(PHOTOS.resolve("baboon.png"), root.resolve("n02486410").resolve("baboon.png"));
        Files.copy(PHOTOS.resolve("coffee.png"), root.resolve("n07920052").resolve("coffee.png"));
        Path out = dir.resolve("labelled");
        Result r = cli("evaluate", "--dataset", root, "--codecs", "jpeg", "--bpp", "1", "--bisection-steps", "0", "--out", out, "--backend", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals("labels", s.get("correctMeans").asText());
        assertEquals(2, s.at("/cleanAccuracy/n").asInt());
        assertEquals(2, s.at("/cleanAccuracy/correct").asInt(), "baboon and espresso, each in its WordNet folder");
        List<String> rows = Files.readAllLines(out.resolve("records.csv"));
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("n02486410/baboon.png,372,original,")), rows.toString());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("n07920052/coffee.png,967,original,")), rows.toString());
    }

    @Test
    void modelThatIsNotAClassifierIsBadInput() {
        Result r = cli("evaluate", "--model", Path.of("..", "evaluator", "src", "test", "resources", "models", "bad_output_4d.onnx"),
                "--dataset", PHOTOS, "--codecs", "jpeg", "--out", dir.resolve("o"), "--backend", "cpu");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("[batch, classes]"), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> !l.contains("WARN")).count(), r.err());
    }

    /** Models that are not usable classifiers are refused with exit 3 and a message, before or during the run. */
    @Test
    void hostileModelsAreBadInput() {
        Path models = Path.of("..", "evaluator", "src", "test", "resources", "models");
        for (String[] m : new String[][] {{"nan_scores.onnx", "non-finite"}, {"double_scores.onnx", "float32"}, {"one_class.onnx", "one class"}}) {
            Result r = cli("evaluate", "--model", models.resolve(m[0]), "--dataset", PHOTOS, "--codecs", "jpeg", "--bpp", "1", "--limit", "1",
                    "--bisection-steps", "0", "--min-confidence", "0", "--out", dir.resolve(m[0]), "--backend", "cpu");
            assertEquals(ExitCode.BAD_INPUT, r.code(), m[0] + ": " + r.err());
            assertTrue(r.err().contains(m[1]), m[0] + ": " + r.err());
        }
    }

    @Test
    void contradictoryModelOptionsAreUsageErrors() {
        for (List<String> args : List.of(List.of("--model", "mobilenetv2", "--preset", "imagenet"), List.of("--model", "mobilenetv2,mobilenetv2"),
                List.of("--model", ","))) {
            List<Object> a = new java.util.ArrayList<>(List.of("evaluate", "--dataset", PHOTOS, "--out", dir.resolve("u"), "--backend", "cpu"));
            a.addAll(args);
            Result r = cli(a.toArray());
            assertEquals(ExitCode.USAGE, r.code(), args + ": " + r.err());
        }
    }

    @Test
    void noImagePassingTheFiltersIsBadInput() throws Exception {
        Path photos = photoFolder("none", "astronaut.png"); // MobileNetV2: bobsled 0.21
        Result r = cli("evaluate", "--dataset", photos, "--codecs", "jpeg", "--min-confidence", "0.9", "--out", dir.resolve("n"), "--backend", "cpu");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("passes the filters"), r.err());
    }

    @Test
    void unknownBuiltinModelSaysWhichExist() {
        Result r = cli("evaluate", "--model", "resnet50", "--out", dir.resolve("o"), "--backend", "cpu");
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("mobilenetv2") && r.err().contains("squeezenet"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (List<String> args : List.of(List.of("--suite", "imagenet"), List.of("--compress", "tile"), List.of("--min-confidence", "1.5"),
                List.of("--codecs", "png"))) {
            Object[] a = new Object[args.size() + 3];
            a[0] = "evaluate";
            for (int i = 0; i < args.size(); i++) a[i + 1] = args.get(i);
            a[args.size() + 1] = "--out";
            a[args.size() + 2] = dir.resolve("o");
            Result r = cli(a);
            assertEquals(ExitCode.USAGE, r.code(), args + ": " + r.err());
        }
    }

    @Test
    void sparkWithoutTheLauncherSaysWhereItRuns() {
        Result r = cli("evaluate", "--spark", "local[2]", "--out", dir.resolve("o"));
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("./spikecodec evaluate --spark local[2]"), r.err());
    }

    @Test
    void helpNamesTheBuiltinModelsAndTheGpuCaveat() {
        Result r = cli("evaluate", "--help");
        assertEquals(ExitCode.OK, r.code());
        String help = r.out() + r.err();
        assertTrue(help.contains("mobilenetv2") && help.contains("squeezenet") && help.contains("--min-confidence") && help.contains("--lossless-only"), help);
        assertTrue(help.contains("wholly on the GPU"), help);
    }
}
