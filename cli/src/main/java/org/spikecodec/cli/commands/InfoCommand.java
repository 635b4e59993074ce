package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.Describe;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.entropy.EntropyStats;
import org.spikecodec.engine.transform.BandShape;

/** {@code spikecodec info IN.spk [--json]}: the header, and statistics of the coded spikes. */
public final class InfoCommand implements Command {
    @Override public String name() { return "info"; }
    @Override public String summary() { return "describe a .spk file: size, rate, transform, LIF parameters, spikes per band"; }
    @Override public String usage() { return "IN.spk [--json]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("json").desc("print as JSON").build());
        CodecOptions.addDecodingBackend(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (cl.getArgList().size() != 1) throw new UsageException("expects exactly one .spk file");
        Path in = Path.of(cl.getArgList().get(0));
        byte[] file = SpkContainer.readFile(in);
        SpikeDecoder.Spikes s;
        String backendName;
        try (SpikeCodec codec = CodecOptions.decoder(cl)) {
            s = codec.readSpikes(file);
            backendName = codec.backendName();
        }
        SpkHeader h = s.header();
        long pixels = (long) h.width() * h.height();
        List<Map<String, Object>> bands = new ArrayList<>();
        long neurons = 0, active = 0, spikes = 0;
        double entropyBits = 0;
        for (int c = 0; c < h.channels(); c++) {
            entropyBits += EntropyStats.firstOrderBits(s.counts().get(c));
            for (int b = 0; b < s.layout().size(); b++) {
                BandShape shape = s.layout().get(b);
                int[] n = s.counts().get(c).get(b);
                long a = 0, sp = 0;
                int max = 0;
                for (int v : n) { if (v != 0) a++; sp += Math.abs(v); max = Math.max(max, Math.abs(v)); }
                neurons += n.length; active += a; spikes += sp;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("channel", c);
                m.put("band", shape.name());
                m.put("width", shape.width());
                m.put("height", shape.height());
                m.put("gain", shape.gain());
                m.put("active", a);
                m.put("spikes", sp);
                m.put("maxCount", max);
                bands.add(m);
            }
        }
        double bpp = s.fileBytes() * 8.0 / pixels;
        if (cl.hasOption("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", in.toString());
            m.put("bytes", s.fileBytes());
            m.put("bpp", bpp);
            m.put("firstOrderEntropyBpp", entropyBits / pixels);
            m.put("neurons", neurons);
            m.put("activeNeurons", active);
            m.put("spikes", spikes);
            m.put("backend", backendName);
            m.putAll(Describe.header(h));
            m.put("bands", bands);
            out.println(Json.write(m));
        } else {
            out.printf("%s: %d bytes, %.4f bpp (first-order entropy of the counts %.4f bpp)%n", in, s.fileBytes(), bpp, entropyBits / pixels);
            out.printf("  %dx%d, %d channel(s) coded as %s%n", h.width(), h.height(), h.channels(), h.colorModel());
            out.printf("  transform %s%n  LIF %s; read-out %s%n", Describe.transform(h.transform()), Describe.lif(h.lif()), h.reconstruction().cliName());
            out.printf("  neurons %d, active %d (%.2f%%), spikes %d%n", neurons, active, 100.0 * active / Math.max(1, neurons), spikes);
            out.printf("  %-3s %-10s %11s %10s %10s %8s%n", "ch", "band", "size", "active", "spikes", "max");
            for (Map<String, Object> b : bands)
                out.printf("  %-3s %-10s %11s %10d %10d %8d%n", b.get("channel"), b.get("band"), b.get("width") + "x" + b.get("height"),
                        (Long) b.get("active"), (Long) b.get("spikes"), (Integer) b.get("maxCount"));
        }
        return ExitCode.OK;
    }
}
