package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.UsageException;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Preprocessing;
import org.spikecodec.evaluator.report.Aggregates;
import org.spikecodec.kernels.ComputeBackend;

/** {@code spikecodec evaluate}: the bitrate at which a CNN stops classifying correctly, per codec. */
public final class EvaluateCommand implements Command {
    /** The default run is sized to finish in minutes on two cores; --limit 0 takes every image. */
    static final int DEFAULT_LIMIT = 300;

    @Override public String name() { return "evaluate"; }
    @Override public String summary() { return "sweep codecs over bitrates, classify the decoded images with an ONNX CNN, report the breaking points"; }
    @Override public String usage() { return "[--model M.onnx] [--dataset PATH] [--codecs ...] [--bpp ...] [--out DIR] [options]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(opt("model", "M.onnx", "ONNX image classifier (default: the embedded Fashion-MNIST CNN)"));
        o.addOption(opt("preset", "NAME", "preprocessing: imagenet, unit, fashion-mnist (default: fashion-mnist for the embedded model, else unit)"));
        o.addOption(opt("labels", "FILE", "class names, one per line, in the model's output order"));
        o.addOption(opt("dataset", "PATH", "folder of class folders, folder of images (no labels: fidelity), CSV manifest path,label, or IDX file "
                + "(default: Debian's Fashion-MNIST test set when installed, else the embedded 1000-image subset)"));
        o.addOption(opt("codecs", "LIST", "comma-separated, from " + String.join(", ", Evaluation.CODECS) + " (default spike-dwt,spike-rif,jpeg,jpeg2000)"));
        o.addOption(opt("bpp", "LIST", "target rates in bits per pixel (default " + join(Evaluation.DEFAULT_RATES) + ")"));
        o.addOption(opt("limit", "N", "evaluate N images, sampled deterministically and stratified by class (default " + DEFAULT_LIMIT + "; 0 = all)"));
        o.addOption(opt("seed", "S", "sampling seed (default 1)"));
        o.addOption(opt("device", "NAME", "classifier device: cpu (default) or cuda (falls back to cpu with a warning)"));
        o.addOption(opt("out", "DIR", "output folder for records.csv, critical.csv, summary.json, report.html (default eval-out)"));
        o.addOption(Option.builder().longOpt("resume").desc("continue an interrupted run in --out without recomputing finished records").build());
        o.addOption(opt("threads", "N", "images evaluated in parallel (default: the number of cores)"));
        o.addOption(opt("bisection-steps", "N", "extra encodings per image and codec to narrow its critical bitrate (default 4)"));
        o.addOption(opt("size", "WxH", "model input size, with --mean/--std: explicit preprocessing instead of a preset"));
        o.addOption(opt("resize", "N", "explicit preprocessing: resize the shorter side to N, then centre crop to --size (default: resize to --size)"));
        o.addOption(opt("mean", "LIST", "explicit preprocessing: per-channel mean of [0,1] inputs"));
        o.addOption(opt("std", "LIST", "explicit preprocessing: per-channel standard deviation"));
        o.addOption(Option.builder().longOpt("bgr").desc("explicit preprocessing: BGR channel order").build());
        o.addOption(Option.builder().longOpt("nhwc").desc("explicit preprocessing: NHWC layout").build());
        CodecOptions.addBackend(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (!cl.getArgList().isEmpty()) throw new UsageException("takes no positional arguments, got " + cl.getArgList());
        List<String> codecs = Arrays.stream(cl.getOptionValue("codecs", "spike-dwt,spike-rif,jpeg,jpeg2000").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String c : codecs) if (!Evaluation.CODECS.contains(c)) throw new UsageException("unknown codec '" + c + "' (expected " + String.join(", ", Evaluation.CODECS) + ")");
        double[] rates = cl.hasOption("bpp") ? CodecOptions.list(cl.getOptionValue("bpp"), "bpp") : Evaluation.DEFAULT_RATES;
        for (double r : rates) if (!(r > 0 && r <= 24)) throw new UsageException("--bpp rates must be in (0, 24], got " + r);
        int threads = CodecOptions.integer(cl, "threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        Evaluation.Options o = new Evaluation.Options(path(cl, "model"), cl.getOptionValue("preset"), preprocessing(cl), path(cl, "labels"),
                path(cl, "dataset"), codecs, rates, CodecOptions.integer(cl, "limit", DEFAULT_LIMIT, 0, Integer.MAX_VALUE),
                CodecOptions.integer(cl, "seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                OnnxClassifier.Device.parse(cl.getOptionValue("device", "cpu")), Path.of(cl.getOptionValue("out", "eval-out")),
                cl.hasOption("resume"), threads, CodecOptions.integer(cl, "bisection-steps", 4, 0, 20));
        Evaluation.Result r;
        try (ComputeBackend backend = CodecOptions.backend(cl)) {
            r = Evaluation.run(o, backend, System.err);
        }
        Aggregates a = r.aggregates();
        out.printf(Locale.ROOT, "clean accuracy %.2f%% on %d images (correct = %s); classifier %s on %s%n", 100 * a.clean().value(), a.clean().n(),
                a.definition(), r.run().get("model"), r.run().get("executionProvider"));
        out.println("breaking points (bits per pixel of coded data; lowest rate with accuracy within N points of clean):");
        out.printf(Locale.ROOT, "  %-14s %22s %22s %22s%n", "codec", "within 1 point", "within 5 points", "within 50 points");
        for (String codec : a.curves().keySet()) {
            out.printf(Locale.ROOT, "  %-14s", codec);
            for (double t : Aggregates.TOLERANCES)
                for (Aggregates.BreakingPoint b : a.breakingPoints())
                    if (b.codec().equals(codec) && b.tolerance() == t) out.printf(Locale.ROOT, " %22s", cell(b));
            out.println();
        }
        out.printf(Locale.ROOT, "throughput: %s image-rate pairs/s (classifier alone: %s images/s); %d images skipped%n",
                r.run().get("pipelineImageRatePairsPerSecond"), r.run().get("classifierOnlyImagesPerSecond"), r.skipped().size());
        out.println("wrote " + o.out().resolve("report.html") + ", summary.json, records.csv, critical.csv");
        return ExitCode.OK;
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
