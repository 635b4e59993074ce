package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * JPEG 2000 (OpenJPEG, irreversible 9/7) with one encoding per image cut at every target: the encoding has a quality
 * layer aimed at each planned rate (the sweep's grid), and a target is the stream truncated after the layer whose
 * payload is nearest ({@link J2kCodestream}); a real decoder ({@code opj_decompress}) decodes exactly those bytes. A
 * target no layer meets within the tolerance (a bisection probe between grid rates, or a layer OpenJPEG's rate
 * allocation missed) gets a layer of its own in a new encoding of the image, whose layer budgets are corrected by
 * what the previous encoding measured. The payload is the tile data of the layers kept.
 *
 * <p>What layers cost: every layer adds a packet header per resolution and component, and splits the code-blocks'
 * contributions. With the 10 default rates as layers (and one per bisection probe), PSNR at equal rate measured 0.09 dB
 * below single-layer OpenJPEG encodings on average, 0.22 dB at worst, on the seven 0.14-0.26 MP photos of data/photos
 * (bench RateSessionCost --reference jpeg2000-opj); JJ2000 as jai-imageio sets it up (about 20 layers) measured 0.21 dB
 * below on average, 1.3 dB at worst. On 28x28 images the packet headers are a large share of each layer: the layered
 * stream measured 0.7 dB below JJ2000 there, which the Fashion-MNIST suite therefore keeps ({@code jpeg2000-jj2000}).
 */
public final class LayeredJpeg2000RateCodec implements RateCodec {
    /** Relative distance to a target accepted; the sweep records the measured rate. */
    public static final double DEFAULT_TOLERANCE = 0.02;
    /** New encodings one target may cost at most; the closest layer found is taken after that. */
    static final int MAX_ENCODINGS_PER_TARGET = 3;
    /** OpenJPEG 2.5 counts its main header (about 130 to 160 bytes) in a layer's byte budget; corrected after the first encoding. */
    private static final double HEADER_GUESS = 150;
    /** OpenJPEG's default: 6 resolutions, 5 wavelet levels (fewer under 32 pixels a side, which it refuses otherwise). */
    private static final int MAX_RESOLUTIONS = 6;
    /** One layer's budget correction may change by at most this factor per encoding. */
    private static final double MAX_CORRECTION_STEP = 2;
    private static final String ENCODER = "opj_compress", DECODER = "opj_decompress";

    private final double[] plannedRates;
    private final double tolerance;
    private final String searchPath;
    private final Duration timeout;

    /** @param plannedRates the rates (bpp) the sessions will be asked for, each a layer of the first encoding */
    public LayeredJpeg2000RateCodec(double[] plannedRates) {
        this(plannedRates, DEFAULT_TOLERANCE, ExternalRateCodec.systemPath(), ExternalTool.DEFAULT_TIMEOUT);
    }

    LayeredJpeg2000RateCodec(double[] plannedRates, double tolerance, String searchPath, Duration timeout) {
        for (double r : plannedRates) if (!(r > 0) || Double.isInfinite(r)) throw new IllegalArgumentException("planned rates must be > 0: " + r);
        if (!(tolerance >= 0 && tolerance < 1)) throw new IllegalArgumentException("tolerance must be in [0, 1): " + tolerance);
        this.plannedRates = plannedRates.clone();
        this.tolerance = tolerance;
        this.searchPath = searchPath == null ? "" : searchPath;
        this.timeout = timeout;
    }

    @Override public String name() { return "jpeg2000"; }

    /** OpenJPEG's resolution count for {@code image}: its default, or fewer where the smaller side has under 2^(n-1) pixels. */
    static int resolutions(Image image) {
        int side = Math.min(image.width(), image.height());
        return Math.min(MAX_RESOLUTIONS, 1 + (31 - Integer.numberOfLeadingZeros(side)));
    }

    /** Why this codec cannot run here (OpenJPEG's tools missing), or empty when it can. */
    public static Optional<String> unavailable() { return new LayeredJpeg2000RateCodec(new double[0]).missing(); }

    Optional<String> missing() {
        List<String> absent = new ArrayList<>();
        for (String exe : List.of(ENCODER, DECODER)) if (ExternalTool.find(exe, searchPath, timeout).isEmpty()) absent.add(exe);
        if (absent.isEmpty()) return Optional.empty();
        return Optional.of("codec " + name() + " needs OpenJPEG's " + ENCODER + " and " + DECODER + " on the PATH; not found: "
                + String.join(", ", absent) + ". Install the Debian package libopenjp2-tools (or use jpeg2000-jj2000, in process)");
    }

    @Override public Session open(Image image) throws IOException {
        Optional<String> why = missing();
        if (why.isPresent()) throw new IOException(why.get());
        ScratchDir dir = ScratchDir.create("spikecodec-jpeg2000-");
        try {
            Path source = dir.resolve(image.model() == ColorModel.GREY ? "in.pgm" : "in.ppm");
            ImageFiles.write(image, source);
            return new LayeredSession(image, ExternalTool.find(ENCODER, searchPath, timeout).orElseThrow().forImage(image.pixels()),
                    ExternalTool.find(DECODER, searchPath, timeout).orElseThrow().forImage(image.pixels()), dir, source);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** A truncation point: the first {@code layers} layers of the {@code generation}-th encoding of the session. */
    private record Cut(J2kCodestream stream, int generation, int layers) {
        long payload() { return stream.payloadBytes(layers); }
    }

    /** One image: its source file, the layer rates asked so far, the latest encoding, the scratch folder deleted on close. */
    final class LayeredSession implements Session {
        private final Image image;
        private final ExternalTool enc, dec;
        private final ScratchDir dir;
        private final Path source;
        private final int resolutions;
        /** Payload rates (bpp) the layers aim at: the planned ones, and every target none of them met. */
        private final TreeSet<Double> layerRates = new TreeSet<>();
        /** Per layer rate: the payload asked of OpenJPEG over the payload wanted, learnt from the encodings so far. */
        private final TreeMap<Double, Double> corrections = new TreeMap<>();
        /** The latest cut decoded (consecutive targets beyond every cut take the same one). */
        private final LastDecoded decoded = new LastDecoded();
        /** Every encoding so far, oldest first: a target takes the nearest cut of any of them. */
        private final List<J2kCodestream> streams = new ArrayList<>();
        private double headerBytes = HEADER_GUESS;
        /** Payloads no encoding could get above or below: later targets beyond them take the nearest cut as it is. */
        private double ceiling = Double.POSITIVE_INFINITY, floor = 0;

        LayeredSession(Image image, ExternalTool enc, ExternalTool dec, ScratchDir dir, Path source) {
            this.image = image;
            this.enc = enc;
            this.dec = dec;
            this.dir = dir;
            this.source = source;
            this.resolutions = resolutions(image);
            for (double r : plannedRates) layerRates.add(r);
        }

        @Override public Compressed compress(double targetBpp) throws IOException {
            if (!(targetBpp > 0) || Double.isInfinite(targetBpp)) throw new IllegalArgumentException("target rate must be > 0: " + targetBpp);
            double target = targetBpp * image.pixels() / 8;
            Cut best = nearest(target);
            boolean beyond = target > ceiling * (1 + tolerance) || target < floor * (1 - tolerance);
            for (int attempt = 0; attempt < MAX_ENCODINGS_PER_TARGET && !beyond && !(best != null && met(best, target)); attempt++) {
                if (layerRates.isEmpty() || Math.abs(nearestRate(targetBpp) / targetBpp - 1) > tolerance) layerRates.add(targetBpp);
                encode();
                Cut c = nearest(target);
                // No nearer than before with corrected budgets: OpenJPEG's allocation cannot get closer, its layer sizes
                // jumping by whole coding passes there, or the target lies beyond every cut (below the smallest first
                // layer, or above all the data the quantizer leaves), which later targets need not try again.
                if (best != null && distance(c, target) >= distance(best, target)) {
                    if (best.payload() < target && best.payload() >= largestCut()) ceiling = best.payload();
                    if (best.payload() > target && best.payload() <= smallestCut()) floor = best.payload();
                    break;
                }
                best = c;
            }
            return decode(best);
        }

        @Override public long encodings() { return streams.size(); }

        @Override public void close() { dir.close(); }

        /** The session's scratch folder (its tests check that it goes on close). */
        Path folder() { return dir.path(); }

        private boolean met(Cut c, double target) {
            double off = distance(c, target);
            return off <= tolerance * target || off <= Math.abs(target - Math.rint(target));
        }

        /** The cut of any encoding so far whose payload is nearest {@code target}; null before the first encoding. */
        private Cut nearest(double target) {
            Cut best = null;
            for (int g = 0; g < streams.size(); g++)
                for (int k = 1; k <= streams.get(g).layers(); k++) best = closer(best, new Cut(streams.get(g), g, k), target);
            return best;
        }

        private long largestCut() {
            long max = 0;
            for (J2kCodestream s : streams) max = Math.max(max, s.payloadBytes(s.layers()));
            return max;
        }

        private long smallestCut() {
            long min = Long.MAX_VALUE;
            for (J2kCodestream s : streams) min = Math.min(min, s.payloadBytes(1));
            return min;
        }

        private double nearestRate(double bpp) {
            Double lo = layerRates.floor(bpp), hi = layerRates.ceiling(bpp);
            if (lo == null) return hi;
            if (hi == null) return lo;
            return bpp / lo <= hi / bpp ? lo : hi;
        }

        /** A new encoding with a layer at every rate of {@link #layerRates}, its budgets corrected by the last one. */
        private void encode() throws IOException {
            double rawBytes = (double) image.pixels() * image.channels(); // 8-bit samples
            List<String> ratios = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            double last = 0;
            for (double r : layerRates) {
                double budget = Math.max(r * image.pixels() / 8 * correction(r) + headerBytes, last * 1.001 + 1);
                double ratio = rawBytes / budget;
                rates.add(r);
                if (ratio <= 1) { // beyond the raw size: a last layer with every coding pass (OpenJPEG's ratio 1)
                    ratios.add("1");
                    break;
                }
                ratios.add(String.format(Locale.ROOT, "%.6f", ratio));
                last = budget;
            }
            Path out = dir.resolve("out.j2k");
            Files.deleteIfExists(out);
            enc.run(dir.path(), List.of("-i", source.toString(), "-o", out.toString(), "-I", "-p", "LRCP", "-n", Integer.toString(resolutions),
                    "-PLT", "-r", String.join(",", ratios)));
            if (!Files.isRegularFile(out)) throw new IOException(ENCODER + " exited successfully but wrote no " + out.getFileName());
            J2kCodestream s = J2kCodestream.parse(Files.readAllBytes(out));
            if (s.layers() != rates.size()) throw new IOException(ENCODER + " wrote " + s.layers() + " layers, " + rates.size() + " asked");
            learn(s, rates);
            streams.add(s);
        }

        /** Corrects each layer's budget by what it got, and the header by what it measured. */
        private void learn(J2kCodestream s, List<Double> rates) {
            headerBytes = s.headerBytes();
            double[] before = rates.stream().mapToDouble(this::correction).toArray(); // the corrections these budgets used
            for (int k = 1; k <= rates.size(); k++) {
                double wanted = rates.get(k - 1) * image.pixels() / 8, got = Math.max(1, s.payloadBytes(k));
                double step = Math.max(1 / MAX_CORRECTION_STEP, Math.min(MAX_CORRECTION_STEP, wanted / got));
                corrections.put(rates.get(k - 1), before[k - 1] * step);
            }
        }

        /** The correction learnt for {@code rate}, or for the nearest rate learnt (none yet: 1). */
        private double correction(double rate) {
            Map.Entry<Double, Double> lo = corrections.floorEntry(rate), hi = corrections.ceilingEntry(rate);
            if (lo == null && hi == null) return 1;
            if (lo == null) return hi.getValue();
            if (hi == null) return lo.getValue();
            return rate / lo.getKey() <= hi.getKey() / rate ? lo.getValue() : hi.getValue();
        }

        private Compressed decode(Cut c) throws IOException {
            return decoded.get(c.generation() + "/" + c.layers(), () -> decodeNow(c));
        }

        private Compressed decodeNow(Cut c) throws IOException {
            byte[] code = c.stream().truncate(c.layers());
            Path in = dir.resolve("dec-in.j2k"), out = dir.resolve(image.model() == ColorModel.GREY ? "dec.pgm" : "dec.ppm");
            try {
                Files.write(in, code);
                Files.deleteIfExists(out);
                dec.run(dir.path(), List.of("-i", in.toString(), "-o", out.toString()));
                if (!Files.isRegularFile(out)) throw new IOException(DECODER + " exited successfully but wrote no " + out.getFileName());
                Image img = ExternalRateCodec.asOriginal(ImageFiles.read(Files.readAllBytes(out), name() + " decoded"), image, name());
                return new Compressed(img, code.length, c.payload(),
                        String.format(Locale.ROOT, "layers=%d/%d", c.layers(), c.stream().layers()));
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        }
    }

    private static double distance(Cut c, double target) { return Math.abs(c.payload() - target); }

    private static Cut closer(Cut a, Cut b, double target) {
        if (a == null) return b;
        return distance(b, target) < distance(a, target) ? b : a;
    }
}
