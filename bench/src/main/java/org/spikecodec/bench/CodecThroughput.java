package org.spikecodec.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.entropy.EntropyStats;
import org.spikecodec.engine.entropy.TiledCountCoder;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.FrontEnds;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Encode and decode throughput of spikecodec against libjpeg-turbo on the same pixels, in one run.
 *
 * <p>The photo: {@code flower.png} of the Debian package libjxl-testdata (2268x1512, BSD-3-Clause, the JPEG XL
 * Project Authors), resampled in this program by Java2D bicubic interpolation to 2520x1680 (4.23 MP, scale 10/9)
 * so that it is at least 4 megapixels; nothing large is committed. The resampled pixels are written once as a
 * binary PPM and read back through {@link ImageFiles}, so both codecs get identical 8-bit RGB samples; their
 * SHA-256 is printed.
 *
 * <p>Measured, all in this JVM process, one after another (no two at once):
 * <ul>
 *   <li>spikecodec: {@link SpikeCodec#encode(Image)} and {@link SpikeCodec#decode}, in memory (no file I/O), with the
 *       CDF 9/7 front end (5 levels), midpoint read-out, and the LIF threshold theta that the rate control
 *       ({@link SpikeCodec#encodeToBpp(Image, double)}) finds for the target rate (default 1 bpp) once; the timed
 *       encodes use that fixed theta. Both with the CLI's
 *       backend ({@code new CpuBackend()}: a fork-join pool of one thread per core for the LIF kernels and the
 *       wavelet) and with a one-thread backend. In both the colour channels, and the entropy coder's blocks, still run
 *       on the common fork-join pool: for the whole process on one core, run this under {@code taskset -c 0}.</li>
 *   <li>per-stage times, by calling the engine's public pieces in the order the encoder and decoder do (the
 *       results are checked equal to the real encode's counts and the real decode's image).</li>
 *   <li>libjpeg-turbo: {@code tjbench} (its own in-memory timing loop, one thread), 4:2:0 and 4:4:4, each at the
 *       quality whose {@code cjpeg} file is closest to the target rate; and {@code cjpeg}/{@code djpeg} as
 *       processes timed from outside, minus the same command on a 1x1 image (process start-up).</li>
 *   <li>a memory copy of the three float planes ({@code System.arraycopy}), as a ceiling.</li>
 * </ul>
 *
 * <p>Options: {@code --image PATH} (any image; resampled only if under 4 MP and it is the default photo),
 * {@code --bpp X} (1.0), {@code --reps N} (7), {@code --warmup N} (3; at least 15 for the first spikecodec
 * configuration), {@code --tjbench-seconds S} (3), {@code --rounds N} (5 interleaved rounds of tjbench 4:4:4 and both
 * configurations, which take turns at going first; 0: none), {@code --no-gc}
 * (do not call {@code System.gc()} before each timed run of the Java code; by default it is called, outside the
 * timed region, so that the garbage of one run, 50 MB planes among it, is not collected in the next).
 */
public final class CodecThroughput {
    static final Path DEFAULT_PHOTO = Path.of("/usr/share/libjxl-testdata/jxl/flower/flower.png");
    static final int TARGET_W = 2520, TARGET_H = 1680;

    private CodecThroughput() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path photo = DEFAULT_PHOTO;
        double bpp = 1.0, tjSeconds = 3;
        int reps = 7, warmup = 3, rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--image" -> photo = Path.of(args[++i]);
                case "--bpp" -> bpp = Double.parseDouble(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--tjbench-seconds" -> tjSeconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--no-gc" -> gcBetweenRuns = false;
                default -> { System.err.println("unknown option " + args[i]); System.exit(2); }
            }
        }
        Path work = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")), "spk-tp");
        try {
            new Run(photo, bpp, reps, warmup, tjSeconds, rounds, work).go();
        } finally {
            try (var s = Files.list(work)) { for (Path p : s.toList()) Files.deleteIfExists(p); }
            Files.deleteIfExists(work);
        }
    }

    /** Times in nanoseconds of repeated runs. */
    record Times(long[] ns) {
        double medianMs() { long[] s = ns.clone(); Arrays.sort(s); int n = s.length; return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0) / 1e6; }
        double minMs() { return Arrays.stream(ns).min().orElseThrow() / 1e6; }
    }

    interface Body { void run() throws Exception; }

    /** {@code System.gc()} before every timed run (not for process timings); {@code --no-gc} turns it off. */
    static boolean gcBetweenRuns = true;

    static Times time(int warmup, int reps, Body body) throws Exception {
        for (int i = 0; i < warmup; i++) body.run();
        long[] ns = new long[reps];
        for (int i = 0; i < reps; i++) {
            if (gcBetweenRuns) System.gc(); // outside the timed region: every run starts with an empty young generation
            long t0 = System.nanoTime();
            body.run();
            ns[i] = System.nanoTime() - t0;
        }
        return new Times(ns);
    }

    private static final class Run {
        final Path photo, work;
        final double bpp, tjSeconds;
        final int reps, warmup, rounds;
        final List<String[]> table = new ArrayList<>();
        double pixels;
        /** The photo's PPM and the 4:4:4 quality at the rate, for the interleaved rounds. */
        Path ppm;
        int quality444;
        /** The interleaved rounds' summary lines, printed with the ratios. */
        final List<String> interleaved = new ArrayList<>();

        Run(Path photo, double bpp, int reps, int warmup, double tjSeconds, int rounds, Path work) {
            this.photo = photo; this.bpp = bpp; this.reps = reps; this.warmup = warmup; this.tjSeconds = tjSeconds; this.rounds = rounds;
            this.work = work;
        }

        void go() throws Exception {
            System.out.printf(Locale.ROOT, "JVM: %s %s (%s), %d available processors; OS %s %s%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
            System.out.println("garbage collectors: " + String.join(", ",
                    java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream().map(java.lang.management.GarbageCollectorMXBean::getName).toList())
                    + "; common fork-join pool: " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + " workers");
            System.out.println("libjpeg-turbo: " + firstLine(List.of("cjpeg", "-version")));
            Path ppm = preparePhoto();
            Image image = ImageFiles.read(ppm);
            pixels = image.pixels();
            System.out.printf(Locale.ROOT, "image: %dx%d = %.3f MP, %s; reps %d after %d warm-up runs; System.gc() before each timed Java run: %s; max heap %d MB%n%n",
                    image.width(), image.height(), pixels / 1e6, image.model(), reps, warmup, gcBetweenRuns, Runtime.getRuntime().maxMemory() >> 20);

            System.out.println("load average at start: " + loadavg());
            // tjbench once before the Java measurements and once after: on a shared machine the spread shows contention.
            this.ppm = ppm;
            quality444 = quality(ppm, "444");
            double[] tj420 = tjbench(ppm, quality(ppm, "420"), "420"), tj444 = tjbench(ppm, quality444, "444");
            memcpy(image);
            try (CpuBackend probe = new CpuBackend(1)) {
                System.out.println("cpu backend LIF kernels: " + probe.lifImplementation()
                        + (probe.vectorized() ? "" : " (run-throughput.sh adds jdk.incubator.vector on Java 21+; VECTOR=0 leaves it out)"));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            SpikeResult sc = spikecodec(image, cores, "spikecodec (cpu backend " + threads(cores) + ")", true);
            SpikeResult sc1 = spikecodec(image, 1, "spikecodec (cpu backend " + threads(1) + ")", false);
            if (rounds > 0) interleave(image, List.of(sc, sc1));
            JpegResult j420 = libjpeg(ppm, image, "420", tj420);
            JpegResult j444 = libjpeg(ppm, image, "444", tj444);
            System.out.println("load average at end: " + loadavg());

            System.out.println();
            System.out.println("== Throughput (MP/s = megapixels per second, 1 MP = 10^6 pixels; median of the runs, best in brackets) ==");
            System.out.printf(Locale.ROOT, "%-44s %9s %18s %18s%n", "", "bpp", "encode MP/s", "decode MP/s");
            for (String[] row : table) System.out.printf(Locale.ROOT, "%-44s %9s %18s %18s%n", (Object[]) row);
            System.out.println();
            System.out.println("== Ratios spikecodec / libjpeg-turbo (median throughput) ==");
            for (SpikeResult s : List.of(sc, sc1))
                for (JpegResult j : List.of(j420, j444)) {
                    System.out.printf(Locale.ROOT, "%-36s vs tjbench %s (mean of 2): encode %.4f (1/%.0f), decode %.4f (1/%.0f)%n", s.label, j.subsamp,
                            s.encMps / j.tjEncMps, j.tjEncMps / s.encMps, s.decMps / j.tjDecMps, j.tjDecMps / s.decMps);
                    System.out.printf(Locale.ROOT, "%-36s vs cjpeg/djpeg %s:          encode %.4f (1/%.0f), decode %.4f (1/%.0f)%n", "", j.subsamp,
                            s.encMps / j.procEncMps, j.procEncMps / s.encMps, s.decMps / j.procDecMps, j.procDecMps / s.decMps);
                }
            for (String line : interleaved) System.out.println(line);
        }

        double mps(double ms) { return pixels / 1e6 / (ms / 1e3); }

        static String threads(int n) { return n + (n == 1 ? " thread" : " threads"); }

        String cell(Times t) { return String.format(Locale.ROOT, "%.2f [%.2f]", mps(t.medianMs()), mps(t.minMs())); }

        /** The photo as a binary PPM of at least 4 MP. */
        Path preparePhoto() throws Exception {
            BufferedImage src = ImageIO.read(photo.toFile());
            if (src == null) throw new IOException(photo + ": not readable by ImageIO");
            BufferedImage img = src;
            String how = "as is";
            if (photo.equals(DEFAULT_PHOTO) || (long) src.getWidth() * src.getHeight() < 4_000_000) {
                int w = TARGET_W, h = TARGET_H;
                if (!photo.equals(DEFAULT_PHOTO)) { // keep the aspect ratio, reach 4 MP
                    double f = Math.sqrt(4_000_000.0 / ((long) src.getWidth() * src.getHeight()));
                    w = (int) Math.ceil(src.getWidth() * f); h = (int) Math.ceil(src.getHeight() * f);
                }
                img = resampleBicubic(src, w, h);
                how = String.format(Locale.ROOT, "resampled from %dx%d by Java2D bicubic interpolation", src.getWidth(), src.getHeight());
            }
            int w = img.getWidth(), h = img.getHeight();
            byte[] rgb = rgbBytes(img);
            Path ppm = work.resolve("photo.ppm");
            writePpm(ppm, w, h, rgb);
            writePpm(work.resolve("one.ppm"), 1, 1, new byte[] {(byte) 128, (byte) 128, (byte) 128});
            System.out.printf(Locale.ROOT, "photo: %s, %s to %dx%d; RGB SHA-256 %s%n", photo, how, w, h, sha256(rgb));
            return ppm;
        }

        void memcpy(Image image) throws Exception {
            float[][] dst = new float[image.channels()][(int) image.pixels()];
            Times t = time(warmup * 3, reps * 5, () -> {
                for (int c = 0; c < image.channels(); c++) System.arraycopy(image.plane(c), 0, dst[c], 0, dst[c].length);
            });
            table.add(new String[] {"memory copy, 3 float planes (arraycopy)", "-", cell(t), "-"});
        }

        /** One configuration's throughput, and what the interleaved rounds need to time it again: its backend's threads, its settings, its file. */
        record SpikeResult(String label, double encMps, double decMps, int threads, CodecSettings settings, byte[] file) {}

        /** Warm-up runs of encode and decode for the first spikecodec configuration of the JVM. */
        static final int JIT_WARMUP = 15;
        boolean jitWarm;

        SpikeResult spikecodec(Image image, int threads, String label, boolean stages) throws Exception {
            CpuBackend backend = new CpuBackend(threads);
            try (SpikeCodec search = SpikeCodec.owning(backend, CodecSettings.defaults())) {
                long s0 = System.nanoTime();
                SpikeCodec.Encoding r = search.encodeToBpp(image, bpp);
                long s1 = System.nanoTime();
                LifParameters lif = r.lif();
                SpikeCodec codec = search.withSettings(search.settings().withLif(lif));
                SpikeCodec.Encoding e = codec.encode(image);
                byte[] file = e.file();
                SpikeCodec.Decoding d = codec.decode(file);
                double psnr = d.psnr(image);
                System.out.printf(Locale.ROOT, "%s: theta %.6g found by rate control in %d encodings (%.1f s, not timed below); "
                                + "file %d bytes = %.4f bpp; PSNR %.2f dB (decoded, rounded to 8 bits)%n",
                        label, lif.threshold(), r.encodings(), (s1 - s0) / 1e9, file.length, e.bpp(), psnr);
                // The JVM's first configuration compiles the codec during its warm-up: at least JIT_WARMUP runs for it
                // (with 3, the first configuration timed ran at about half the speed of the second on one core).
                int w = jitWarm ? warmup : Math.max(warmup, JIT_WARMUP);
                jitWarm = true;
                Times te = time(w, reps, () -> codec.encode(image));
                Times td = time(w, reps, () -> codec.decode(file));
                table.add(new String[] {label, String.format(Locale.ROOT, "%.4f", e.bpp()), cell(te), cell(td)});
                if (stages) stages(image, codec.settings(), backend, e.encoded(), d.decoded(), te, td);
                return new SpikeResult(label, mps(te.medianMs()), mps(td.medianMs()), threads, codec.settings(), file);
            }
        }

        /** Per-stage times, by running the encoder's and decoder's public pieces one stage at a time. */
        void stages(Image image, CodecSettings s, CpuBackend backend, SpikeEncoder.Encoded e, SpikeDecoder.Decoded d, Times te, Times td) throws Exception {
            TransformSpec spec = s.transform();
            FrontEnd fe = FrontEnds.create(spec, backend);
            int w = image.width(), h = image.height(), n = (int) image.pixels();
            List<BandShape> layout = fe.layout(w, h);
            LifQuantizer q = new LifQuantizer(s.lif());
            float[] gains = SpikeEncoder.channelGains(ColorModel.YCBCR, s.chromaGain());

            Image[] ycc = new Image[1];
            Times tColour = time(warmup, reps, () -> ycc[0] = ColorTransform.toYcbcr(image));
            float[][] centred = new float[3][];
            Times tMean = time(warmup, reps, () -> {
                for (int c = 0; c < 3; c++) {
                    float[] p = ycc[0].plane(c);
                    double sum = 0;
                    for (float v : p) sum += v;
                    float mean = (float) (sum / p.length);
                    float[] o = new float[n];
                    for (int i = 0; i < n; i++) o[i] = p[i] - mean;
                    centred[c] = o;
                }
            });
            List<List<float[]>> bands = new ArrayList<>();
            for (int c = 0; c < 3; c++) bands.add(null);
            Times tDwt = time(warmup, reps, () -> { for (int c = 0; c < 3; c++) bands.set(c, fe.forward(centred[c], w, h)); });
            List<List<int[]>> counts = new ArrayList<>();
            int[][] tableLengths = new int[3][layout.size()];
            Times tLif = time(warmup, reps, () -> {
                counts.clear();
                for (int c = 0; c < 3; c++) {
                    List<int[]> cc = new ArrayList<>();
                    for (int b = 0; b < layout.size(); b++) {
                        float[] coeff = bands.get(c).get(b);
                        float g = (float) (layout.get(b).gain() * gains[c]);
                        float max = 0;
                        for (float v : coeff) max = Math.max(max, Math.abs(v) * g);
                        float[] table = q.thresholdsCovering(max);
                        tableLengths[c][b] = table.length;
                        int[] out = new int[coeff.length];
                        backend.lifThreshold(coeff, 0, coeff.length, g, table, out, 0);
                        cc.add(out);
                    }
                    counts.add(cc);
                }
            });
            for (int c = 0; c < 3; c++)
                for (int b = 0; b < layout.size(); b++)
                    if (!Arrays.equals(counts.get(c).get(b), e.counts().get(c).get(b)))
                        throw new IllegalStateException("stage replica differs from the encoder: channel " + c + " band " + b);
            // As the encoder does: the three channels' streams coded concurrently.
            Times tEntropy = time(warmup, reps, () -> java.util.stream.IntStream.range(0, 3).parallel()
                    .forEach(c -> TiledCountCoder.encode(layout, counts.get(c))));
            // The statistics as a pass of their own over each band's counts (EntropyStats.Histogram); the encoder gathers
            // them inside the entropy coder, so this stage is an upper bound on what they cost there.
            Times tStats = time(warmup, reps, () -> {
                long active = 0, spikes = 0;
                double bits = 0;
                for (int c = 0; c < 3; c++) {
                    EntropyStats.Histogram hist = new EntropyStats.Histogram();
                    for (int b = 0; b < layout.size(); b++) hist.add(counts.get(c).get(b), tableLengths[c][b]);
                    bits += hist.firstOrderBits();
                    active += hist.active();
                    spikes += hist.spikes();
                }
                if (bits < 0 || active < 0 || spikes < 0) throw new IllegalStateException();
            });

            // Decoder.
            byte[] file = e.file();
            SpikeDecoder dec = new SpikeDecoder(backend);
            SpikeDecoder.Spikes[] sp = new SpikeDecoder.Spikes[1];
            Times tRead = time(warmup, reps, () -> sp[0] = dec.readSpikes(file));
            // Each band read out into its place in the plane, then the plane inverted in place with the mean added by the
            // inverse's last pass. The decoder reads every band out inside the entropy decoding (CountRowSink), row by
            // row; here the read-out runs apart, through the backend, to be timed on its own (the same floats).
            int[] offsets = fe.bandOffsets(w, h);
            float[][] rplanes = new float[3][];
            var hdr = sp[0].header();
            Times tReadout = time(warmup, reps, () -> {
                for (int c = 0; c < 3; c++) {
                    float[] plane = rplanes[c] = new float[w * h];
                    for (int b = 0; b < layout.size(); b++) {
                        int[] cn = sp[0].counts().get(c).get(b);
                        int max = 0;
                        for (int v : cn) max = Math.max(max, Math.abs(v));
                        // Midpoint read-out; the saturated top cell would use side info that is package-private.
                        float[] table = q.thresholds(max + 1);
                        float[] levels = LifQuantizer.levels(table, max, hdr.reconstruction(), Double.NaN, Double.NaN);
                        BandShape shape = layout.get(b);
                        backend.lifReadoutRows(cn, 0, shape.width(), shape.height(), levels, (float) (shape.gain() * hdr.channelGain(c)),
                                plane, offsets[b], w);
                    }
                }
            });
            float[][] planes = new float[3][];
            // The copy stands for the plane the decoder allocates (and FrontEnd.inverse's copy of the bands before).
            Times tIdwt = time(warmup, reps, () -> {
                for (int c = 0; c < 3; c++) planes[c] = fe.inversePlaced(rplanes[c].clone(), w, h, hdr.channelMean(c));
            });
            Image yccOut = new Image(w, h, ColorModel.YCBCR, planes);
            Image[] rgbOut = new Image[1];
            Times tRgb = time(warmup, reps, () -> rgbOut[0] = ColorTransform.toRgb(yccOut));
            String replica = rgbOut[0].equals(d.image()) ? "identical to SpikeDecoder.decode's image"
                    : "NOT identical to SpikeDecoder.decode's image (saturated cells read out without side info); times still valid";

            System.out.printf(Locale.ROOT, "%n== Where the time goes (%s; median ms of %d runs each, stage run alone) ==%n", backend.name() + ", " + Runtime.getRuntime().availableProcessors() + " LIF threads", reps);
            double encSum = tColour.medianMs() + tMean.medianMs() + tDwt.medianMs() + tLif.medianMs() + tEntropy.medianMs() + tStats.medianMs();
            System.out.printf(Locale.ROOT, "encode total (SpikeEncoder.encode)               %8.1f ms%n", te.medianMs());
            row("  RGB -> YCbCr (ColorTransform.toYcbcr)", tColour, te);
            row("  mean removal (3 planes)", tMean, te);
            row("  CDF 9/7 forward, 5 levels (FrontEnd.forward)", tDwt, te);
            row("  LIF thresholding (table + lifThreshold)", tLif, te);
            row("  entropy coding (TiledCountCoder.encode, channels and blocks in parallel)", tEntropy, te);
            row("  statistics (EntropyStats, active, spikes)", tStats, te);
            System.out.printf(Locale.ROOT, "  rest: side info, container, CRC-32, GC         %8.1f ms  (%4.1f%%)  [total - stages]%n",
                    te.medianMs() - encSum, 100 * (te.medianMs() - encSum) / te.medianMs());
            double decSum = tRead.medianMs() + tReadout.medianMs() + tIdwt.medianMs() + tRgb.medianMs();
            System.out.printf(Locale.ROOT, "decode total (SpikeDecoder.decode)               %8.1f ms%n", td.medianMs());
            row("  parse, CRC, entropy decoding (readSpikes)", tRead, td);
            row("  LIF read-out (levels + lifReadoutRows into the plane)", tReadout, td);
            row("  CDF 9/7 inverse + mean (FrontEnd.inversePlaced)", tIdwt, td);
            row("  YCbCr -> RGB (ColorTransform.toRgb)", tRgb, td);
            System.out.printf(Locale.ROOT, "  rest: GC, JIT differences                      %8.1f ms  (%4.1f%%)  [total - stages]%n",
                    td.medianMs() - decSum, 100 * (td.medianMs() - decSum) / td.medianMs());
            System.out.println("  stage replica: counts identical to SpikeEncoder.encode's; decoded image " + replica);
            System.out.println();
        }

        void row(String name, Times t, Times total) {
            System.out.printf(Locale.ROOT, "%-48s %8.1f ms  (%4.1f%%)%n", name, t.medianMs(), 100 * t.medianMs() / total.medianMs());
        }

        record JpegResult(String subsamp, int quality, double tjEncMps, double tjDecMps, double procEncMps, double procDecMps) {}

        static IntFunction<List<String>> cjpegCommand(Path ppm, Path jpg, String subsamp) {
            String sample = subsamp.equals("444") ? "1x1" : "2x2";
            return qual -> List.of("cjpeg", "-quality", String.valueOf(qual), "-sample", sample, "-outfile", jpg.toString(), ppm.toString());
        }

        /** The cjpeg quality whose file is closest to the target rate (size grows with quality). */
        int quality(Path ppm, String subsamp) throws Exception {
            Path jpg = work.resolve("q.jpg");
            IntFunction<List<String>> cjpeg = cjpegCommand(ppm, jpg, subsamp);
            // The quality whose file is closest to the target rate (size grows with quality).
            int lo = 1, hi = 100;
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                run(cjpeg.apply(mid));
                if (Files.size(jpg) * 8.0 / pixels <= bpp) lo = mid; else hi = mid - 1;
            }
            run(cjpeg.apply(lo));
            double bLo = Files.size(jpg) * 8.0 / pixels;
            boolean up = false;
            if (lo < 100) {
                run(cjpeg.apply(lo + 1));
                up = Math.abs(Files.size(jpg) * 8.0 / pixels - bpp) < Math.abs(bLo - bpp);
            }
            return up ? lo + 1 : lo;
        }

        /**
         * The ratios to {@code tjbench} 4:4:4 measured in {@code rounds} alternating rounds: a short {@code tjbench} run (1 s),
         * then 3 encodes and 3 decodes of every configuration, the configurations taking turns at going first (so that
         * none is always timed right after {@code tjbench}, or always later in the JVM's life), the ratios taken within
         * each round. On a shared machine the load changes over the seconds between the main measurements above; within
         * a round both sides see about the same load. (Over three runs on 2 shared cores the rounds' median was no
         * steadier than the main ratio yet: docs/performance.md.)
         */
        void interleave(Image image, List<SpikeResult> configurations) throws Exception {
            int n = configurations.size();
            double[][] enc = new double[n][rounds], dec = new double[n][rounds];
            List<SpikeCodec> codecs = new ArrayList<>();
            try {
                for (SpikeResult r : configurations) codecs.add(SpikeCodec.owning(new CpuBackend(r.threads()), r.settings()));
                System.out.printf(Locale.ROOT, "interleaved rounds against tjbench 4:4:4 q%d (1 s each), the configurations in turn first:%n", quality444);
                for (int i = 0; i < rounds; i++) {
                    double[] tj = parseTjbench(run(tjbenchCommand(ppm, quality444, "444", 1)));
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d: tjbench %.1f / %.1f MP/s", i + 1, tj[0], tj[2]));
                    for (int k = 0; k < n; k++) {
                        int c = (i + k) % n;
                        SpikeCodec codec = codecs.get(c);
                        byte[] file = configurations.get(c).file();
                        double e = mps(time(0, 3, () -> codec.encode(image)).medianMs()), d = mps(time(0, 3, () -> codec.decode(file)).medianMs());
                        enc[c][i] = e / tj[0];
                        dec[c][i] = d / tj[2];
                        line.append(String.format(Locale.ROOT, "; %s %.2f / %.2f MP/s, ratios %.4f / %.4f", threads(configurations.get(c).threads()), e, d, enc[c][i], dec[c][i]));
                    }
                    System.out.println(line);
                }
            } finally {
                for (SpikeCodec c : codecs) c.close();
            }
            for (int c = 0; c < n; c++) {
                double[] e = enc[c], d = dec[c];
                Arrays.sort(e); // each round's ratios are printed above
                Arrays.sort(d);
                interleaved.add(String.format(Locale.ROOT, "%-36s vs tjbench 444, %d interleaved rounds: encode %.4f (1/%.0f) [%.4f-%.4f], decode %.4f (1/%.0f) [%.4f-%.4f]",
                        configurations.get(c).label(), rounds, median(e), 1 / median(e), e[0], e[rounds - 1], median(d), 1 / median(d), d[0], d[rounds - 1]));
            }
        }

        static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        static List<String> tjbenchCommand(Path ppm, int qual, String subsamp, double seconds) {
            return List.of("tjbench", ppm.toString(), String.valueOf(qual), "-subsamp", subsamp, "-quiet", "-nowrite",
                    "-benchtime", String.valueOf(seconds), "-warmup", "1");
        }

        /** tjbench's compression MP/s, compression ratio, decompression MP/s, with a row in the table. */
        double[] tjbench(Path ppm, int qual, String subsamp) throws Exception {
            List<String> tj = tjbenchCommand(ppm, qual, subsamp, tjSeconds);
            String tjOut = run(tj);
            double[] perf = parseTjbench(tjOut);
            table.add(new String[] {"libjpeg-turbo tjbench " + subsamp + " q" + qual + " (in memory)", String.format(Locale.ROOT, "%.4f", 24 / perf[1]),
                    String.format(Locale.ROOT, "%.1f", perf[0]), String.format(Locale.ROOT, "%.1f", perf[2])});
            System.out.println("  tjbench: " + String.join(" ", tj) + "\n    " + tjOut.strip().lines().reduce((a, b) -> b).orElse(""));
            return perf;
        }

        JpegResult libjpeg(Path ppm, Image image, String subsamp, double[] before) throws Exception {
            String sample = subsamp.equals("444") ? "1x1" : "2x2";
            Path jpg = work.resolve("q.jpg"), out = work.resolve("d.ppm");
            IntFunction<List<String>> cjpeg = cjpegCommand(ppm, jpg, subsamp);
            final int qual = quality(ppm, subsamp);
            run(cjpeg.apply(qual));
            double jbpp = Files.size(jpg) * 8.0 / pixels;
            run(List.of("djpeg", "-outfile", out.toString(), jpg.toString()));
            double psnr = Psnr.of(image, ImageFiles.read(out));
            System.out.printf(Locale.ROOT, "libjpeg-turbo %s: quality %d gives %.4f bpp; PSNR %.2f dB%n", subsamp, qual, jbpp, psnr);

            // tjbench: its own timing loop, in memory, one thread; the second time (the first ran before spikecodec).
            double[] perf = tjbench(ppm, qual, subsamp);

            // cjpeg/djpeg as processes, minus the same on a 1x1 image.
            Path oneJpg = work.resolve("one.jpg");
            run(List.of("cjpeg", "-quality", String.valueOf(qual), "-sample", sample, "-outfile", oneJpg.toString(), work.resolve("one.ppm").toString()));
            boolean gc = gcBetweenRuns;
            gcBetweenRuns = false;
            Times cBase = time(warmup, reps * 3, () -> run(List.of("cjpeg", "-quality", String.valueOf(qual), "-sample", sample, "-outfile", oneJpg.toString(), work.resolve("one.ppm").toString())));
            Times cBig = time(warmup, reps * 3, () -> run(cjpeg.apply(qual)));
            Path oneOut = work.resolve("one-d.ppm");
            Times dBase = time(warmup, reps * 3, () -> run(List.of("djpeg", "-outfile", oneOut.toString(), oneJpg.toString())));
            Times dBig = time(warmup, reps * 3, () -> run(List.of("djpeg", "-outfile", out.toString(), jpg.toString())));
            gcBetweenRuns = gc;
            double encMs = cBig.medianMs() - cBase.medianMs(), decMs = dBig.medianMs() - dBase.medianMs();
            System.out.printf(Locale.ROOT, "  cjpeg process %.1f ms (1x1: %.1f ms), djpeg process %.1f ms (1x1: %.1f ms); PPM files on %s%n",
                    cBig.medianMs(), cBase.medianMs(), dBig.medianMs(), dBase.medianMs(), work.getParent());
            table.add(new String[] {"libjpeg-turbo cjpeg/djpeg " + subsamp + " q" + qual + " (process - 1x1)", String.format(Locale.ROOT, "%.4f", jbpp),
                    String.format(Locale.ROOT, "%.1f", mps(encMs)), String.format(Locale.ROOT, "%.1f", mps(decMs))});
            // The ratio uses the mean of the two tjbench runs, before and after the Java measurements.
            return new JpegResult(subsamp, qual, (before[0] + perf[0]) / 2, (before[2] + perf[2]) / 2, mps(encMs), mps(decMs));
        }

        /** Compression Mpixels/s, compression ratio, decompression Mpixels/s from the last row of {@code tjbench -quiet}. */
        static double[] parseTjbench(String out) {
            String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
            String[] f = last.trim().split("\\s+");
            int n = f.length;
            try {
                return new double[] {Double.parseDouble(f[n - 3]), Double.parseDouble(f[n - 2]), Double.parseDouble(f[n - 1])};
            } catch (NumberFormatException e) {
                throw new IllegalStateException("cannot parse tjbench output:\n" + out, e);
            }
        }
    }

    /** {@code src} resampled to {@code w x h} by Java2D bicubic interpolation (render quality), as 8-bit BGR. */
    public static BufferedImage resampleBicubic(BufferedImage src, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return img;
    }

    /** Packed 8-bit RGB samples, row-major, of an image. */
    public static byte[] rgbBytes(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x], o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16); rgb[o + 1] = (byte) (p >> 8); rgb[o + 2] = (byte) p;
            }
        }
        return rgb;
    }

    public static String loadavg() {
        try { return Files.readString(Path.of("/proc/loadavg")).strip(); } catch (IOException e) { return "?"; }
    }

    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) { p.destroyForcibly(); throw new IOException("timed out: " + cmd); }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + s);
        return s;
    }

    public static String firstLine(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return s.strip().lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return "not found (" + e.getMessage() + ")";
        }
    }

    public static void writePpm(Path file, int w, int h, byte[] rgb) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file))) {
            o.write(("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII));
            o.write(rgb);
        }
    }

    public static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
