package org.spikecodec.bench.harness;

import java.nio.file.Path;
import java.util.List;
import org.spikecodec.engine.lif.LifParameters;

/**
 * What {@code spikecodec bench} measures.
 *
 * @param sizes     square image sides, e.g. 256 for 256x256
 * @param backends  backend specifications ({@code cpu}, {@code opencl}, {@code opencl:P:D}); empty: cpu and every
 *                  exact-capable OpenCL device present
 * @param repeat    timed repetitions after the warm-up
 * @param warmup    untimed runs after the first (cold) one
 * @param image     the photo resampled to every size (Java2D bicubic); null: a synthetic image
 * @param threshold the fixed LIF threshold theta of the end-to-end encodes (other settings: the defaults)
 * @param model     an ONNX classifier whose throughput is measured on the same images, or null
 * @param preset    its preprocessing preset (null: {@code unit} at the model's size)
 * @param device    ONNX Runtime device, {@code cpu} or {@code cuda}
 * @param cjpeg     measure libjpeg-turbo's cjpeg/djpeg as baselines when they are on the PATH
 * @param gc        call {@code System.gc()} before each timed end-to-end run (outside the timed region)
 * @param lifJobSteps the LIF job ({@link org.spikecodec.bench.LifJob}) is run with each of these step counts T on every
 *                  backend; empty: not run
 */
public record BenchConfig(List<Integer> sizes, List<String> backends, int repeat, int warmup, Path image, double threshold,
                          Path model, String preset, String device, boolean cjpeg, boolean gc,
                          List<Integer> lifJobSteps) {
    public static final List<Integer> DEFAULT_SIZES = List.of(256, 512, 1024, 2048, 4096);
    public static final Path DEFAULT_IMAGE = Path.of("data/photos/astronaut.png");
    public static final List<Integer> DEFAULT_LIF_JOB_STEPS = List.of(32, 128);

    public BenchConfig {
        sizes = List.copyOf(sizes);
        backends = List.copyOf(backends);
        lifJobSteps = List.copyOf(lifJobSteps);
        for (int t : lifJobSteps) if (t < 1 || t > 100_000) throw new IllegalArgumentException("LIF job steps " + t + " outside 1..100000");
        if (sizes.isEmpty()) throw new IllegalArgumentException("no image sizes");
        for (int s : sizes) if (s < 8 || s > 8192) throw new IllegalArgumentException("image side " + s + " outside 8..8192");
        if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1");
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be at least 0");
    }

    public static BenchConfig defaults() {
        return new BenchConfig(DEFAULT_SIZES, List.of(), 5, 2, DEFAULT_IMAGE, LifParameters.DEFAULT_THRESHOLD, null, null, "cpu", true, true, DEFAULT_LIF_JOB_STEPS);
    }
}
