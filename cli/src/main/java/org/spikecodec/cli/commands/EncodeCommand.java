package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
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

/** {@code spikecodec encode IN -o OUT.spk}. */
public final class EncodeCommand implements Command {
    @Override public String name() { return "encode"; }
    @Override public String summary() { return "compress an image (PNG, JPEG, TIFF, BMP, PGM/PPM) into a .spk file"; }
    @Override public String usage() { return "IN -o OUT.spk [--bpp X | --threshold V --tau T --window T --refractory D] [options]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(org.apache.commons.cli.Option.builder("o").longOpt("output").hasArg().argName("OUT.spk").desc("output file (required)").build());
        CodecOptions.addTo(o);
        o.addOption(org.apache.commons.cli.Option.builder().longOpt("json").desc("print the result as JSON").build());
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (cl.getArgList().size() != 1) throw new UsageException("expects exactly one input image, got " + cl.getArgList().size());
        if (!cl.hasOption("output")) throw new UsageException("missing -o OUT.spk");
        Path in = Path.of(cl.getArgList().get(0)), dst = CodecOptions.outputFile(cl);
        CodecSettings s = CodecOptions.settings(cl);
        double target = CodecOptions.targetBpp(cl);
        Image image = ImageFiles.read(in);
        try (SpikeCodec codec = CodecOptions.codec(cl, s)) {
            SpikeCodec.Encoding e = Double.isNaN(target) ? codec.encode(image) : codec.encodeToBpp(image, target);
            AtomicFiles.write(dst, e.file());
            EncodeStats st = e.stats();
            int steps = e.encodings();
            double analysisMs = e.analysisNanos() / 1e6, codingMs = e.codingNanos() / 1e6;
            if (cl.hasOption("json")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", in.toString());
                m.put("output", dst.toString());
                m.put("bytes", st.fileBytes());
                m.put("bpp", st.bpp());
                m.put("targetBpp", Json.finite(target));
                m.put("searchSteps", steps);
                m.put("firstOrderEntropyBpp", st.firstOrderBpp());
                m.put("neurons", st.neurons());
                m.put("activeNeurons", st.activeNeurons());
                m.put("spikes", st.spikes());
                m.put("backend", codec.backendName());
                m.put("analysisMs", analysisMs);
                m.put("codingMs", codingMs);
                m.put("header", Describe.header(e.header()));
                out.println(Json.write(m));
            } else {
                out.printf("wrote %s: %d bytes, %.4f bpp%s%n", dst, st.fileBytes(), st.bpp(),
                        Double.isNaN(target) ? "" : String.format(" (target %.4f, %+.2f%%, %d encodings searched)", target, (st.bpp() / target - 1) * 100, steps));
                out.printf("  %s %dx%d, %s; %s; read-out %s%n", image.model(), image.width(), image.height(), Describe.transform(s.transform()),
                        Describe.lif(e.header().lif()), s.reconstruction().cliName());
                out.printf("  neurons %d, active %.2f%%, spikes %d; first-order entropy of the counts %.4f bpp%n",
                        st.neurons(), 100.0 * st.activeNeurons() / Math.max(1, st.neurons()), st.spikes(), st.firstOrderBpp());
                out.printf("  backend %s; transform %.0f ms, quantize and code %.0f ms%n", codec.backendName(), analysisMs, codingMs);
            }
        }
        return ExitCode.OK;
    }
}
