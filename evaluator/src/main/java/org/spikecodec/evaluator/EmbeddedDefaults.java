package org.spikecodec.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The data that ships in the jar, so that {@code spikecodec evaluate} runs offline on a fresh machine: natural photos
 * with clean licences ({@code data/photos}, for the photo suite; the full corpus of {@code data/corpus} is used instead
 * when installed), and for the Fashion-MNIST suite a small CNN, its labels and a stratified 1,000-image subset of the
 * test set (Debian's full test set is used instead when {@code dataset-fashion-mnist} is installed). The ImageNet
 * models are {@link org.spikecodec.evaluator.classify.BuiltinModel}s.
 */
public final class EmbeddedDefaults {
    static final String ROOT = "/org/spikecodec/evaluator/default/";
    public static final String MODEL = "fashion_mnist_cnn.onnx";
    public static final Path DEBIAN_TEST_SET = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final String SUBSET_IMAGES = "fashion-mnist-subset-images-idx3-ubyte.gz", SUBSET_LABELS = "fashion-mnist-subset-labels-idx1-ubyte.gz";

    /** The photos embedded from {@code data/photos} (a test checks this list against the folder). */
    public static final List<String> PHOTOS = List.of("astronaut.png", "baboon.png", "bliznaca.png", "camera.png", "chelsea.png",
            "clock_motion.png", "coffee.png", "gravel.png", "keong_macan.png", "keong_macan_grey.png", "motorcycle_left.png", "teriyaki.png");
    /** Where the launcher says the photo corpus is installed ({@code data/corpus/fetch-photos.sh}); overridden by the environment variable. */
    public static final String CORPUS_PROPERTY = "spikecodec.corpus", CORPUS_ENV = "SPIKECODEC_CORPUS";

    private EmbeddedDefaults() {}

    /** The embedded photos, copied to {@code dir/photos} (a folder dataset: unlabelled, so scored by agreement). */
    public static Path photos(Path dir) throws IOException {
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        for (String name : PHOTOS) Files.write(photos.resolve(name), resource("photos/" + name));
        return photos;
    }

    /**
     * The installed photo corpus: the folder named by {@code $SPIKECODEC_CORPUS} or the {@code spikecodec.corpus}
     * property (the launcher sets it to {@code data/corpus/photos} of the checkout), when it holds photos; else null.
     */
    public static Path corpus() {
        String env = System.getenv(CORPUS_ENV);
        for (String p : new String[] {env, System.getProperty(CORPUS_PROPERTY)}) {
            if (p == null || p.isBlank()) continue;
            Path dir = Path.of(p);
            try (var s = Files.list(dir)) {
                if (s.anyMatch(f -> f.getFileName().toString().matches("(?i).+\\.(png|jpe?g|ppm|bmp)"))) return dir;
            } catch (IOException | RuntimeException e) {
                // not installed there
            }
            // The launcher's default location may simply be empty; a folder the user named must not be ignored in silence.
            if (p.equals(env)) org.slf4j.LoggerFactory.getLogger(EmbeddedDefaults.class).warn("{}={} holds no photos", CORPUS_ENV, p);
        }
        return null;
    }

    public static byte[] model() throws IOException { return resource(MODEL); }

    public static List<String> labels() throws IOException {
        return Arrays.stream(new String(resource("labels.txt"), StandardCharsets.UTF_8).split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The images file of the default dataset: Debian's full test set when installed, else the embedded subset copied to {@code dir}. */
    public static Path dataset(Path dir) throws IOException {
        if (Files.isRegularFile(DEBIAN_TEST_SET) && Files.isRegularFile(DEBIAN_TEST_SET.resolveSibling("t10k-labels-idx1-ubyte.gz"))) return DEBIAN_TEST_SET;
        Files.createDirectories(dir);
        Path images = dir.resolve(SUBSET_IMAGES);
        Files.write(images, resource(SUBSET_IMAGES));
        Files.write(dir.resolve(SUBSET_LABELS), resource(SUBSET_LABELS));
        return images;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = EmbeddedDefaults.class.getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IOException("the embedded default " + name + " is missing from this build");
            return in.readAllBytes();
        }
    }
}
