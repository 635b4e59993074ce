package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * JPEG 2000 (irreversible 9/7, OpenJPEG's defaults otherwise) through {@code opj_compress} and
 * {@code opj_decompress}, the reference open-source codec. Its rate knob is a compression ratio; the search
 * runs on it so that the coded tile data (after the first SOD marker, without the main header) matches the
 * target. Needs OpenJPEG's tools on the PATH (Debian: libopenjp2-tools); {@link #available()} says whether they are.
 */
public final class Jpeg2000RateCodec implements RateCodec {
    private static final long TIMEOUT_S = 60;

    @Override public String name() { return "jpeg2000-opj"; }

    public static boolean available() {
        return onPath("opj_compress") && onPath("opj_decompress");
    }

    @Override public Session open(Image image) throws IOException {
        if (!available()) throw new IOException("JPEG 2000 needs OpenJPEG's opj_compress and opj_decompress on the PATH (Debian: apt-get install libopenjp2-tools)");
        Path dir = Files.createTempDirectory("spikecodec-j2k");
        Path src = dir.resolve(image.model() == ColorModel.GREY ? "in.pgm" : "in.ppm");
        ImageFiles.write(image, src);
        QualitySearch.Cache cache = new QualitySearch.Cache();
        return new Session() {
            @Override public Compressed compress(double targetBpp) throws IOException {
                // Searched on log(ratio): the payload falls as the ratio grows.
                return QualitySearch.closest(Math.log(1.01), Math.log(4000), 16, targetBpp * image.pixels() / 8, false,
                        logRatio -> encoding(dir, src, Math.exp(logRatio), LayeredJpeg2000RateCodec.resolutions(image)), cache);
            }

            @Override public long encodings() { return cache.encodings(); }

            @Override public void close() { deleteQuietly(dir); }
        };
    }

    /**
     * One encoding at {@code ratio} with {@code resolutions} resolution levels (OpenJPEG refuses its default 6 on images
     * under 32 pixels a side); decoded (by opj_decompress) only on demand.
     */
    static QualitySearch.Encoding encoding(Path dir, Path src, double ratio, int resolutions) throws IOException {
        Path j2k = dir.resolve("out.j2k");
        run(List.of("opj_compress", "-i", src.toString(), "-o", j2k.toString(), "-I", "-n", Integer.toString(resolutions),
                "-r", String.format(Locale.ROOT, "%.4f", ratio)));
        byte[] code = Files.readAllBytes(j2k);
        return new QualitySearch.Lazy(tileBytes(code)) {
            @Override Compressed decodeNow() throws IOException {
                Path in = dir.resolve("dec-in.j2k");
                Path dec = dir.resolve(src.getFileName().toString().replace("in.", "dec."));
                Files.write(in, code);
                run(List.of("opj_decompress", "-i", in.toString(), "-o", dec.toString()));
                Image decoded = ImageFiles.read(dec);
                return new Compressed(decoded, code.length, tileBytes(code), String.format(Locale.ROOT, "ratio=%.3f", ratio));
            }
        };
    }

    /** Bytes after the first SOD marker (0xFF93): the coded tile data without the main header. */
    static long tileBytes(byte[] j2k) {
        for (int i = 0; i + 1 < j2k.length; i++)
            if ((j2k[i] & 0xff) == 0xff && (j2k[i + 1] & 0xff) == 0x93) return j2k.length - (i + 2);
        return j2k.length;
    }

    /** Runs {@code cmd} (a tool on the PATH and its arguments) through {@link ExternalTool}: a time limit that holds even if the tool hangs. */
    private static void run(List<String> cmd) throws IOException {
        ExternalTool tool = ExternalTool.find(cmd.get(0), ExternalRateCodec.systemPath(), java.time.Duration.ofSeconds(TIMEOUT_S))
                .orElseThrow(() -> new IOException(cmd.get(0) + " is not on the PATH (Debian: apt-get install libopenjp2-tools)"));
        tool.run(Path.of(System.getProperty("java.io.tmpdir")), cmd.subList(1, cmd.size()));
    }

    private static boolean onPath(String exe) {
        return ExternalTool.find(exe, ExternalRateCodec.systemPath(), java.time.Duration.ofSeconds(TIMEOUT_S)).isPresent();
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp folder
        }
    }
}
