package org.spikecodec.bench.harness;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.spikecodec.bench.CodecThroughput;
import org.spikecodec.bench.LifJob;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.cpu.VectorSupport;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClDevice;

/**
 * The measurements of {@code spikecodec bench}: for every image size and backend, the LIF thresholding kernel
 * (OpenCL: profiling-event kernel time, host/device transfers apart), a memory copy of the same bytes on the same
 * backend, end-to-end encode and decode, libjpeg-turbo's {@code cjpeg}/{@code djpeg} on the same image, and
 * optionally an ONNX classifier's throughput; then the LIF job ({@link LifJob}, the time-stepped integration of a
 * 768x512 RGB photo) on every backend. Every backend's output is compared with the cpu reference before its
 * time is kept; a mismatch becomes a row with {@code valid == false} and no time.
 *
 * <p>Each figure: one first (cold) iteration, reported apart, then {@code warmup} untimed runs, then {@code repeat}
 * timed ones. Nothing runs concurrently.
 */
public final class BenchHarness {

    /** Opens a backend from its specification (the CLI's {@link BackendSelector}; tests inject doubles). */
    @FunctionalInterface
    public interface BackendOpener { ComputeBackend open(String spec); }

    private interface Body { long[] run() throws Exception; }

    private final BenchConfig cfg;
    private final BackendOpener opener;
    private final PrintStream progress;
    private final String jvm;
    private final List<String> jvmFlags;
    private final Map<String, Stats> copyCache = new HashMap<>();
    private final List<BenchResult.Row> rows = new ArrayList<>();
    private final List<BenchResult.LifJobRow> lifRows = new ArrayList<>();

    public BenchHarness(BenchConfig cfg, BackendOpener opener, PrintStream progress) {
        this.cfg = cfg;
        this.opener = opener;
        this.progress = progress;
        this.jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.vendor") + ")";
        this.jvmFlags = List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    public BenchHarness(BenchConfig cfg, PrintStream progress) {
        this(cfg, new BackendSelector()::open, progress);
    }

    /** Backend specifications to run: the configured ones, or cpu and every exact-capable OpenCL device. */
    public static List<String> backendSpecs(BenchConfig cfg) {
        if (!cfg.backends().isEmpty()) return cfg.backends();
        List<String> specs = new ArrayList<>(List.of("cpu"));
        for (OpenClDevice d : new BackendSelector().devices()) if (d.exactCapable()) specs.add(d.spec());
        return specs;
    }

    private record Opened(String spec, ComputeBackend backend, BenchResult.BackendInfo info) {}

    public BenchResult run() throws Exception {
        Map<String, Object> env = environment();
        List<Opened> opened = new ArrayList<>();
        Path work = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")), "spk-bench");
        OnnxClassifier classifier = null;
        try {
            for (String spec : backendSpecs(cfg)) {
                long t0 = System.nanoTime();
                ComputeBackend b = opener.open(spec); // an explicit backend that cannot open throws (BackendUnavailableException)
                double openMs = (System.nanoTime() - t0) / 1e6;
                opened.add(new Opened(spec, b, describe(spec, b, openMs)));
                progress.printf(Locale.ROOT, "backend %s: %s (opened in %.1f ms)%n", spec, b.name(), openMs);
            }
            if (cfg.model() != null) {
                classifier = OnnxClassifier.open(cfg.model(), cfg.preset(), null, OnnxClassifier.Device.parse(cfg.device()));
                env.put("classifier", Map.of("model", cfg.model().toString(), "provider", classifier.provider(), "preprocessing", classifier.preprocessing().toString()));
            }
            boolean jpeg = cfg.cjpeg() && !CodecThroughput.firstLine(List.of("cjpeg", "-version")).startsWith("not found");
            env.put("libjpegTurbo", jpeg ? CodecThroughput.firstLine(List.of("cjpeg", "-version")) : "not measured");
            BufferedImage photo = loadPhoto(env);
            CodecThroughput.writePpm(work.resolve("one.ppm"), 1, 1, new byte[] {(byte) 128, (byte) 128, (byte) 128});
            for (int size : cfg.sizes()) {
                progress.printf(Locale.ROOT, "== %dx%d ==%n", size, size);
                Path ppm = work.resolve("photo-" + size + ".ppm");
                CodecThroughput.writePpm(ppm, size, size, CodecThroughput.rgbBytes(CodecThroughput.resampleBicubic(photo, size, size)));
                Image image = ImageFiles.read(ppm);
                measureSize(size, image, ppm, opened, jpeg, classifier, work);
                Files.deleteIfExists(ppm);
            }
            if (!cfg.lifJobSteps().isEmpty()) measureLifJob(opened, env);
            env.put("loadAverageEnd", CodecThroughput.loadavg());
            return new BenchResult(env, cfg, opened.stream().map(Opened::info).toList(), List.copyOf(rows), List.copyOf(lifRows));
        } finally {
            for (Opened o : opened) o.backend().close();
            if (classifier != null) classifier.close();
            try (var s = Files.list(work)) { for (Path p : s.toList()) Files.deleteIfExists(p); }
            Files.deleteIfExists(work);
        }
    }

    private BufferedImage loadPhoto(Map<String, Object> env) throws IOException {
        if (cfg.image() != null && Files.isReadable(cfg.image())) {
            BufferedImage src = ImageIO.read(cfg.image().toFile());
            if (src == null) throw new IOException(cfg.image() + ": not readable by ImageIO");
            env.put("image", cfg.image() + " (" + src.getWidth() + "x" + src.getHeight() + "), resampled to each size by Java2D bicubic interpolation");
            return src;
        }
        // No photo here (the jar run elsewhere): a deterministic synthetic picture, said so in the results.
        int n = 512;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(5);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                double v = 128 + 60 * Math.sin(x / 17.0) * Math.cos(y / 23.0) + 30 * ((x / 64 + y / 64) % 2) + r.nextGaussian() * 8;
                int g = (int) Math.max(0, Math.min(255, v));
                img.setRGB(x, y, (g << 16) | ((255 - g) << 8) | ((x * 255 / n + g) / 2));
            }
        env.put("image", "synthetic 512x512 (" + cfg.image() + " not found), resampled to each size by Java2D bicubic interpolation");
        return img;
    }

    /** Levels of the timed wavelet, the codec's default for large images. */
    private static final int DWT_LEVELS = 5;

    private void measureSize(int size, Image image, Path ppm, List<Opened> opened, boolean jpeg, OnnxClassifier classifier, Path work) throws Exception {
        int n = size * size;
        // Kernel inputs: Laplacian floats, and the real decision table of the LIF quantizer covering them.
        SplittableRandom rnd = new SplittableRandom(size);
        float[] plane = new float[n];
        float max = 0;
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            float v = (float) (-20.0 * Math.log1p(-u) * (rnd.nextBoolean() ? 1 : -1));
            plane[i] = v;
            max = Math.max(max, Math.abs(v));
        }
        float gain = 1f;
        float[] table = new LifQuantizer(LifParameters.defaults().withThreshold(cfg.threshold())).thresholdsCovering(max * gain);
        CodecSettings settings = CodecSettings.defaults().withLif(LifParameters.defaults().withThreshold(cfg.threshold()));

        // The cpu reference, not timed.
        int[] refCounts = new int[n];
        float[] refDwt = plane.clone();
        byte[] refFile;
        Image refDecoded;
        try (CpuBackend ref = new CpuBackend()) {
            ref.lifThreshold(plane, 0, n, gain, table, refCounts, 0);
            ref.dwtForward(refDwt, size, size, DWT_LEVELS);
            SpikeCodec refCodec = SpikeCodec.sharing(ref, settings);
            refFile = refCodec.encode(image).file();
            refDecoded = refCodec.decode(refFile).image();
        }
        Stats jpegEnc = null, jpegDec = null;
        if (jpeg) {
            Path jpg = work.resolve("photo.jpg"), oneJpg = work.resolve("one.jpg"), out = work.resolve("out.ppm"), oneOut = work.resolve("one-out.ppm");
            List<String> cBig = List.of("cjpeg", "-outfile", jpg.toString(), ppm.toString());
            List<String> cOne = List.of("cjpeg", "-outfile", oneJpg.toString(), work.resolve("one.ppm").toString());
            List<String> dBig = List.of("djpeg", "-outfile", out.toString(), jpg.toString());
            List<String> dOne = List.of("djpeg", "-outfile", oneOut.toString(), oneJpg.toString());
            jpegEnc = processMinusOne(cBig, cOne);
            jpegDec = processMinusOne(dBig, dOne);
            long jb = Files.size(jpg);
            String unresolved = "; not resolved: the difference is within the process start-up noise (no ratio against it)";
            add(size, "libjpeg-turbo", "cjpeg (default quality 75, 4:2:0)", "process", "cjpeg", 3L * n, jpegEnc, null, null, true,
                    String.format(Locale.ROOT, "%.3f bpp; process time minus a 1x1 run", jb * 8.0 / n) + (jpegEnc == null ? unresolved : ""));
            add(size, "libjpeg-turbo", "djpeg", "process", "djpeg", 3L * n, jpegDec, null, null, true,
                    "process time minus a 1x1 run" + (jpegDec == null ? unresolved : ""));
        }

        for (Opened o : opened) {
            ComputeBackend b = o.backend();
            String bn = o.info().spec();
            progress.printf(Locale.ROOT, "  %s: kernel, wavelet%n", bn);
            // Kernel: the first call's counts are validated before any time is kept.
            int[] counts = new int[n];
            ProfiledBackend prof = b instanceof ProfiledBackend p ? p : null; // device times by profiling events
            long[] firstOut = timeKernel(b, prof, plane, gain, table, counts);
            compileRow(size, o, "kernel", firstOut);
            String mismatch = compare(counts, refCounts);
            long kBytes = 4L * n;
            Stats copy = copyStats(o, kBytes);
            add(size, bn, o.info().device(), o.info().driver(), "copy", kBytes, copy, copy, null, true,
                    prof != null ? copyNote(b) : "System.arraycopy, wall time");
            if (mismatch != null) {
                add(size, bn, o.info().device(), o.info().driver(), "kernel", kBytes, null, null, null, false, "MISMATCH vs cpu: " + mismatch);
            } else {
                Stats[] st = sample(firstOut, () -> timeKernel(b, prof, plane, gain, table, counts), false);
                String what = prof != null ? "lifThreshold" + (b instanceof OpenClBackend c ? " (" + c.variants() + ")" : "")
                        + ", kernel time from profiling events" : "lifThreshold, wall time";
                add(size, bn, o.info().device(), o.info().driver(), "kernel", kBytes, st[0], copy, null, true, what + "; counts equal to cpu's");
                if (prof != null) {
                    Stats tcopy = copyStats(o, 2 * kBytes);
                    add(size, bn, o.info().device(), o.info().driver(), "transfer", 2 * kBytes, st[1], tcopy, null, true,
                            "host->device input and device->host counts of that call, profiling events; counts equal to cpu's");
                }
            }

            // The wavelet (the encoder's heaviest data-parallel stage): the same plane, 5 levels, validated bit for bit.
            float[] coeff = new float[n];
            Runnable refill = () -> System.arraycopy(plane, 0, coeff, 0, n), dwt = () -> b.dwtForward(coeff, size, size, DWT_LEVELS);
            long[] dwtFirst = timeStage(prof, refill, dwt);
            compileRow(size, o, "dwt", dwtFirst);
            // An OpenCL backend hands the wavelet to the cpu when its program did not build or the plane exceeds the
            // device's largest allocation: then there are no device times, only the wall time.
            boolean dwtOnDevice = prof != null && prof.lastTiming().elements() > 0;
            String dwtMismatch = compareBits(coeff, refDwt);
            if (dwtMismatch != null) {
                add(size, bn, o.info().device(), o.info().driver(), "dwt", kBytes, null, null, null, false, "MISMATCH vs cpu: " + dwtMismatch);
            } else {
                Stats[] st = sample(dwtFirst, () -> timeStage(prof, refill, dwt), false);
                String how = dwtOnDevice ? "kernel time from profiling events" : prof != null ? "wall time: ran on the cpu backend (OpenCL fallback)" : "wall time";
                add(size, bn, o.info().device(), o.info().driver(), "dwt", kBytes, dwtOnDevice || prof == null ? st[0] : st[2], copy, null, true,
                        "dwtForward, " + DWT_LEVELS + " levels, " + how + "; coefficients bit-identical to cpu's");
                if (dwtOnDevice) {
                    add(size, bn, o.info().device(), o.info().driver(), "dwt-transfer", 2 * kBytes, st[1], copyStats(o, 2 * kBytes), null, true,
                            "host->device plane and device->host coefficients of that call, profiling events");
                }
            }

            progress.printf(Locale.ROOT, "  %s: encode, decode%n", bn);
            long iBytes = 12L * n;
            Stats icopy = copyStats(o, iBytes);
            SpikeCodec codec = SpikeCodec.sharing(b, settings); // the harness closes b with the others
            byte[][] file = new byte[1][];
            long[] encFirst = wall(() -> file[0] = codec.encode(image).file()); // its first time includes the compilation of the stages not met yet
            String encMismatch = compareBytes(file[0], refFile);
            if (encMismatch != null) {
                add(size, bn, o.info().device(), o.info().driver(), "encode", iBytes, null, null, null, false, "MISMATCH vs cpu .spk: " + encMismatch);
            } else {
                Stats st = sample(encFirst, () -> wall(() -> codec.encode(image)), cfg.gc())[0];
                add(size, bn, o.info().device(), o.info().driver(), "encode", iBytes, st, icopy, jpegEnc, true,
                        String.format(Locale.ROOT, ".spk (%d bytes, %.3f bpp) identical to cpu's", refFile.length, refFile.length * 8.0 / n));
            }
            Image[] decoded = new Image[1];
            long[] decFirst = wall(() -> decoded[0] = codec.decode(refFile).image());
            String decMismatch = decoded[0].equals(refDecoded) ? null : compareImages(decoded[0], refDecoded);
            if (decMismatch != null) {
                add(size, bn, o.info().device(), o.info().driver(), "decode", iBytes, null, null, null, false, "MISMATCH vs cpu decode: " + decMismatch);
            } else {
                Stats st = sample(decFirst, () -> wall(() -> codec.decode(refFile)), cfg.gc())[0];
                add(size, bn, o.info().device(), o.info().driver(), "decode", iBytes, st, icopy, jpegDec, true, "decoded planes identical to cpu's");
            }
        }

        if (classifier != null) {
            progress.printf(Locale.ROOT, "  classify%n");
            List<Image> one = List.of(image);
            long[] first = wall(() -> classifier.classify(one));
            Stats st = sample(first, () -> wall(() -> classifier.classify(one)), false)[0];
            Stats hostCopy = copyStats(null, 12L * n);
            add(size, "onnx:" + classifier.provider(), cfg.model().getFileName().toString(), "ONNX Runtime", "classify", 12L * n, st, hostCopy, jpegEnc, true,
                    "one image per call, preprocessing (resize, normalise) included; " + classifier.preprocessing());
        }
    }

    // ---- the LIF job ----------------------------------------------------------------------------------

    /**
     * The LIF job ({@link LifJob}) with each configured T on every backend: the cpu backend twice, on the scalar
     * code and on the Vector API (when the JVM has the module), both on every processor; an OpenCL backend with its
     * kernel, transfer and end-to-end times. Every first call's counts are checked against the closed form's discrete
     * formula and against the cpu scalar counts before any time is kept; beside them, the closed-form thresholding
     * of the same neurons and a copy of the input's bytes on the same backend.
     */
    private void measureLifJob(List<Opened> opened, Map<String, Object> env) throws Exception {
        LifJob.Input input = LifJob.input(LifJob.PHOTO);
        float[] in = input.neurons();
        int n = in.length;
        env.put("lifJob", input.source() + "; " + LifJob.LIFQ + "; counts checked against the closed form's discrete formula");
        int threads = Runtime.getRuntime().availableProcessors();
        float[] table = new LifQuantizer(LifJob.LIFQ).thresholdsCovering(1f);
        int[] counts = new int[n];
        for (int steps : cfg.lifJobSteps()) {
            LifIntegration p = LifJob.integration(steps);
            int[] ref = new int[n];
            try (CpuBackend scalar = new CpuBackend(threads, false)) { scalar.lifIntegrate(in, n, p, ref, null); }
            LifJob.Check formula = LifJob.check(in, ref, p);
            for (Opened o : opened) {
                List<ComputeBackend> variants = new ArrayList<>();
                if (o.backend() instanceof CpuBackend) {
                    variants.add(new CpuBackend(threads, false));
                    if (VectorSupport.available()) variants.add(new CpuBackend(threads, true));
                } else {
                    variants.add(o.backend());
                }
                for (ComputeBackend b : variants) {
                    try {
                        lifJobOn(o, b, in, p, ref, formula, table, counts);
                    } finally {
                        if (b != o.backend()) b.close();
                    }
                }
            }
        }
    }

    private void lifJobOn(Opened o, ComputeBackend b, float[] in, LifIntegration p, int[] ref, LifJob.Check formula, float[] table, int[] counts)
            throws Exception {
        int n = in.length, steps = p.steps();
        String impl = b instanceof CpuBackend c ? c.integrationImplementation() : o.info().device();
        progress.printf(Locale.ROOT, "  LIF job T=%d: %s %s%n", steps, o.spec(), impl);
        ProfiledBackend prof = b instanceof ProfiledBackend pb ? pb : null;
        Runnable call = () -> b.lifIntegrate(in, n, p, counts, null);
        long[] first = timeStage(prof, () -> java.util.Arrays.fill(counts, -1), call);
        if (first.length >= 4 && first[3] > 0)
            lifRow(o, impl, "integrate-compile", steps, 0, Stats.of(first[3], new long[] {first[3]}), null, true,
                    "compilation of the first call (profiler; included in its first time), not repeated");
        Stats copy = copyStats(o, 4L * n);
        lifRow(o, impl, "copy", steps, 0, copy, copy, true, prof != null ? copyNote(b) : "System.arraycopy, wall time");
        String mismatch = compare(counts, ref);
        if (mismatch == null && !formula.ok()) mismatch = "cpu scalar counts against the closed form: " + formula;
        if (mismatch != null) {
            lifRow(o, impl, "integrate", steps, 0, null, null, false, "MISMATCH: " + mismatch);
            return;
        }
        boolean onDevice = prof != null && prof.lastTiming().elements() > 0;
        warmUp(call);
        Stats[] st = sample(first, () -> timeStage(prof, () -> { }, call), false);
        long neuronSteps = (long) n * steps;
        String checked = "counts equal to the cpu scalar code's; " + formula;
        if (prof == null || !onDevice) {
            lifRow(o, impl, "integrate", steps, neuronSteps, prof == null ? st[0] : st[2], copy, true,
                    (prof == null ? "wall time" : "wall time: ran on the cpu backend (OpenCL fallback)") + "; " + checked);
        } else {
            lifRow(o, impl, "integrate", steps, neuronSteps, st[0], copy, true, "kernel time from profiling events; " + checked);
            lifRow(o, impl, "transfer", steps, 0, st[1], copyStats(o, 8L * n), true, "host->device input, device->host counts, profiling events");
            lifRow(o, impl, "end-to-end", steps, neuronSteps, st[2], copy, true, "wall time of the call (transfers, launch, kernel)");
        }
        Runnable closed = () -> b.lifThreshold(in, 0, n, 1f, table, counts, 0);
        warmUp(closed);
        Stats cf = sample(timeStage(prof, () -> { }, closed), () -> timeStage(prof, () -> { }, closed), false)[prof == null ? 0 : 2];
        lifRow(o, impl, "closed form", steps, 0, cf, copy, true, "lifThreshold of the same neurons, LIF quantizer's table (" + table.length
                + " entries), wall time" + (prof != null ? ", transfers included" : ""));
    }

    /**
     * Runs {@code call} for at least {@value #LIF_JOB_WARMUP_MS} ms (at most 500 calls) before the configured warm-up: the
     * Vector API code runs boxed, hundreds of times slower, until C2 has compiled it, which a few calls do not reach.
     */
    private static void warmUp(Runnable call) {
        long until = System.nanoTime() + LIF_JOB_WARMUP_MS * 1_000_000L;
        for (int i = 0; i < 500 && System.nanoTime() < until; i++) call.run();
    }

    private static final long LIF_JOB_WARMUP_MS = 3000;

    private void lifRow(Opened o, String impl, String metric, int steps, long neuronSteps, Stats st, Stats copy, boolean valid, String check) {
        boolean timed = st != null && st.medianMs() > 0;
        Double perSecond = timed && neuronSteps > 0 ? neuronSteps / (st.medianMs() / 1e3) : null;
        Double vsCopy = !timed || copy == null || "copy".equals(metric) || copy.medianMs() <= 0 ? null : st.medianMs() / copy.medianMs();
        long neurons = (long) LifJob.WIDTH * LifJob.HEIGHT * 3;
        lifRows.add(new BenchResult.LifJobRow(o.spec(), impl, metric, steps, neurons, neuronSteps, st, perSecond, vsCopy, valid, check));
        if (!valid) progress.printf(Locale.ROOT, "  LIF job %s %s T=%d: %s%n", o.spec(), metric, steps, check);
    }

    /** What a profiled backend's copy baseline is. */
    private static String copyNote(ComputeBackend b) {
        return b instanceof OpenClBackend ? "clEnqueueCopyBuffer, profiling events" : "device copy kernel (out[i] = in[i]), profiler kernel time";
    }

    private void add(int size, String backend, String device, String driver, String metric, long bytes, Stats st, Stats copy, Stats jpeg,
                     boolean valid, String check) {
        boolean timed = st != null && st.medianMs() > 0; // a zero median (below the clock's resolution) gives no rate
        Double mps = !timed ? null : size * (double) size / 1e6 / (st.medianMs() / 1e3);
        Double vsCopy = !timed || copy == null || "copy".equals(metric) || copy.medianMs() <= 0 ? null : st.medianMs() / copy.medianMs();
        Double vsJpeg = !timed || jpeg == null || jpeg.medianMs() <= 0 ? null : st.medianMs() / jpeg.medianMs();
        rows.add(new BenchResult.Row(size, backend, device, driver, metric, bytes, st, mps, vsCopy, vsJpeg, valid, check, jvm, jvmFlags));
        if (!valid) progress.printf(Locale.ROOT, "  %s %s %dx%d: %s%n", backend, metric, size, size, check);
    }

    // ---- timing -------------------------------------------------------------------------------------

    /** First run's times given; then warm-up, then the timed repetitions. One {@link Stats} per series the body returns. */
    private Stats[] sample(long[] first, Body body, boolean gc) throws Exception {
        for (int i = 0; i < cfg.warmup(); i++) body.run();
        long[][] series = new long[first.length][cfg.repeat()];
        for (int r = 0; r < cfg.repeat(); r++) {
            if (gc) System.gc(); // outside the timed region
            long[] t = body.run();
            for (int k = 0; k < t.length; k++) series[k][r] = t[k];
        }
        Stats[] out = new Stats[first.length];
        for (int k = 0; k < first.length; k++) out[k] = Stats.of(first[k], series[k]);
        return out;
    }

    private interface Action { void run() throws Exception; }

    private static long[] wall(Action a) throws Exception {
        long t0 = System.nanoTime();
        a.run();
        return new long[] {System.nanoTime() - t0};
    }

    private static long[] timeKernel(ComputeBackend b, ProfiledBackend prof, float[] plane, float gain, float[] table, int[] out) {
        return timeStage(prof, () -> { }, () -> b.lifThreshold(plane, 0, plane.length, gain, table, out, 0));
    }

    /**
     * Runs {@code setup} untimed, then times {@code call}. CPU: {wall}; a profiled backend (OpenCL, TornadoVM): {kernel,
     * transfer} from its profiler, then wall, then the compilation the call paid for ({@link ProfiledBackend#lastCompileNanos()},
     * TornadoVM's first run of a task graph; inside the wall time).
     */
    private static long[] timeStage(ProfiledBackend prof, Runnable setup, Runnable call) {
        setup.run();
        long t0 = System.nanoTime();
        call.run();
        long wall = System.nanoTime() - t0;
        if (prof == null) return new long[] {wall};
        ProfiledBackend.Timing t = prof.lastTiming();
        return new long[] {t.kernelNanos(), t.transferNanos(), wall, prof.lastCompileNanos()};
    }

    /**
     * A row for the compilation the first call of a stage paid for (its own row, so that the first-call times of the
     * others read apart from it), when there was one: TornadoVM compiles a task graph on its first run.
     */
    private void compileRow(int size, Opened o, String stage, long[] first) {
        if (first.length < 4 || first[3] <= 0) return;
        Stats st = Stats.of(first[3], new long[] {first[3]});
        add(size, o.info().spec(), o.info().device(), o.info().driver(), stage + "-compile", 0, st, null, null, true,
                stage + ": compilation of the first call (profiler; included in that call's first time), not repeated");
    }

    /** Copy of {@code bytes} on the backend (OpenCL: device buffer copy by events; else System.arraycopy), cached. */
    private Stats copyStats(Opened o, long bytes) throws Exception {
        ProfiledBackend prof = o != null && o.backend() instanceof ProfiledBackend p ? p : null;
        String key = (prof != null ? o.spec() : "host") + "/" + bytes;
        Stats s = copyCache.get(key);
        if (s != null) return s;
        if (prof != null) {
            long[] first = {prof.copyBenchmark(bytes)};
            s = sample(first, () -> new long[] {prof.copyBenchmark(bytes)}, false)[0];
        } else {
            float[] src = new float[(int) (bytes / 4)], dst = new float[src.length];
            for (int i = 0; i < src.length; i += 1024) src[i] = i;
            Body copy = () -> wall(() -> System.arraycopy(src, 0, dst, 0, src.length));
            // A copy is short: more repetitions than the figures it is the baseline of.
            long[] first = copy.run();
            for (int i = 0; i < Math.max(3, cfg.warmup() * 3); i++) copy.run();
            long[] ns = new long[Math.max(5, cfg.repeat() * 3)];
            for (int i = 0; i < ns.length; i++) ns[i] = copy.run()[0];
            s = Stats.of(first[0], ns);
        }
        copyCache.put(key, s);
        return s;
    }

    /** Process wall time of {@code big} minus that of {@code one} (start-up), same first/warm-up/repeat scheme. */
    private Stats processMinusOne(List<String> big, List<String> one) throws Exception {
        long[] firstBig = wall(() -> CodecThroughput.run(big));
        CodecThroughput.run(one);
        for (int i = 0; i < cfg.warmup(); i++) { CodecThroughput.run(big); CodecThroughput.run(one); }
        int reps = Math.max(3, cfg.repeat());
        long[] ns = new long[reps], base = new long[reps];
        for (int r = 0; r < reps; r++) {
            ns[r] = wall(() -> CodecThroughput.run(big))[0];
            base[r] = wall(() -> CodecThroughput.run(one))[0];
        }
        double[] baseMs = java.util.Arrays.stream(base).asDoubleStream().toArray();
        double baseMedian = Stats.median(baseMs);
        long[] net = new long[reps];
        for (int r = 0; r < reps; r++) net[r] = ns[r] - (long) baseMedian;
        Stats s = Stats.of(firstBig[0] - (long) baseMedian, net);
        // Process start-up (fork, exec, dynamic linking) varies by a millisecond or more on a busy machine; a difference
        // under three times the variation of both runs, under 0.5 ms, or negative anywhere is not a measurement of the codec.
        double[] bigMs = java.util.Arrays.stream(ns).asDoubleStream().toArray();
        double noiseMs = 3 * (mad(baseMs) + mad(bigMs)) / 1e6;
        return s.minMs() > 0 && s.firstMs() > 0 && s.medianMs() > Math.max(0.5, noiseMs) ? s : null;
    }

    private static double mad(double[] v) {
        double m = Stats.median(v);
        double[] dev = new double[v.length];
        for (int i = 0; i < v.length; i++) dev[i] = Math.abs(v[i] - m);
        return Stats.median(dev);
    }

    // ---- validation ---------------------------------------------------------------------------------

    /** Raw float bits compared (so -0.0 differs from 0.0): null when identical, else what differs. */
    static String compareBits(float[] got, float[] ref) {
        int diff = 0, first = -1;
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(ref[i])) { diff++; if (first < 0) first = i; }
        }
        if (diff == 0) return null;
        return String.format(Locale.ROOT, "%d of %d coefficients differ; first at index %d: %s, cpu %s", diff, ref.length, first, got[first], ref[first]);
    }

    static String compare(int[] got, int[] ref) {
        int diff = 0, first = -1;
        for (int i = 0; i < ref.length; i++) if (got[i] != ref[i]) { diff++; if (first < 0) first = i; }
        if (diff == 0) return null;
        return String.format(Locale.ROOT, "%d of %d counts differ; first at index %d: %d, cpu %d", diff, ref.length, first, got[first], ref[first]);
    }

    static String compareBytes(byte[] got, byte[] ref) {
        if (java.util.Arrays.equals(got, ref)) return null;
        int k = java.util.Arrays.mismatch(got, ref);
        return String.format(Locale.ROOT, "%d bytes vs cpu's %d, first difference at byte %d", got.length, ref.length, k);
    }

    static String compareImages(Image got, Image ref) {
        if (got.width() != ref.width() || got.height() != ref.height() || got.channels() != ref.channels())
            return "shape " + got + " vs cpu's " + ref;
        long diff = 0;
        for (int c = 0; c < ref.channels(); c++) {
            float[] a = got.plane(c), b = ref.plane(c);
            for (int i = 0; i < a.length; i++) if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) diff++;
        }
        return diff + " of " + ref.pixels() * ref.channels() + " samples differ";
    }

    // ---- environment --------------------------------------------------------------------------------

    private BenchResult.BackendInfo describe(String spec, ComputeBackend b, double openMs) {
        if (b instanceof OpenClBackend c) {
            OpenClDevice d = c.device();
            return new BenchResult.BackendInfo(spec, b.name(), d.name() + " [" + d.type() + "]", c.driverVersion() + "; " + d.openclVersion(),
                    d.platformName(), openMs, d.spec() + ", " + d.computeUnits() + " compute units, " + (d.globalMemBytes() >> 20) + " MiB");
        }
        String cpu = cpuModel();
        if (!(b instanceof CpuBackend)) // a provided backend (TornadoVM): its name says the device; opening includes its first compilation
            return new BenchResult.BackendInfo(spec, b.name(), b.name(), jvm, b.getClass().getSimpleName(), openMs, b.getClass().getName()
                    + " (on " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " threads)");
        return new BenchResult.BackendInfo(spec, b.name(), cpu + " (" + Runtime.getRuntime().availableProcessors() + " threads)", jvm, "Java", openMs,
                "pure-Java backend");
    }

    Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jvm", jvm);
        env.put("jvmFlags", jvmFlags);
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        env.put("cpu", cpuModel());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("loadAverageStart", CodecThroughput.loadavg());
        env.put("timestamp", java.time.Instant.now().toString());
        return env;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
