package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * A codec run through its command-line encoder and decoder (WebP, AVIF, JPEG XL), its quality knob searched to
 * the target payload like every other codec's. A session writes the image once into a private temporary folder,
 * encodes it at each knob value the search asks for (keeping the bytes, not decoding), and decodes only the
 * encoding chosen. The decoded image always has the original's size and colour model: a tool that returns RGB
 * for a grey input is read back as grey (BT.601 luma, as netpbm's {@code ppmtopgm}).
 */
abstract class ExternalRateCodec implements RateCodec {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalRateCodec.class);
    /** New encodings one target may cost at most (the search usually stops well before). */
    static final int MAX_STEPS = 16;

    private final String searchPath;
    private final Duration timeout;

    /**
     * @param searchPath where the tools are looked up (a PATH-style list; the process's PATH in production)
     * @param timeout    how long one tool run may take before it is killed and reported
     */
    ExternalRateCodec(String searchPath, Duration timeout) {
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    /** The process's PATH, or empty. */
    static String systemPath() {
        String p = System.getenv("PATH");
        return p == null ? "" : p;
    }

    abstract String encoder();

    abstract String decoder();

    /** The Debian package that provides both tools, named in the message when they are missing. */
    abstract String debianPackage();

    /** The search's knob. */
    abstract QualitySearch.Knob knob();

    /** The file name (its extension picks the format) the source image is written to for the encoder. */
    abstract String sourceName(ColorModel model);

    /** The file name the decoder writes to (its extension picks the format). */
    abstract String decodedName(ColorModel model);

    /** The file extension of the encoded format, without a dot. */
    abstract String extension();

    abstract List<String> encodeArgs(Path source, Path out, double knob, ColorModel model);

    abstract List<String> decodeArgs(Path in, Path out);

    /** The coded image data in {@code file}, or empty when its structure is not the expected one. */
    abstract OptionalLong parsePayload(byte[] file);

    /** The knob value as recorded, e.g. {@code q=42.5}. */
    abstract String setting(double knob);

    /** Why this codec cannot run here (a tool missing from the search path), or empty when it can. */
    final Optional<String> missing() {
        List<String> absent = new ArrayList<>();
        for (String exe : List.of(encoder(), decoder())) if (ExternalTool.find(exe, searchPath, timeout).isEmpty()) absent.add(exe);
        if (absent.isEmpty()) return Optional.empty();
        return Optional.of(String.format("codec %s needs %s and %s on the PATH; not found: %s. Install the Debian package %s (apt-get install %s)",
                name(), encoder(), decoder(), String.join(", ", absent), debianPackage(), debianPackage()));
    }

    @Override public final Session open(Image image) throws IOException {
        Optional<String> why = missing();
        if (why.isPresent()) throw new IOException(why.get());
        ExternalTool enc = ExternalTool.find(encoder(), searchPath, timeout).orElseThrow().forImage(image.pixels());
        ExternalTool dec = ExternalTool.find(decoder(), searchPath, timeout).orElseThrow().forImage(image.pixels());
        ScratchDir dir = ScratchDir.create("spikecodec-" + name() + "-");
        try {
            Path source = dir.resolve(sourceName(image.model()));
            ImageFiles.write(image, source);
            return new ToolSession(image, enc, dec, dir, source);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** One image: its source file, the encodings tried so far (bytes kept), the scratch folder deleted on close. */
    final class ToolSession implements Session {
        private final Image image;
        private final ExternalTool enc, dec;
        private final ScratchDir dir;
        private final Path source;
        private final QualitySearch.Cache cache = new QualitySearch.Cache();
        private boolean warned;

        ToolSession(Image image, ExternalTool enc, ExternalTool dec, ScratchDir dir, Path source) {
            this.image = image;
            this.enc = enc;
            this.dec = dec;
            this.dir = dir;
            this.source = source;
        }

        @Override public Compressed compress(double targetBpp) throws IOException {
            return QualitySearch.closest(knob(), MAX_STEPS, targetBpp * image.pixels() / 8, this::encode, cache);
        }

        @Override public long encodings() { return cache.encodings(); }

        @Override public void close() { dir.close(); }

        /** The payload, or the whole file (with one warning per session) when the container is not as expected. */
        private long payload(byte[] file) {
            OptionalLong p = parsePayload(file);
            if (p.isPresent() && p.getAsLong() > 0 && p.getAsLong() <= file.length) return p.getAsLong();
            if (!warned) LOG.warn("{}: unexpected {} file structure ({} bytes); counting whole files as payload", name(), extension(), file.length);
            warned = true;
            return file.length;
        }

        /** The session's scratch folder (its tests check that it goes on close). */
        Path folder() { return dir.path(); }

        private QualitySearch.Encoding encode(double knob) throws IOException {
            Path out = dir.resolve("out." + extension());
            Files.deleteIfExists(out);
            enc.run(dir.path(), encodeArgs(source, out, knob, image.model()));
            byte[] file = readOutput(enc, out);
            long payload = payload(file);
            return new QualitySearch.Lazy(payload) {
                @Override Compressed decodeNow() throws IOException {
                    Path in = dir.resolve("dec-in." + extension()), decoded = dir.resolve(decodedName(image.model()));
                    try {
                        Files.write(in, file);
                        Files.deleteIfExists(decoded);
                        dec.run(dir.path(), decodeArgs(in, decoded));
                        Image img = ImageFiles.read(readOutput(dec, decoded), name() + " decoded at " + setting(knob));
                        return new Compressed(asOriginal(img, image, name()), file.length, payload, setting(knob));
                    } finally {
                        Files.deleteIfExists(in);
                        Files.deleteIfExists(decoded);
                    }
                }
            };
        }
    }

    private static byte[] readOutput(ExternalTool tool, Path out) throws IOException {
        if (!Files.isRegularFile(out) || Files.size(out) == 0)
            throw new IOException(tool.name() + " exited successfully but wrote no " + out.getFileName() + "; check the tool's version");
        return Files.readAllBytes(out);
    }

    /**
     * {@code decoded} as an image of the original's size and colour model: an RGB decoding of a grey original
     * becomes its BT.601 luma, rounded to 8 bits as any 8-bit grey file would hold it.
     *
     * @throws IOException when the size differs, or a tool returned grey for a colour original
     */
    static Image asOriginal(Image decoded, Image original, String codec) throws IOException {
        if (decoded.width() != original.width() || decoded.height() != original.height())
            throw new IOException(codec + " decoded a " + decoded.width() + "x" + decoded.height() + " image from a "
                    + original.width() + "x" + original.height() + " original");
        if (decoded.model() == original.model()) return decoded;
        if (original.model() == ColorModel.GREY && decoded.model() == ColorModel.RGB) {
            float[] r = decoded.plane(0), g = decoded.plane(1), b = decoded.plane(2), y = new float[r.length];
            for (int i = 0; i < y.length; i++) y[i] = (float) Math.max(0, Math.min(255, Math.rint(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i])));
            return new Image(decoded.width(), decoded.height(), ColorModel.GREY, new float[][] {y});
        }
        throw new IOException(codec + " decoded a " + decoded.model() + " image from a " + original.model() + " original");
    }
}
