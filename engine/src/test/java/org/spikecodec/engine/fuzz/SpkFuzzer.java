package org.spikecodec.engine.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Mutation fuzzer of the {@code .spk} decoder over real files (the golden files of every front end, colour model and
 * side-information flag), with {@link SpkMutator}'s CRC-fixing mutations. Every mutant gets one of three outcomes:
 * <ul>
 *   <li>{@link Outcome#DECODED}: {@code decode}, {@code readSpikes} (what {@code info} shows), the decode into the
 *       planes of an image of the same size ({@link #intoReusedPlanes}, which must give the same samples) and, for every
 *       {@value #IMAGEIO_EVERY}th mutant, the ImageIO reader all succeed;</li>
 *   <li>{@link Outcome#REFUSED}: all of them refuse it with an {@link InvalidInputException} (an {@link IIOException} for
 *       ImageIO) that has a message;</li>
 *   <li>{@link Outcome#FAILED}: anything else (another exception, an error, readers that disagree, or a decode slower
 *       than {@link #SLOW_MILLIS}); the mutant and its seed are saved.</li>
 * </ul>
 * {@code SpkFuzzTest} runs a short fixed-seed budget in every build; for a long one:
 * {@code java -cp ... org.spikecodec.engine.fuzz.SpkFuzzer MUTANTS [SEED [FAILURE_DIR]]}, or the test with
 * {@code -Dspikecodec.fuzz.mutants=N}.
 */
public final class SpkFuzzer implements AutoCloseable {
    static final String[] SEED_FILES = {"dwt-grey", "dwt-colour", "pixels-grey", "pixels-colour", "rif-grey", "rif-colour"};
    static final int IMAGEIO_EVERY = 8;
    /** A decode of these small files takes milliseconds; ten seconds means a hostile file found an unbounded path. */
    static final long SLOW_MILLIS = 10_000;

    enum Outcome { DECODED, REFUSED, FAILED }

    /** What happened to one mutant; {@code detail} is the refusal's message or the failure's description. */
    record Result(String how, Outcome outcome, String detail, long millis) {
        Result(String how, Outcome outcome, String detail) { this(how, outcome, detail, 0); }
        Result timed(long ms) { return new Result(how, outcome, detail, ms); }
    }

    /** A run's tally; the failures' mutants are saved under the run's folder. */
    record Report(long seed, int mutants, int decoded, int refused, List<Result> failures, Result slowest, long nanos) {
        @Override public String toString() {
            return String.format("seed %d: %d mutants in %.1f s: %d decoded, %d refused, %d failed; slowest %d ms (%s)", seed, mutants,
                    nanos / 1e9, decoded, refused, failures.size(), slowest == null ? 0 : slowest.millis(), slowest == null ? "" : slowest.how());
        }
    }

    private final CpuBackend backend = new CpuBackend();
    private final SpikeDecoder decoder = new SpikeDecoder(backend);
    private final Path failureDir;

    /** @param failureDir where failing mutants are written ({@code NAME.spk} and {@code NAME.txt}) */
    SpkFuzzer(Path failureDir) { this.failureDir = failureDir; }

    static List<byte[]> seedFiles() {
        List<byte[]> files = new ArrayList<>();
        for (String name : SEED_FILES) {
            try (InputStream in = SpkFuzzer.class.getResourceAsStream("/golden/" + name + ".spk")) {
                if (in == null) throw new IllegalStateException("missing test resource golden/" + name + ".spk");
                files.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** {@code count} random mutants, the i-th made by {@code SplittableRandom(seed + i)} alone, so any one can be remade. */
    Report random(long seed, int count) {
        List<byte[]> files = seedFiles();
        List<SpkMutator.Mutant> mutants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SpkMutator.Mutant m = SpkMutator.random(files, new SplittableRandom(seed + i));
            mutants.add(new SpkMutator.Mutant("seed " + (seed + i) + ": " + m.how(), m.bytes()));
        }
        return run(seed, mutants);
    }

    /** Runs mutants made some other way (the exhaustive passes, the reproducers). */
    Report run(long seed, List<SpkMutator.Mutant> mutants) {
        long t0 = System.nanoTime();
        int decoded = 0, refused = 0;
        List<Result> failures = new ArrayList<>();
        Result slowest = null;
        for (int i = 0; i < mutants.size(); i++) {
            SpkMutator.Mutant m = mutants.get(i);
            long start = System.nanoTime();
            Result r = classify(m, i % IMAGEIO_EVERY == 0).timed((System.nanoTime() - start) / 1_000_000);
            if (slowest == null || r.millis() > slowest.millis()) slowest = r;
            switch (r.outcome()) {
                case DECODED -> decoded++;
                case REFUSED -> refused++;
                case FAILED -> { failures.add(r); save(seed, failures.size(), m, r); }
            }
        }
        return new Report(seed, mutants.size(), decoded, refused, List.copyOf(failures), slowest, System.nanoTime() - t0);
    }

    Result classify(SpkMutator.Mutant m, boolean withImageIo) {
        long t0 = System.nanoTime();
        Image[] fresh = new Image[1];
        Result decode = outcome(m.how(), () -> fresh[0] = decoder.decode(m.bytes()).image());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (decode.outcome() == Outcome.FAILED) return decode;
        if (millis > SLOW_MILLIS) return new Result(m.how(), Outcome.FAILED, "decode took " + millis + " ms");
        Result info = outcome(m.how(), () -> decoder.readSpikes(m.bytes()));
        if (info.outcome() != decode.outcome())
            return new Result(m.how(), Outcome.FAILED, "decode " + decode.outcome() + " but readSpikes (info) " + info.outcome() + ": " + info.detail());
        Result reused = intoReusedPlanes(m, fresh[0]);
        if (reused != null && reused.outcome() != decode.outcome())
            return new Result(m.how(), Outcome.FAILED, "decode " + decode.outcome() + " but the decode into reused planes " + reused.outcome() + ": " + reused.detail());
        if (withImageIo) {
            Result imageIo = outcome(m.how(), () -> readWithImageIo(m.bytes()));
            if (imageIo.outcome() != decode.outcome())
                return new Result(m.how(), Outcome.FAILED, "decode " + decode.outcome() + " but the ImageIO reader " + imageIo.outcome() + ": " + imageIo.detail());
        }
        return decode;
    }

    /**
     * The mutant decoded into the planes of an image of the size its header states, filled with NaN and large values
     * first so that a sample the decoder forgets to write shows: it must refuse as the fresh decode did, or give exactly
     * its samples (a mismatch is FAILED). Null (not checked) when the header is refused, which both decodes then refuse
     * before touching any plane, or when it states more than {@value #MAX_REUSED_SAMPLES} samples.
     */
    private Result intoReusedPlanes(SpkMutator.Mutant m, Image fresh) {
        SpkHeader h;
        try {
            h = decoder.inspect(m.bytes()).header();
        } catch (InvalidInputException e) {
            return null;
        } catch (RuntimeException | Error e) {
            return new Result(m.how(), Outcome.FAILED, "inspect: " + stackTrace(e));
        }
        int channels = h.colorModel().channels;
        if ((long) h.width() * h.height() * channels > MAX_REUSED_SAMPLES) return null;
        float[][] planes = new float[channels][h.width() * h.height()];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < planes[c].length; i++) planes[c][i] = (i & 3) == 0 ? Float.NaN : (i & 1) == 0 ? 1e30f : -3e7f;
        Image garbage = new Image(h.width(), h.height(), channels == 1 ? ColorModel.GREY : ColorModel.RGB, planes);
        return outcome(m.how(), () -> {
            Image decoded = decoder.decode(m.bytes(), garbage).image();
            if (fresh == null) return; // the fresh decode refused: the outcomes differ, which the caller reports
            for (int c = 0; c < fresh.channels(); c++)
                if (!Arrays.equals(fresh.plane(c), decoded.plane(c)))
                    throw new AssertionError("plane " + c + " differs from the fresh decode's");
        });
    }

    /** Larger images (headers claiming more than the seed files' sizes) are not given reused planes. */
    static final long MAX_REUSED_SAMPLES = 1 << 22;

    @FunctionalInterface
    private interface Attempt { void run() throws Exception; }

    private static Result outcome(String how, Attempt attempt) {
        try {
            attempt.run();
            return new Result(how, Outcome.DECODED, "");
        } catch (InvalidInputException | IIOException e) {
            String msg = e.getMessage();
            if (msg == null || msg.isBlank()) return new Result(how, Outcome.FAILED, "refused without a message: " + stackTrace(e));
            return new Result(how, Outcome.REFUSED, msg);
        } catch (Throwable t) { // the point of a fuzzer: an error of any kind is a finding, not a crash of the run
            return new Result(how, Outcome.FAILED, stackTrace(t));
        }
    }

    private static void readWithImageIo(byte[] file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("spk").next();
            try {
                reader.setInput(in);
                reader.getWidth(0);
                reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    private void save(long seed, int n, SpkMutator.Mutant m, Result r) {
        try {
            Files.createDirectories(failureDir);
            String name = "seed" + seed + "-failure" + n;
            Files.write(failureDir.resolve(name + ".spk"), m.bytes());
            Files.writeString(failureDir.resolve(name + ".txt"), m.how() + "\n" + r.detail() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save a failing mutant under " + failureDir, e);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Override public void close() { backend.close(); }

    /** The long budget: {@code MUTANTS [SEED [FAILURE_DIR]]}; exit status 1 when anything failed. */
    public static void main(String[] args) {
        int mutants = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Path dir = Path.of(args.length > 2 ? args[2] : "fuzz-failures");
        try (SpkFuzzer fuzzer = new SpkFuzzer(dir)) {
            Report r = fuzzer.random(seed, mutants);
            System.out.println(r);
            for (Result f : r.failures()) System.out.println("FAILED " + f.how() + ": " + f.detail().lines().findFirst().orElse(""));
            if (!r.failures().isEmpty()) {
                System.out.println("failing mutants saved under " + dir.toAbsolutePath());
                System.exit(1);
            }
        }
    }
}
