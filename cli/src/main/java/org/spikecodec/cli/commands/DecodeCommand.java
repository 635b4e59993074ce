package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.Batch;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** {@code spikecodec decode IN.spk -o OUT.png}, or many files and folders into {@code -o DIR}. */
public final class DecodeCommand implements Command {
    @Override public String name() { return "decode"; }
    @Override public String summary() { return "reconstruct images from .spk files (writes PNG, PGM or PPM)"; }
    @Override public String usage() { return "IN.spk -o OUT.png|OUT.pgm|OUT.ppm | IN.spk... -o DIR [--format png|pgm|ppm] [--threads N]"; }

    @Override public String helpFooter() { return Batch.EXIT_CODES; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT|DIR")
                .desc("output image: .png, .pgm, .ppm or .pnm; or folder for many inputs (written as DIR/NAME.png) (required)").build());
        o.addOption(Option.builder().longOpt("format").hasArg().argName("EXT").desc("format of a batch's outputs: png (default), pgm, ppm, pnm").build());
        CodecOptions.addDecodingBackend(o);
        Batch.addOptions(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception { return run(cl, out, System.err); }

    @Override public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (cl.getArgList().isEmpty()) throw new UsageException("expects a .spk file (or several, or folders, with -o DIR)");
        Path outDir = Batch.outputFolder(cl, ImageFiles.WRITABLE_EXTENSIONS);
        if (outDir != null) {
            String format = cl.getOptionValue("format", "png").toLowerCase(Locale.ROOT);
            if (!ImageFiles.WRITABLE_EXTENSIONS.contains(format)) throw new UsageException("--format must be one of " + ImageFiles.WRITABLE_EXTENSIONS + ", got " + format);
            List<Batch.Job> jobs = Batch.plan(cl.getArgList(), outDir, Set.of("spk"), format);
            int threads = Batch.threads(cl, jobs.size());
            try (SpikeCodec codec = CodecOptions.decoder(cl)) {
                long t0 = System.nanoTime();
                // Each worker's last image, once written out, lends its planes to the next file of its size.
                ThreadLocal<Image> written = new ThreadLocal<>();
                List<Batch.Outcome> outcomes = Batch.run("decode", jobs, threads, cl.hasOption("verbose"), job -> {
                    SpikeCodec.Decoding d = decode(codec, job.input(), job.output(), written.get());
                    written.set(d.image());
                    return fields(d, job.input(), job.output(), codec);
                }, err);
                Batch.report("decode", outcomes, System.nanoTime() - t0, threads, cl.hasOption("json"),
                        m -> String.format("wrote %s: %dx%d %s", m.get("output"), m.get("width"), m.get("height"), m.get("model")), out, err);
                return Batch.exitCode(outcomes);
            }
        }
        if (cl.hasOption("format")) throw new UsageException("--format is for a batch (-o DIR); a single output's extension gives its format");
        if (cl.getArgList().size() != 1) throw new UsageException("expects exactly one .spk file");
        Path in = Path.of(cl.getArgList().get(0)), dst = Path.of(cl.getOptionValue("output"));
        String name = dst.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ImageFiles.WRITABLE_EXTENSIONS.stream().noneMatch(ext -> name.endsWith("." + ext)))
            throw new UsageException("cannot write '" + dst + "': the output must end in one of " + ImageFiles.WRITABLE_EXTENSIONS);
        try (SpikeCodec codec = CodecOptions.decoder(cl)) {
            SpikeCodec.Decoding d = decode(codec, in, dst, null);
            if (cl.hasOption("json")) out.println(Json.write(fields(d, in, dst, codec)));
            else out.printf("wrote %s: %dx%d %s from %d bytes (%.4f bpp), decoded in %.0f ms on %s%n", dst, d.image().width(), d.image().height(),
                    d.image().model(), d.bytes(), d.bpp(), d.nanos() / 1e6, codec.backendName());
        }
        return ExitCode.OK;
    }

    /** Decodes {@code in} (into {@code reuse}'s planes if they fit) and writes {@code dst} atomically, the format by its extension. */
    private static SpikeCodec.Decoding decode(SpikeCodec codec, Path in, Path dst, Image reuse) throws Exception {
        SpikeCodec.Decoding d = codec.decode(SpkContainer.readFile(in), reuse);
        ImageFiles.write(d.image(), dst);
        return d;
    }

    /** One file's result as {@code --json} gives it. */
    private static Map<String, Object> fields(SpikeCodec.Decoding d, Path in, Path dst, SpikeCodec codec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", in.toString());
        m.put("output", dst.toString());
        m.put("width", d.image().width());
        m.put("height", d.image().height());
        m.put("model", d.image().model().toString());
        m.put("bytes", d.bytes());
        m.put("bpp", d.bpp());
        m.put("backend", codec.backendName());
        m.put("decodeMs", d.nanos() / 1e6);
        return m;
    }
}
