package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.Batch;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.Describe;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.AtomicFiles;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.EncodeStats;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;

/** {@code spikecodec encode IN -o OUT.spk}, or many inputs and folders into {@code -o DIR}. */
public final class EncodeCommand implements Command {
    @Override public String name() { return "encode"; }
    @Override public String summary() { return "compress images (PNG, JPEG, TIFF, BMP, PGM/PPM) into .spk files"; }
    @Override public String usage() {
        return "IN -o OUT.spk | IN... -o DIR [--threads N] [--bpp X | --threshold V --tau T --window T --refractory D] [options]";
    }

    @Override public String helpFooter() { return Batch.EXIT_CODES; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(org.apache.commons.cli.Option.builder("o").longOpt("output").hasArg().argName("OUT.spk|DIR")
                .desc("output file, or folder for many inputs (written as DIR/NAME.spk) (required)").build());
        CodecOptions.addTo(o);
        Batch.addOptions(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception { return run(cl, out, System.err); }

    @Override public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (cl.getArgList().isEmpty()) throw new UsageException("expects an input image (or several, or folders, with -o DIR)");
        Path outDir = Batch.outputFolder(cl, Set.of("spk"));
        CodecSettings s = CodecOptions.settings(cl);
        double target = CodecOptions.targetBpp(cl);
        boolean chooseIterations = CodecOptions.chooseRifIterations(cl);
        boolean chooseRetina = CodecOptions.chooseRetina(cl) && !Double.isNaN(target);
        if (outDir != null) {
            List<Batch.Job> jobs = Batch.plan(cl.getArgList(), outDir, ImageFiles.READABLE_EXTENSIONS, "spk");
            int threads = Batch.threads(cl, jobs.size());
            try (SpikeCodec codec = CodecOptions.codec(cl, s)) {
                long t0 = System.nanoTime();
                List<Batch.Outcome> outcomes = Batch.run("encode", jobs, threads, cl.hasOption("verbose"),
                        job -> fields(encode(codec, job.input(), job.output(), target, chooseIterations, chooseRetina).encoding(), job.input(), job.output(), codec), err);
                Batch.report("encode", outcomes, System.nanoTime() - t0, threads, cl.hasOption("json"),
                        m -> String.format("wrote %s: %d bytes, %.4f bpp", m.get("output"), m.get("bytes"), m.get("bpp")), out, err);
                return Batch.exitCode(outcomes);
            }
        }
        Path in = Path.of(cl.getArgList().get(0)), dst = Path.of(cl.getOptionValue("output"));
        try (SpikeCodec codec = CodecOptions.codec(cl, s)) {
            Encoded done = encode(codec, in, dst, target, chooseIterations, chooseRetina);
            SpikeCodec.Encoding e = done.encoding();
            if (cl.hasOption("json")) {
                out.println(Json.write(fields(e, in, dst, codec)));
            } else {
                EncodeStats st = e.stats();
                Image image = done.image();
                out.printf("wrote %s: %d bytes, %.4f bpp%s%n", dst, st.fileBytes(), st.bpp(),
                        Double.isNaN(target) ? "" : String.format(" (target %.4f, %+.2f%%, %d encodings searched)", target, (st.bpp() / target - 1) * 100, e.encodings()));
                out.printf("  %s %dx%d, %s; %s; read-out %s%n", image.model(), image.width(), image.height(), Describe.transform(e.header().transform()),
                        Describe.lif(e.header().lif()), s.reconstruction().cliName());
                out.printf("  neurons %d, active %.2f%%, spikes %d; first-order entropy of the counts %.4f bpp%n",
                        st.neurons(), 100.0 * st.activeNeurons() / Math.max(1, st.neurons()), st.spikes(), st.firstOrderBpp());
                out.printf("  backend %s; transform %.0f ms, quantize and code %.0f ms%n", codec.backendName(), e.analysisNanos() / 1e6, e.codingNanos() / 1e6);
            }
        }
        return ExitCode.OK;
    }

    private record Encoded(Image image, SpikeCodec.Encoding encoding) {}

    /** Reads {@code in}, encodes it (at {@code target} bpp unless NaN) and writes {@code dst} atomically: the same bytes alone or in a batch. */
    private static Encoded encode(SpikeCodec codec, Path in, Path dst, double target, boolean chooseIterations, boolean chooseRetina)
            throws Exception {
        Image image = ImageFiles.read(in);
        SpikeCodec.Encoding e;
        if (chooseRetina) {
            e = codec.encodeToBppChoosingRetina(image, target, ScaledRifFrontEnd.defaultCandidates());
        } else {
            e = Double.isNaN(target) ? codec.encode(image) : codec.encodeToBpp(image, target);
            if (chooseIterations) e = codec.withChosenRifIterations(e, image);
        }
        AtomicFiles.write(dst, e.file());
        return new Encoded(image, e);
    }

    /** One file's result as {@code --json} gives it. */
    private static Map<String, Object> fields(SpikeCodec.Encoding e, Path in, Path dst, SpikeCodec codec) {
        EncodeStats st = e.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", in.toString());
        m.put("output", dst.toString());
        m.put("bytes", st.fileBytes());
        m.put("bpp", st.bpp());
        m.put("targetBpp", Json.finite(e.targetBpp()));
        m.put("searchSteps", e.encodings());
        m.put("firstOrderEntropyBpp", st.firstOrderBpp());
        m.put("neurons", st.neurons());
        m.put("activeNeurons", st.activeNeurons());
        m.put("spikes", st.spikes());
        m.put("backend", codec.backendName());
        m.put("analysisMs", e.analysisNanos() / 1e6);
        m.put("codingMs", e.codingNanos() / 1e6);
        m.put("header", Describe.header(e.header()));
        return m;
    }
}
