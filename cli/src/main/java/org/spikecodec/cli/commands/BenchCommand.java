package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.bench.harness.BenchConfig;
import org.spikecodec.bench.harness.BenchHarness;
import org.spikecodec.bench.harness.BenchReport;
import org.spikecodec.bench.harness.BenchResult;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.lif.LifParameters;

/** {@code spikecodec bench}: kernel, transfer, end-to-end and classification times per image size and backend. */
public final class BenchCommand implements Command {
    @Override public String name() { return "bench"; }
    @Override public String summary() { return "benchmark kernels, transfers, encode/decode (and a model) per image size and backend, against baselines"; }
    @Override public String usage() { return "[--sizes 256,1024,...] [--backends cpu,opencl,tornadovm] [--repeat N] [--lif-job 32,128|none] [--model M.onnx] [--json FILE] [--plot FILE.png]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(opt("sizes", "N,N,..", "square image sides (default 256,512,1024,2048,4096)"));
        o.addOption(opt("backends", "B,B,..", "backends: cpu, opencl, opencl:PLATFORM:DEVICE, tornadovm, tornadovm:BACKEND:DEVICE (default: cpu and every usable OpenCL device)"));
        o.addOption(opt("repeat", "N", "timed repetitions per figure, after the warm-up (default 5)"));
        o.addOption(opt("warmup", "N", "untimed runs after the first (cold) one (default 2)"));
        o.addOption(opt("model", "M.onnx", "also measure this ONNX classifier's throughput on the same images"));
        o.addOption(opt("preset", "NAME", "the model's preprocessing: imagenet, unit, fashion-mnist (default unit)"));
        o.addOption(opt("device", "cpu|cuda", "ONNX Runtime device for --model (default cpu)"));
        o.addOption(opt("image", "PATH", "photo resampled to every size (default data/photos/astronaut.png, else a synthetic image)"));
        o.addOption(opt("threshold", "V", "fixed LIF threshold of the end-to-end encodes (default " + LifParameters.DEFAULT_THRESHOLD + ")"));
        o.addOption(opt("json", "FILE", "write every result as JSON"));
        o.addOption(opt("plot", "FILE.png", "plot throughput against image size (default: beside --json, .png)"));
        o.addOption(opt("lif-job", "T,T,..|none", "time steps of the LIF job (768x512 RGB, one neuron per sample) on every backend (default 32,128)"));
        o.addOption(Option.builder().longOpt("no-cjpeg").desc("skip the libjpeg-turbo cjpeg/djpeg baselines").build());
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (!cl.getArgList().isEmpty()) throw new UsageException("unexpected argument '" + cl.getArgList().get(0) + "'");
        BenchConfig d = BenchConfig.defaults();
        List<Integer> sizes = d.sizes();
        if (cl.hasOption("sizes")) {
            sizes = new ArrayList<>();
            for (String s : cl.getOptionValue("sizes").split(",")) {
                if (s.isBlank()) continue;
                try { sizes.add(Integer.parseInt(s.trim())); } catch (NumberFormatException e) {
                    throw new UsageException("--sizes expects comma-separated whole numbers, got '" + cl.getOptionValue("sizes") + "'");
                }
            }
        }
        List<Integer> lifJob = d.lifJobSteps();
        if (cl.hasOption("lif-job")) {
            String v = cl.getOptionValue("lif-job").trim();
            lifJob = new ArrayList<>();
            if (!v.equals("none")) {
                for (String s : v.split(",")) {
                    if (s.isBlank()) continue;
                    try { lifJob.add(Integer.parseInt(s.trim())); } catch (NumberFormatException e) {
                        throw new UsageException("--lif-job expects comma-separated step counts or none, got '" + v + "'");
                    }
                }
            }
        }
        List<String> backends = cl.hasOption("backends")
                ? Arrays.stream(cl.getOptionValue("backends").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
        for (String b : backends) org.spikecodec.kernels.BackendSelector.Spec.parse(b); // bad names are usage errors
        BenchConfig cfg = new BenchConfig(sizes, backends, CodecOptions.integer(cl, "repeat", d.repeat(), 1, 10_000),
                CodecOptions.integer(cl, "warmup", d.warmup(), 0, 10_000), Path.of(cl.getOptionValue("image", d.image().toString())),
                CodecOptions.number(cl, "threshold", d.threshold()), cl.hasOption("model") ? Path.of(cl.getOptionValue("model")) : null,
                cl.getOptionValue("preset"), cl.getOptionValue("device", "cpu"), !cl.hasOption("no-cjpeg"), true, lifJob);
        if (cl.hasOption("image") && !java.nio.file.Files.isReadable(cfg.image()))
            throw new java.nio.file.NoSuchFileException(cfg.image().toString());
        BenchResult r = new BenchHarness(cfg, System.err).run();
        BenchReport.table(r, out);
        if (cl.hasOption("json")) BenchReport.json(r, Path.of(cl.getOptionValue("json")));
        Path plot = cl.hasOption("plot") ? Path.of(cl.getOptionValue("plot"))
                : cl.hasOption("json") ? Path.of(cl.getOptionValue("json").replaceFirst("\\.json$", "") + ".png") : null;
        if (plot != null) BenchReport.plot(r, plot);
        return r.allValid() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static Option opt(String name, String arg, String desc) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(desc).build();
    }
}
