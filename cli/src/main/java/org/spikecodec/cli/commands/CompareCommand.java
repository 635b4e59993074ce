package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.MsSsim;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.metrics.Ssim;

/** {@code spikecodec compare A B}: PSNR, SSIM, MS-SSIM; a {@code .spk} side is decoded and its rate reported. */
public final class CompareCommand implements Command {
    @Override public String name() { return "compare"; }
    @Override public String summary() { return "quality of B against reference A: PSNR, SSIM, MS-SSIM (and bpp when one side is a .spk)"; }
    @Override public String usage() { return "A B [--json]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("json").desc("print as JSON").build());
        CodecOptions.addDecodingBackend(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (cl.getArgList().size() != 2) throw new UsageException("expects two images (either may be a .spk file)");
        Path pa = Path.of(cl.getArgList().get(0)), pb = Path.of(cl.getArgList().get(1));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", pa.toString());
        m.put("b", pb.toString());
        Image a, b;
        try (SpikeCodec codec = CodecOptions.decoder(cl)) {
            a = load(pa, codec, m, "a");
            b = load(pb, codec, m, "b");
        }
        if (a.width() != b.width() || a.height() != b.height())
            throw new InvalidInputException("the images differ in size: " + a.width() + "x" + a.height() + " and " + b.width() + "x" + b.height());
        if (a.channels() != b.channels())
            throw new InvalidInputException("one image is grey and the other colour (" + a.model() + " and " + b.model() + "); compare like with like");
        double psnr = Psnr.of(a, b), ssim = Ssim.of(a, b), msssim = MsSsim.of(a, b);
        m.put("width", a.width());
        m.put("height", a.height());
        m.put("psnr", Json.finite(psnr));
        m.put("ssim", ssim);
        m.put("msssim", msssim);
        if (cl.hasOption("json")) {
            out.println(Json.write(m));
        } else {
            out.printf("PSNR %.3f dB, SSIM %.5f, MS-SSIM %.5f (%dx%d, %d channel(s))%n", psnr, ssim, msssim, a.width(), a.height(), a.channels());
            for (String side : new String[] {"a", "b"})
                if (m.containsKey(side + "Bpp")) out.printf("  %s: %d bytes, %.4f bpp%n", m.get(side), (Long) m.get(side + "Bytes"), (Double) m.get(side + "Bpp"));
        }
        return ExitCode.OK;
    }

    private static Image load(Path p, SpikeCodec codec, Map<String, Object> m, String side) throws java.io.IOException {
        if (!isSpk(p)) return ImageFiles.read(p);
        SpikeCodec.Decoding d = codec.decode(org.spikecodec.engine.container.SpkContainer.readFile(p));
        m.put(side + "Bytes", d.bytes());
        m.put(side + "Bpp", d.bpp());
        return d.image();
    }

    private static boolean isSpk(Path p) throws java.io.IOException {
        if (!Files.isRegularFile(p)) return false;
        try (var in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return java.util.Arrays.equals(magic, org.spikecodec.engine.container.SpkContainer.MAGIC);
        }
    }
}
