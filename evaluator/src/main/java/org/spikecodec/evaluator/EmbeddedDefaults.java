package org.spikecodec.evaluator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The default that ships in the jar, so that {@code spikecodec evaluate} runs offline on a fresh machine: a
 * small CNN trained on Fashion-MNIST, its labels, and a stratified 1,000-image subset of the Fashion-MNIST test
 * set. Debian's full test set is used instead when {@code dataset-fashion-mnist} is installed.
 */
public final class EmbeddedDefaults {
    static final String ROOT = "/org/spikecodec/evaluator/default/";
    public static final String MODEL = "fashion_mnist_cnn.onnx";
    public static final Path DEBIAN_TEST_SET = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final String SUBSET_IMAGES = "fashion-mnist-subset-images-idx3-ubyte.gz", SUBSET_LABELS = "fashion-mnist-subset-labels-idx1-ubyte.gz";

    private EmbeddedDefaults() {}

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
