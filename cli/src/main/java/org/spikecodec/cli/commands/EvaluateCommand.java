package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.UsageException;
import java.util.stream.Collectors;
import org.spikecodec.evaluator.EmbeddedDefaults;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.BuiltinModel;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Preprocessing;
import org.spikecodec.evaluator.report.Aggregates;
import org.spikecodec.kernels.ComputeBackend;

/** {@code spikecodec evaluate}: the bitrate at which a CNN stops classifying correctly, per codec. */
public final class EvaluateCommand implements Command {
    @Override public String name() { return "evaluate"; }
    @Override public String summary() { return "sweep codecs over bitrates, classify the decoded images with a CNN, report the breaking points"; }
    @Override public String usage() { return "[--model NAME|M.onnx] [--dataset PATH] [--codecs ...] [--bpp ...] [--out DIR] [options]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(opt("suite", "NAME", "what to measure when --model/--dataset are not given: photos (default: natural photos through "
                + "MobileNetV2; the photo corpus when installed by data/corpus/fetch-photos.sh, else the " + EmbeddedDefaults.PHOTOS.size()
                + " embedded photos) or fashion-mnist (Fashion-MNIST's test set through the small CNN trained here)"));
        o.addOption(opt("model", "NAME|M.onnx", "classifier (several, comma-separated, judge the same encodings; each writes to --out/NAME): a built-in model, " + BuiltinModel.ids().stream().map(id -> id + (id.equals("mobilenetv2")
                ? " (ImageNet, int8; the default)" : id.equals("squeezenet") ? " (ImageNet, fp32)" : " (28x28 grey)")).collect(Collectors.joining(", "))
                + ", with its own preprocessing; or any ONNX image classifier file. With --device cuda, mobilenetv2's int8 operators partly "
                + "fall back to the CPU; squeezenet runs wholly on the GPU"));
        o.addOption(opt("preset", "NAME", "preprocessing of an .onnx file: imagenet, caffe (BGR, 0..255 minus means), unit, fashion-mnist (default unit)"));
        o.addOption(opt("labels", "FILE", "class names, one per line, in the model's output order"));
        o.addOption(opt("dataset", "PATH", "folder of class folders (ImageNet layout; WordNet-id folders work with the built-in models), "
                + "folder of images (no labels: scored by agreement with the original's class), CSV manifest path,label, or IDX file "
                + "; 'corpus' and 'embedded' name the installed photo corpus and the photos in the jar (default: the suite's data)"));
        o.addOption(opt("codecs", "LIST", "comma-separated, from " + String.join(", ", Evaluation.CODECS) + " (default: the suite's, "
                + "photos: " + String.join(",", Evaluation.Suite.PHOTOS.codecs()) + "; fashion-mnist: " + String.join(",", Evaluation.Suite.FASHION_MNIST.codecs())
                + "; codecs whose tools are missing are skipped with a notice)"));
        o.addOption(opt("bpp", "LIST", "target rates in bits per pixel (default: photos " + join(Evaluation.PHOTO_RATES) + "; fashion-mnist " + join(Evaluation.DEFAULT_RATES) + ")"));
        o.addOption(opt("limit", "N", "evaluate N images, sampled deterministically (stratified by class when labelled) after the "
                + "confidence, size and lossless filters (default " + Evaluation.Suite.PHOTOS.limit() + " photos of at most "
                + Evaluation.Suite.PHOTOS.sampleMaxMegapixels() + " MP, " + Evaluation.Suite.FASHION_MNIST.limit() + " Fashion-MNIST images; 0 = all)"));
        o.addOption(opt("max-megapixels", "MP", "keep only images of at most MP megapixels, read from the file headers (default: "
                + Evaluation.Suite.PHOTOS.sampleMaxMegapixels() + " for the photo suite's default sample, so that it takes minutes; none when --limit is given; 0 = any)"));
        o.addOption(opt("seed", "S", "sampling seed (default 1)"));
        o.addOption(opt("min-confidence", "P", "keep only images whose top-1 probability on the original is at least P (default "
                + Evaluation.DEFAULT_MIN_CONFIDENCE + " on unlabelled photos, whose near-tied classes flip at any rate; 0 on labelled data)"));
        o.addOption(Option.builder().longOpt("lossless-only").desc("keep only lossless originals (not JPEG files; a manifest.csv beside "
                + "the photos may say more)").build());
        o.addOption(opt("compress", "WHAT", "photo (default): compress each photo at its own resolution, then preprocess the decoded photo "
                + "for the model, as when photos are stored compressed; crop: compress the model's view (resized and centre-cropped)"));
        o.addOption(opt("device", "NAME", "classifier device: cpu (default) or cuda (falls back to cpu with a warning; the jar must be built with mvn -Pcuda)"));
        o.addOption(opt("out", "DIR", "output folder for records.csv, critical.csv, summary.json, report.html (default eval-out)"));
        o.addOption(Option.builder().longOpt("resume").desc("continue an interrupted run in --out without recomputing finished records").build());
        o.addOption(opt("threads", "N", "images evaluated in parallel (default: the number of cores)"));
        o.addOption(opt("bisection-steps", "N", "extra encodings per image and codec to narrow its critical bitrate (default 4)"));
        o.addOption(opt("size", "WxH", "model input size, with --mean/--std: explicit preprocessing instead of a preset"));
        o.addOption(opt("resize", "N", "explicit preprocessing: resize the shorter side to N, then centre crop to --size (default: resize to --size)"));
        o.addOption(opt("mean", "LIST", "explicit preprocessing: per-channel mean of [0,1] inputs, in the model's channel order"));
        o.addOption(opt("std", "LIST", "explicit preprocessing: per-channel standard deviation"));
        o.addOption(Option.builder().longOpt("bgr").desc("explicit preprocessing: BGR channel order").build());
        o.addOption(Option.builder().longOpt("nhwc").desc("explicit preprocessing: NHWC layout").build());
        o.addOption(opt("spark", "MASTER", "run the sweep on Apache Spark (local[N], spark://HOST:PORT, yarn, k8s://URL) through the "
                + "./spikecodec launcher, which runs the spark module's job; --dataset, --out and a model file must be paths every executor can read "
                + "(docs/spark.md)"));
        CodecOptions.addBackend(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (!cl.getArgList().isEmpty()) throw new UsageException("takes no positional arguments, got " + cl.getArgList());
        if (cl.hasOption("spark"))
            throw new UsageException("--spark is handled by the ./spikecodec launcher (Spark is not in this jar): run ./spikecodec evaluate --spark "
                    + cl.getOptionValue("spark") + " ..., or spark-submit the spark module's job (docs/spark.md)");
        Evaluation.Options o = evaluationOptions(cl);
        List<Evaluation.Result> results;
        try (ComputeBackend backend = CodecOptions.backend(cl)) {
            results = Evaluation.runModels(o, backend, System.err);
        }
        for (Evaluation.Result r : results) print(r, out, results.size() > 1);
        return ExitCode.OK;
    }

    /** The run {@code cl} asks for (the same flags drive the Spark job, so that it evaluates what this command would). */
    public static Evaluation.Options evaluationOptions(CommandLine cl) throws UsageException {
        List<String> codecs = null;
        if (cl.hasOption("codecs")) {
            codecs = Arrays.stream(cl.getOptionValue("codecs").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            for (String c : codecs) if (!Evaluation.CODECS.contains(c)) throw new UsageException("unknown codec '" + c + "' (expected " + String.join(", ", Evaluation.CODECS) + ")");
        }
        double[] rates = cl.hasOption("bpp") ? CodecOptions.list(cl.getOptionValue("bpp"), "bpp") : null;
        if (rates != null) for (double r : rates) if (!(r > 0 && r <= 24)) throw new UsageException("--bpp rates must be in (0, 24], got " + r);
        String compress = cl.getOptionValue("compress", "photo").toLowerCase(Locale.ROOT);
        if (!compress.equals("photo") && !compress.equals("crop")) throw new UsageException("--compress expects photo or crop, got " + compress);
        Double minConfidence = null;
        if (cl.hasOption("min-confidence")) {
            minConfidence = CodecOptions.number(cl, "min-confidence", 0);
            if (!(minConfidence >= 0 && minConfidence <= 1)) throw new UsageException("--min-confidence must be in [0, 1], got " + minConfidence);
        }
        Double maxMegapixels = null;
        if (cl.hasOption("max-megapixels")) {
            maxMegapixels = CodecOptions.number(cl, "max-megapixels", 0);
            if (!(maxMegapixels >= 0 && maxMegapixels < 1e6)) throw new UsageException("--max-megapixels must be >= 0 (0 = any size), got " + maxMegapixels);
        }
        Evaluation.Suite suite;
        try {
            suite = cl.hasOption("suite") ? Evaluation.Suite.parse(cl.getOptionValue("suite")) : null;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Evaluation.Options o = Evaluation.Options.builder(Path.of(cl.getOptionValue("out", "eval-out")))
                .suite(suite).model(cl.getOptionValue("model")).preset(cl.getOptionValue("preset")).preprocessing(preprocessing(cl))
                .labels(path(cl, "labels")).dataset(path(cl, "dataset")).codecs(codecs).rates(rates)
                .limit(cl.hasOption("limit") ? CodecOptions.integer(cl, "limit", 0, 0, Integer.MAX_VALUE) : null)
                .seed(CodecOptions.integer(cl, "seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE))
                .device(OnnxClassifier.Device.parse(cl.getOptionValue("device", "cpu"))).resume(cl.hasOption("resume"))
                .threads(CodecOptions.integer(cl, "threads", Runtime.getRuntime().availableProcessors(), 1, 256))
                .bisectionSteps(CodecOptions.integer(cl, "bisection-steps", 4, 0, 20)).minConfidence(minConfidence)
                .losslessOnly(cl.hasOption("lossless-only")).maxMegapixels(maxMegapixels).compressCrop(compress.equals("crop")).build();
        return o;
    }

    /** The command's report of one model's result on standard output. */
    public static void print(Evaluation.Result r, PrintStream out, boolean named) {
        Aggregates a = r.aggregates();
        if (named) out.println("== " + r.model() + " ==");
        out.printf(Locale.ROOT, "clean score %.2f%% on %d images (correct = %s); classifier %s on %s%n", 100 * a.clean().value(), a.clean().n(),
                a.definitionText(), r.run().get("model"), r.run().get("executionProvider"));
        out.println("breaking points (bits per pixel of coded data; lowest rate with the score within N points of clean):");
        out.printf(Locale.ROOT, "  %-16s %22s %22s %22s%n", "codec", "within 1 point", "within 5 points", "within 50 points");
        for (String codec : a.curves().keySet()) {
            out.printf(Locale.ROOT, "  %-16s", codec);
            for (double t : Aggregates.TOLERANCES)
                for (Aggregates.BreakingPoint b : a.breakingPoints())
                    if (b.codec().equals(codec) && b.tolerance() == t) out.printf(Locale.ROOT, " %22s", cell(b));
            out.println();
        }
        if (r.run().get("pipelineImageRatePairsPerSecond") instanceof Double d && Double.isFinite(d))
            out.printf(Locale.ROOT, "throughput: %s image-rate pairs/s, %s of the classifier alone (%s images/s); %d images skipped%n", d,
                    r.run().get("pipelineShareOfClassifierOnly"), r.run().get("classifierOnlyImagesPerSecond"), r.skipped().size());
        else out.printf(Locale.ROOT, "throughput: not measured (every record was in the journal already); %d images skipped%n", r.skipped().size());
        if (r.run().get("workerSecondsByStage") instanceof Map<?, ?> stages && !"0".equals(String.valueOf(r.run().get("encodingsComputed")))) {
            double total = stages.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
            if (total > 0)
                out.println("workers' time: " + stages.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                        100 * ((Number) e.getValue()).doubleValue() / total)).collect(Collectors.joining(", ")));
        }
        out.println("wrote " + r.out().resolve("report.html") + ", summary.json, records.csv, critical.csv");
    }

    static String cell(Aggregates.BreakingPoint b) {
        if (!Double.isFinite(b.bpp())) return "n/a";
        if ("below".equals(b.censored())) return String.format(Locale.ROOT, "< %.3f", b.bpp());
        if ("above".equals(b.censored())) return String.format(Locale.ROOT, "> %.3f", b.bpp());
        return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", b.bpp(), b.lo(), b.hi());
    }

    private static Preprocessing preprocessing(CommandLine cl) throws UsageException {
        if (!cl.hasOption("size")) {
            for (String f : new String[] {"resize", "mean", "std", "bgr", "nhwc"})
                if (cl.hasOption(f)) throw new UsageException("--" + f + " needs --size (explicit preprocessing)");
            return null;
        }
        String[] wh = cl.getOptionValue("size").toLowerCase(Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(wh[0].strip()), h = Integer.parseInt(wh[wh.length - 1].strip());
            double[] mean = cl.hasOption("mean") ? CodecOptions.list(cl.getOptionValue("mean"), "mean") : new double[] {0, 0, 0};
            double[] std = cl.hasOption("std") ? CodecOptions.list(cl.getOptionValue("std"), "std") : new double[] {1, 1, 1};
            int channels = mean.length;
            int resize = CodecOptions.integer(cl, "resize", 0, 0, 8192);
            return new Preprocessing(resize, w, h, channels, mean, std, cl.hasOption("bgr"), cl.hasOption("nhwc"));
        } catch (NumberFormatException e) {
            throw new UsageException("--size expects WxH, got " + cl.getOptionValue("size"));
        }
    }

    private static Path path(CommandLine cl, String name) { return cl.hasOption(name) ? Path.of(cl.getOptionValue(name)) : null; }

    private static Option opt(String name, String arg, String desc) { return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build(); }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) sb.append(sb.length() == 0 ? "" : ",").append(x);
        return sb.toString();
    }
}
