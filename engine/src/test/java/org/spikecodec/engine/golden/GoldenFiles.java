package org.spikecodec.engine.golden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.TestImages;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.RifFrontEnd;

/**
 * The golden files of the {@code .spk} format version the encoder writes ({@code engine/src/test/resources/golden}), and
 * their generator. The files it made for earlier versions are kept, same cases and inputs, to check that they still
 * decode to the same images: version 1 (each channel one range-coded stream) in {@code golden/v1}, version 2 (blocks
 * without chunk flags) in {@code golden/v2}.
 *
 * <p>Each case is one input (a small grey or colour crop of data/photos, committed as PGM/PPM so that it is frozen
 * too), one front end and fixed LIF parameters; together the cases cover every front end, every read-out and both
 * side-information flags (Laplacian rates for the centroid read-out, saturated-cell means with a refractory period).
 * {@code manifest.txt} holds, per case, the SHA-256 of the file, of the decoded image's 8-bit samples (rounded and
 * clamped, as written to PNG; planar, grey or R, G, B) and of its float planes (big-endian IEEE-754 bits, planar).
 * {@code GoldenFilesTest} checks that the decoder still gives both images and the encoder still gives the same bytes.
 *
 * <p>Remake them only to change the current version deliberately (and say why in the commit): {@code engine/regenerate-golden.sh}
 * runs {@link #main} on the test class path.
 */
public final class GoldenFiles {
    static final String MANIFEST = "manifest.txt";

    /** One golden file: its input ({@code grey.pgm} or {@code colour.ppm}) and the settings that encode it. */
    record Case(String name, String input, CodecSettings settings) {
        String file() { return name + ".spk"; }
    }

    static final String GREY = "grey.pgm", COLOUR = "colour.ppm";

    static final List<Case> CASES = List.of(
            new Case("dwt-grey", GREY, settings(new TransformSpec.Dwt(3), new LifParameters(0.5, 1000, 1, 50, 0), Reconstruction.MIDPOINT, 1)),
            new Case("dwt-colour", COLOUR, settings(new TransformSpec.Dwt(3), new LifParameters(0.3, 500, 1, 40, 4), Reconstruction.CENTROID, 0.7)),
            new Case("pixels-grey", GREY, settings(new TransformSpec.Pixels(), new LifParameters(2, 1000, 1, 50, 4), Reconstruction.LOWER, 1)),
            new Case("pixels-colour", COLOUR, settings(new TransformSpec.Pixels(), new LifParameters(1, 1000, 1, 50, 0), Reconstruction.MIDPOINT, 1)),
            new Case("rif-grey", GREY, settings(new TransformSpec.Rif(new double[] {10, 40, 60} /* the default layers when the file was made */, RifFrontEnd.DEFAULT_CG_TOLERANCE,
                    RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS), new LifParameters(0.3, 1000, 1, 50, 0), Reconstruction.CENTROID, 1)),
            new Case("rif-colour", COLOUR, settings(new TransformSpec.Rif(new double[] {5, 40}, 1e-6, 300),
                    new LifParameters(0.02, 1000, 1, 50, 5), Reconstruction.MIDPOINT, 0.8)),
            // The dynamic retina (transform kind 4): neurons integrate the time-varying layer, 4 planes of 8 steps.
            new Case("rif-dynamic-grey", GREY, settings(new TransformSpec.RifDynamic(40, 4, 8, RifFrontEnd.DEFAULT_CG_TOLERANCE,
                    RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS), new LifParameters(0.3, 1000, 1, 50, 0), Reconstruction.MIDPOINT, 1)),
            new Case("rif-dynamic-colour", COLOUR, settings(new TransformSpec.RifDynamic(60, 3, 5, 1e-6, 300),
                    new LifParameters(0.05, 1000, 1, 50, 3), Reconstruction.CENTROID, 0.8)),
            // Scaled, subsampled retinas (transform kind 5): the default pyramid on the grey crop (odd sizes: 21 x 15 coarse
            // neurons), and three groups (4-spaced coarse, fine band-pass, 3-spaced model retina) with gain factors on colour.
            new Case("rif-scaled-grey", GREY, settings(new TransformSpec.RifScaled(new double[] {6, 40}, new double[] {2, 0.5}, new int[] {2, 1},
                    new double[] {1, 0.5}, RifFrontEnd.DEFAULT_CG_TOLERANCE, 4), new LifParameters(0.3, 1000, 1, 50, 0), Reconstruction.MIDPOINT, 1)),
            new Case("rif-scaled-colour", COLOUR, settings(new TransformSpec.RifScaled(new double[] {6, 40, 10}, new double[] {4, 0.5, 1},
                    new int[] {4, 1, 3}, new double[] {1, 0.5, 2}, 1e-6, 300), new LifParameters(0.05, 1000, 1, 50, 3), Reconstruction.CENTROID, 0.8)));

    /** What a case's manifest line holds. */
    record Hashes(String file, String decoded8, String decodedFloat) {}

    private GoldenFiles() {}

    private static CodecSettings settings(TransformSpec t, LifParameters lif, Reconstruction rec, double chromaGain) {
        return new CodecSettings(t, lif, rec, chromaGain);
    }

    /** Writes the inputs, the files and the manifest into {@code args[0]} (default: the engine's test resources). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "engine/src/test/resources/golden");
        Files.createDirectories(dir);
        ImageFiles.write(TestImages.crop(TestImages.read("camera.png"), 200, 150, 41, 29), dir.resolve(GREY));
        ImageFiles.write(TestImages.crop(TestImages.read("astronaut.png"), 180, 60, 41, 29), dir.resolve(COLOUR));
        List<String> manifest = new ArrayList<>(List.of(
                "# .spk format version " + SpkContainer.VERSION + ", golden files: made by org.spikecodec.engine.golden.GoldenFiles (engine/regenerate-golden.sh).",
                "# case  sha256(file)  sha256(decoded 8-bit samples, planar)  sha256(decoded float planes, big-endian, planar)"));
        for (Case c : CASES) {
            byte[] file = encode(c, dir);
            Files.write(dir.resolve(c.file()), file);
            Hashes h = hashes(file);
            manifest.add(String.join(" ", c.name(), h.file(), h.decoded8(), h.decodedFloat()));
            System.out.printf("%-14s %6d bytes  %s%n", c.name(), file.length, h.file());
        }
        Files.write(dir.resolve(MANIFEST), manifest, StandardCharsets.US_ASCII);
    }

    /** The case's input encoded with its settings on the cpu backend. */
    static byte[] encode(Case c, Path dir) throws IOException {
        try (SpikeCodec codec = SpikeCodec.open("cpu", c.settings())) {
            return codec.encode(ImageFiles.read(dir.resolve(c.input()))).file();
        }
    }

    /** The file's hash and its decoded image's, decoded on the cpu backend. */
    static Hashes hashes(byte[] file) throws IOException {
        Image decoded;
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            decoded = codec.decode(file).image();
        }
        Image eight = decoded.quantized8();
        ByteBuffer samples = ByteBuffer.allocate(eight.channels() * (int) eight.pixels());
        ByteBuffer floats = ByteBuffer.allocate(4 * decoded.channels() * (int) decoded.pixels());
        for (int c = 0; c < decoded.channels(); c++) {
            for (float v : eight.plane(c)) samples.put((byte) v);
            for (float v : decoded.plane(c)) floats.putFloat(v);
        }
        return new Hashes(sha256(file), sha256(samples.array()), sha256(floats.array()));
    }

    /** The manifest's lines by case name. */
    static Map<String, Hashes> readManifest(Path dir) throws IOException {
        Map<String, Hashes> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.US_ASCII)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) throw new IOException(MANIFEST + ": expected 4 fields, got: " + line);
            out.put(f[0], new Hashes(f[1], f[2], f[3]));
        }
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
