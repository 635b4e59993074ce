package org.spikecodec.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * The training run of the class-data sharing archive: the {@code ./spikecodec} launcher starts it once per build with
 * {@code -XX:ArchiveClassesAtExit}, and every later command maps the classes it loaded from that archive instead of
 * reading, parsing and verifying them from the jar. It runs the everyday commands (encode at a rate and with fixed
 * parameters, single and batch, decode, info, compare, JSON and text) on two small synthetic images, grey and colour,
 * so the archive holds their classes; {@code evaluate} and {@code bench} run for minutes and are left out.
 * Exit code: 0, or the first command's failure.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("spikecodec-cds");
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        SpikecodecCli cli = new SpikecodecCli(nowhere, nowhere);
        int status = 0;
        try {
            Path grey = dir.resolve("grey.png"), colour = dir.resolve("colour.png"), spk = dir.resolve("colour.spk");
            ImageFiles.write(pattern(96, 64, ColorModel.GREY), grey);
            ImageFiles.write(pattern(96, 64, ColorModel.RGB), colour);
            String[][] runs = {
                {"encode", colour.toString(), "-o", spk.toString(), "--bpp", "1", "--json"},
                {"encode", grey.toString(), "-o", dir.resolve("grey.spk").toString()},
                {"encode", grey.toString(), colour.toString(), "-o", dir.resolve("batch").toString(), "--bpp", "1"},
                {"decode", spk.toString(), "-o", dir.resolve("colour-back.png").toString(), "--json"},
                {"decode", dir.resolve("batch").toString(), "-o", dir.resolve("back").toString(), "--format", "ppm"},
                {"info", spk.toString(), "--json"},
                {"info", spk.toString()},
                {"compare", colour.toString(), spk.toString(), "--json"},
                {"encode", "--help"},
            };
            for (String[] run : runs) {
                int code = cli.run(run);
                if (status == 0) status = code;
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        System.exit(status);
    }

    /** A smooth pattern with some texture: enough spikes in every band for the coder's every path. */
    private static Image pattern(int w, int h, ColorModel model) {
        int channels = model == ColorModel.GREY ? 1 : 3;
        float[][] planes = new float[channels][w * h];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    planes[c][y * w + x] = (float) (128 + 60 * Math.sin((x + 7 * c) / 9.0) * Math.cos(y / 7.0) + 40 * (((x * 31 + y * 17 + c) * 2654435761L >>> 13) % 64) / 64.0 - 20);
        return new Image(w, h, model, planes);
    }
}
