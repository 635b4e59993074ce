package org.spikecodec.evaluator.codecs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.spikecodec.engine.image.ColorModel;

/**
 * AVIF (AV1 intra) through libavif's {@code avifenc} (aom encoder) and {@code avifdec}: 8-bit, full range,
 * 4:4:4 for colour (no chroma subsampling, as for JPEG XL) and AV1's monochrome 4:0:0 for grey images,
 * speed 6 (avifenc's default), one thread ({@code -j 1}: the sweep already runs images in parallel), the colour
 * quantizer fixed by {@code --min Q --max Q} with Q searched over the integers 0..63 (the payload falls as Q
 * grows). The source goes in as PNG (avifenc reads no PNM). The payload is the {@code mdat} box (the AV1 data),
 * without {@code ftyp} and {@code meta}.
 */
public final class AvifRateCodec extends ExternalRateCodec {
    static final int SPEED = 6;
    private static final QualitySearch.Knob QUANTIZER = new QualitySearch.Knob(0, 63, 1, false);

    public AvifRateCodec() { this(systemPath(), ExternalTool.DEFAULT_TIMEOUT); }

    AvifRateCodec(String searchPath, Duration timeout) { super(searchPath, timeout); }

    /** Why the codec cannot run on this machine (avifenc or avifdec missing), or empty. */
    public static java.util.Optional<String> unavailable() { return new AvifRateCodec().missing(); }

    @Override public String name() { return "avif"; }
    @Override String encoder() { return "avifenc"; }
    @Override String decoder() { return "avifdec"; }
    @Override String debianPackage() { return "libavif-bin"; }
    @Override QualitySearch.Knob knob() { return QUANTIZER; }
    @Override String sourceName(ColorModel model) { return "in.png"; }
    @Override String decodedName(ColorModel model) { return "dec.png"; }
    @Override String extension() { return "avif"; }

    @Override List<String> encodeArgs(Path source, Path out, double q, ColorModel model) {
        String quantizer = Integer.toString((int) Math.rint(q));
        return List.of("-j", "1", "-s", Integer.toString(SPEED), "-d", "8", "-y", model == ColorModel.GREY ? "400" : "444", "-r", "full",
                "--min", quantizer, "--max", quantizer, "--ignore-icc", "--ignore-exif", "--ignore-xmp", source.toString(), out.toString());
    }

    @Override List<String> decodeArgs(Path in, Path out) {
        return List.of("-j", "1", in.toString(), out.toString());
    }

    @Override OptionalLong parsePayload(byte[] file) { return Payloads.avifMediaData(file); }

    @Override String setting(double q) { return String.format(Locale.ROOT, "quantizer=%d", (int) Math.rint(q)); }
}
