package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.ImageFiles;

/** {@code spikecodec decode IN.spk -o OUT.png}. */
public final class DecodeCommand implements Command {
    @Override public String name() { return "decode"; }
    @Override public String summary() { return "reconstruct an image from a .spk file (writes PNG, PGM or PPM)"; }
    @Override public String usage() { return "IN.spk -o OUT.png|OUT.pgm|OUT.ppm"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT").desc("output image: .png, .pgm, .ppm or .pnm (required)").build());
        CodecOptions.addBackend(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (cl.getArgList().size() != 1) throw new UsageException("expects exactly one .spk file");
        if (!cl.hasOption("output")) throw new UsageException("missing -o OUT.png");
        Path in = Path.of(cl.getArgList().get(0)), dst = CodecOptions.outputFile(cl);
        String name = dst.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (ImageFiles.WRITABLE_EXTENSIONS.stream().noneMatch(ext -> name.endsWith("." + ext)))
            throw new UsageException("cannot write '" + dst + "': the output must end in one of " + ImageFiles.WRITABLE_EXTENSIONS);
        byte[] file = SpkContainer.readFile(in);
        try (SpikeCodec codec = CodecOptions.decoder(cl)) {
            SpikeCodec.Decoding d = codec.decode(file);
            ImageFiles.write(d.image(), dst);
            out.printf("wrote %s: %dx%d %s from %d bytes (%.4f bpp), decoded in %.0f ms on %s%n", dst, d.image().width(), d.image().height(),
                    d.image().model(), d.bytes(), d.bpp(), d.nanos() / 1e6, codec.backendName());
        }
        return ExitCode.OK;
    }
}
