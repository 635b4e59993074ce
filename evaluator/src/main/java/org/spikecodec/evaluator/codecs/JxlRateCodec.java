package org.spikecodec.evaluator.codecs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.spikecodec.engine.image.ColorModel;

/**
 * Lossy JPEG XL (VarDCT) through libjxl's {@code cjxl} and {@code djxl}: effort 7 (the default), one thread
 * ({@code --num_threads=0}: the sweep already runs images in parallel), the Butteraugli distance {@code -d D}
 * searched on log D over [0.05, 25] (cjxl's range; the payload falls as D grows), in steps of 0.1% of D. Grey
 * images go in as PGM and come back grey. cjxl writes a bare codestream (no container) when, as here, the source
 * has no metadata: all of it is payload, its header (size and image metadata) being a few bytes.
 */
public final class JxlRateCodec extends ExternalRateCodec {
    static final int EFFORT = 7;
    private static final QualitySearch.Knob LOG_DISTANCE = new QualitySearch.Knob(Math.log(0.05), Math.log(25), 0.001, false);

    public JxlRateCodec() { this(systemPath(), ExternalTool.DEFAULT_TIMEOUT); }

    JxlRateCodec(String searchPath, Duration timeout) { super(searchPath, timeout); }

    /** Why the codec cannot run on this machine (cjxl or djxl missing), or empty. */
    public static java.util.Optional<String> unavailable() { return new JxlRateCodec().missing(); }

    @Override public String name() { return "jxl"; }
    @Override String encoder() { return "cjxl"; }
    @Override String decoder() { return "djxl"; }
    @Override String debianPackage() { return "libjxl-tools"; }
    @Override QualitySearch.Knob knob() { return LOG_DISTANCE; }
    @Override String sourceName(ColorModel model) { return model == ColorModel.GREY ? "in.pgm" : "in.ppm"; }
    @Override String decodedName(ColorModel model) { return model == ColorModel.GREY ? "dec.pgm" : "dec.ppm"; }
    @Override String extension() { return "jxl"; }

    @Override List<String> encodeArgs(Path source, Path out, double logDistance, ColorModel model) {
        return List.of(source.toString(), out.toString(), "-d", distance(logDistance), "-e", Integer.toString(EFFORT), "--num_threads=0", "--quiet");
    }

    @Override List<String> decodeArgs(Path in, Path out) {
        return List.of(in.toString(), out.toString(), "--num_threads=0", "--quiet");
    }

    @Override OptionalLong parsePayload(byte[] file) { return Payloads.jxlCodestream(file); }

    @Override String setting(double logDistance) { return "distance=" + distance(logDistance); }

    /** The distance as passed to cjxl: enough digits that neighbouring grid steps stay distinct. */
    private static String distance(double logDistance) {
        return String.format(Locale.ROOT, "%.5f", Math.exp(logDistance));
    }
}
