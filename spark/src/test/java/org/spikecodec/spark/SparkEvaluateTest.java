package org.spikecodec.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.DefaultParser;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.cli.commands.EvaluateCommand;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The Spark runner against the local one on {@code local[2]}: same images and seed, same records; resume; the Parquet tables. */
class SparkEvaluateTest {
    static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());
    static SparkSession spark;
    @TempDir Path dir;

    @BeforeAll static void start() { spark = LocalSpark.start("local[2]"); }
    @AfterAll static void stop() { spark.stop(); }

    /** Six Fashion-MNIST images (the embedded sample), two codecs, three rates, two bisection steps: seconds of work. */
    static String[] args(Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("--suite", "fashion-mnist", "--codecs", "spike-dwt,jpeg", "--bpp", "0.1,0.5,2", "--limit", "6",
                "--seed", "3", "--bisection-steps", "2", "--threads", "2", "--backend", "cpu", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void sameSampleAndSeedGiveTheLocalRunnersRecordsAndResumeComputesNothing() throws Exception {
        Path local = dir.resolve("local"), distributed = dir.resolve("spark");
        Evaluation.Options o = EvaluateCommand.evaluationOptions(new DefaultParser().parse(new EvaluateCommand().options(), args(local)));
        try (CpuBackend backend = new CpuBackend()) {
            Evaluation.runModels(o, backend, QUIET);
        }
        SparkEvaluate.Run run = SparkEvaluate.run(spark, args(distributed, "--images-per-wave", "4"), QUIET, QUIET);
        assertEquals(0, run.exitCode());

        List<String> records = sortedLines(local.resolve("records.csv"));
        assertEquals(1 + 6 + 6 * 2 * 3, records.size(), "header, 6 originals, 6 images x 2 codecs x 3 rates");
        assertEquals(records, sortedLines(distributed.resolve("records.csv")));
        assertEquals(sortedLines(local.resolve("critical.csv")), sortedLines(distributed.resolve("critical.csv")));
        assertEquals(1 + 6 * 2, sortedLines(distributed.resolve("critical.csv")).size());
        JsonNode a = summary(local), b = summary(distributed);
        assertEquals(a.get("cleanAccuracy"), b.get("cleanAccuracy"));
        assertEquals(a.get("breakingPoints"), b.get("breakingPoints"));
        assertEquals(a.get("run").get("encodingsComputed"), b.get("run").get("encodingsComputed"));
        assertTrue(b.get("run").get("runner").asText().startsWith("Apache Spark 4.2.0 (master local[2]"), b.get("run").toString());
        assertTrue(Files.size(distributed.resolve("report.html")) > 10_000);

        var table = spark.read().parquet(SparkEvaluate.parquet(distributed, "records"));
        assertEquals(records.size() - 1, table.count());
        assertEquals(6, table.filter("codec = 'original'").count());
        assertEquals(12, spark.read().parquet(SparkEvaluate.parquet(distributed, "critical")).count());

        SparkEvaluate.Run resumed = SparkEvaluate.run(spark, args(distributed, "--resume"), QUIET, QUIET);
        assertEquals(0, ((Number) resumed.results().get(0).run().get("encodingsComputed")).intValue(), "every image was finished");
        assertEquals(records, sortedLines(distributed.resolve("records.csv")));
    }

    @Test
    void aFolderOnAHadoopFileSystemGivesTheRecordsOfTheSameFolderReadLocally() throws Exception {
        Path data = dir.resolve("classes");
        TestImages.crop(data.resolve("a").resolve("crop0.png"), 100, 100);
        TestImages.crop(data.resolve("b").resolve("crop1.png"), 200, 260);
        TestImages.crop(data.resolve("b").resolve("crop2.png"), 300, 40);
        String model = Path.of("..", "evaluator", "src", "test", "resources", "models", "foreign_nhwc_random.onnx").toAbsolutePath().toString();
        Path local = dir.resolve("local"), distributed = dir.resolve("spark");
        List<String> common = List.of("--model", model, "--codecs", "jpeg", "--bpp", "0.5,2", "--bisection-steps", "1", "--min-confidence", "0",
                "--limit", "0", "--backend", "cpu");
        List<String> localArgs = new java.util.ArrayList<>(common), sparkArgs = new java.util.ArrayList<>(common);
        localArgs.addAll(List.of("--dataset", data.toString(), "--out", local.toString()));
        sparkArgs.addAll(List.of("--dataset", data.toUri().toString(), "--out", distributed.toString()));
        Evaluation.Options o = EvaluateCommand.evaluationOptions(new DefaultParser().parse(new EvaluateCommand().options(), localArgs.toArray(String[]::new)));
        try (CpuBackend backend = new CpuBackend()) {
            Evaluation.runModels(o, backend, QUIET);
        }
        SparkEvaluate.Run run = SparkEvaluate.run(spark, sparkArgs.toArray(String[]::new), QUIET, QUIET);
        assertEquals(0, run.exitCode());
        assertTrue(run.results().get(0).run().get("dataset").toString().startsWith("class folders file:"), run.results().get(0).run().toString());
        List<String> records = sortedLines(local.resolve("records.csv"));
        assertEquals(1 + 3 + 3 * 2, records.size());
        assertTrue(records.stream().anyMatch(r -> r.startsWith("b/crop2.png,1,jpeg,")), "ids and labels of class folders: " + records);
        assertEquals(records, sortedLines(distributed.resolve("records.csv")));
        assertEquals(sortedLines(local.resolve("critical.csv")), sortedLines(distributed.resolve("critical.csv")));
    }

    @Test
    void badUsageIsExitCodeTwo() throws Exception {
        assertEquals(2, SparkEvaluate.run(spark, new String[] {"--codecs", "nope"}, QUIET, QUIET).exitCode());
        assertEquals(2, SparkEvaluate.run(spark, new String[] {"--images-per-wave", "0"}, QUIET, QUIET).exitCode());
    }

    static List<String> sortedLines(Path p) throws Exception {
        return Files.readAllLines(p).stream().sorted().toList();
    }

    static JsonNode summary(Path out) throws Exception { return new ObjectMapper().readTree(out.resolve("summary.json").toFile()); }
}
