package org.spikecodec.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.UsageException;
import org.spikecodec.cli.commands.EvaluateCommand;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.sweep.Sweep;
import org.spikecodec.evaluator.sweep.SweepRunner;
import org.spikecodec.kernels.ComputeBackend;

/**
 * {@code spark-submit --class org.spikecodec.spark.SparkEvaluate spikecodec-spark-job.jar [evaluate's options]}: the
 * evaluation of {@code spikecodec evaluate}, with the sweep run by {@link SparkSweep} on the cluster. The driver does
 * what a local run does around the sweep (choosing the images, the journals, summary.json, critical.csv, records.csv,
 * report.html, in {@code --out}) and adds records.parquet and critical.parquet. {@code --dataset}, {@code --out} and a
 * model file must be paths every executor and the driver can read (a shared mount); {@code --resume} skips the images
 * the journal in {@code --out} has finished.
 */
public final class SparkEvaluate {
    private SparkEvaluate() {}

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("spikecodec evaluate").getOrCreate();
        int code;
        try {
            code = run(spark, args, System.out, System.err).exitCode();
        } finally {
            spark.stop();
        }
        if (code != 0) System.exit(code);
    }

    /** What a run did: its exit code (0, or 2 for bad usage), the models' results, the GPUs its tasks were given. */
    public record Run(int exitCode, List<Evaluation.Result> results, List<Integer> gpus) {}

    static Options options() {
        Options o = new EvaluateCommand().options();
        o.addOption(Option.builder().longOpt("images-per-wave").hasArg().argName("N")
                .desc("images per Spark job; the driver journals each job's records as it ends (default 16 per task slot)").build());
        o.addOption(Option.builder().longOpt("help").desc("this text").build());
        return o;
    }

    public static Run run(SparkSession spark, String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cl;
        Evaluation.Options o;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int wave;
        try {
            cl = new DefaultParser().parse(options(), args);
            if (cl.hasOption("help")) {
                new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 110, "spark-submit ... spikecodec-spark-job.jar [options]", "", options(),
                        1, 2, "", false);
                return new Run(0, List.of(), List.of());
            }
            if (!cl.getArgList().isEmpty()) throw new UsageException("takes no positional arguments, got " + cl.getArgList());
            if (cl.hasOption("spark")) throw new UsageException("--spark is the launcher's: here the master is spark-submit's --master (spark.master)");
            o = EvaluateCommand.evaluationOptions(cl);
            wave = CodecOptions.integer(cl, "images-per-wave", SparkSweep.defaultWave(jsc), 1, 1_000_000);
        } catch (ParseException | UsageException e) {
            err.println("spikecodec SparkEvaluate: " + e.getMessage());
            return new Run(2, List.of(), List.of());
        }
        Runners runners = new Runners(jsc, o, CodecOptions.backendSpec(cl), wave,
                cl.hasOption("dataset") && HadoopFolderDataset.isUri(cl.getOptionValue("dataset")) ? cl.getOptionValue("dataset") : null);
        List<Evaluation.Result> results;
        try (ComputeBackend backend = CodecOptions.backend(cl)) { // the driver's: the report's gallery encodes a few images
            results = Evaluation.runModels(o, backend, err, runners);
        }
        for (Evaluation.Result r : results) {
            CsvTables.toParquet(spark, r.out().resolve("records.csv"), parquet(r.out(), "records"));
            CsvTables.toParquet(spark, r.out().resolve("critical.csv"), parquet(r.out(), "critical"));
            EvaluateCommand.print(r, out, results.size() > 1);
            out.println("wrote " + r.out().resolve("records.parquet") + ", critical.parquet");
        }
        List<Integer> gpus = runners.sweeps.stream().flatMap(s -> s.gpusSeen().stream()).distinct().sorted().toList();
        if (!gpus.isEmpty()) out.println("task GPUs: " + gpus);
        return new Run(0, results, gpus);
    }

    /**
     * The run's sweeps on Spark, and its dataset where the executors read it: the resolved local path, or the Hadoop
     * file system URI given as {@code --dataset} ({@code datasetUri}, null for a path), which the driver reads there too.
     */
    private static final class Runners implements SweepRunner.Factory {
        final JavaSparkContext jsc;
        final Evaluation.Options options;
        final String backendSpec, datasetUri;
        final int wave;
        final List<SparkSweep> sweeps = new ArrayList<>();

        Runners(JavaSparkContext jsc, Evaluation.Options options, String backendSpec, int wave, String datasetUri) {
            this.jsc = jsc;
            this.options = options;
            this.backendSpec = backendSpec;
            this.wave = wave;
            this.datasetUri = datasetUri;
        }

        @Override public SweepRunner create(Sweep.Config config, Path dataset) {
            String where = datasetUri != null ? datasetUri : dataset.toAbsolutePath().toString();
            SparkSweep s = new SparkSweep(jsc, EvaluationSpec.of(options, config, where, backendSpec), config, wave);
            sweeps.add(s);
            return s;
        }

        @Override public Dataset openDataset(Path path, List<String> classKeys) throws InvalidInputException {
            return datasetUri != null ? HadoopFolderDataset.open(datasetUri, classKeys) : SweepRunner.Factory.super.openDataset(path, classKeys);
        }
    }

    static String parquet(Path out, String table) { return out.resolve(table + ".parquet").toAbsolutePath().toUri().toString(); }
}
