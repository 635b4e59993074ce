package org.spikecodec.evaluator.codecs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.spikecodec.engine.image.ColorModel;

/**
 * Lossy WebP (VP8) through libwebp's {@code cwebp} and {@code dwebp}: {@code cwebp -q Q} with every other option
 * at its default (method {@code -m 4}, 4:2:0 chroma, no metadata), Q searched in 0..100 in steps of 0.1 (libwebp
 * maps the float quality to its quantizers more finely than whole steps). Grey images go in as PGM; VP8 has no grey
 * mode, so {@code dwebp} returns RGB with nearly neutral chroma, read back as grey. The payload is the data of the
 * {@code VP8 } chunk, without the RIFF header.
 */
public final class WebpRateCodec extends ExternalRateCodec {
    private static final QualitySearch.Knob QUALITY = new QualitySearch.Knob(0, 100, 0.1, true);

    public WebpRateCodec() { this(systemPath(), ExternalTool.DEFAULT_TIMEOUT); }

    WebpRateCodec(String searchPath, Duration timeout) { super(searchPath, timeout); }

    /** Why the codec cannot run on this machine (cwebp or dwebp missing), or empty. */
    public static java.util.Optional<String> unavailable() { return new WebpRateCodec().missing(); }

    @Override public String name() { return "webp"; }
    @Override String encoder() { return "cwebp"; }
    @Override String decoder() { return "dwebp"; }
    @Override String debianPackage() { return "webp"; }
    @Override QualitySearch.Knob knob() { return QUALITY; }
    @Override String sourceName(ColorModel model) { return model == ColorModel.GREY ? "in.pgm" : "in.ppm"; }
    @Override String decodedName(ColorModel model) { return "dec.ppm"; } // dwebp's -pgm is a raw YUV dump, not grey
    @Override String extension() { return "webp"; }

    @Override List<String> encodeArgs(Path source, Path out, double q, ColorModel model) {
        return List.of("-quiet", "-q", String.format(Locale.ROOT, "%.1f", q), source.toString(), "-o", out.toString());
    }

    @Override List<String> decodeArgs(Path in, Path out) {
        return List.of("-quiet", in.toString(), "-ppm", "-o", out.toString());
    }

    @Override OptionalLong parsePayload(byte[] file) { return Payloads.webpImageChunk(file); }

    @Override String setting(double q) { return String.format(Locale.ROOT, "q=%.1f", q); }
}
