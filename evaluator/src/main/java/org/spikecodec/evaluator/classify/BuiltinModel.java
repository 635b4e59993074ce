package org.spikecodec.evaluator.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The classifiers shipped in the jar, named so that {@code --model mobilenetv2} needs no file and no preprocessing
 * flags: each carries its bytes' SHA-256 (checked when read), its preprocessing, what its output holds, and its class
 * lists. Provenance and licences: {@code models/README.md} beside the files.
 */
public enum BuiltinModel {
    /** ImageNet-1k MobileNetV2, int8 (ONNX Model Zoo): the default for natural photos. */
    MOBILENETV2("mobilenetv2", "models/mobilenetv2-12-int8.onnx", "cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f",
            Preprocessing.imagenet(), OnnxClassifier.Scores.LOGITS, "models/imagenet1k_names.txt", "models/imagenet1k_wnids.txt",
            "ImageNet-1k MobileNetV2 1.0, int8 (ONNX Model Zoo; top-1 68.3% on ImageNet val); with --device cuda its quantized "
                    + "operators partly fall back to the CPU"),
    /**
     * ImageNet-1k SqueezeNet 1.1, fp32, batch 1 (Microsoft WinML): runs wholly on a GPU. Its input is BGR on the 0..255
     * scale WITHOUT the Caffe mean subtraction: only so does the publisher's fish.png give their tench 0.7377 (with the
     * means subtracted it gives 0.33 and another top-1; BuiltinModelTest).
     */
    SQUEEZENET("squeezenet", "models/squeezenet1.1_winml_fp32.onnx", "2e27fafbd328b7bd278030c8f1fb7dcab06917b289b566b8a8071a5730c123cb",
            new Preprocessing(256, 224, 224, 3, new double[] {0, 0, 0}, new double[] {1 / 255.0, 1 / 255.0, 1 / 255.0}, true, false),
            OnnxClassifier.Scores.PROBABILITIES, "models/imagenet1k_names.txt", "models/imagenet1k_wnids.txt",
            "ImageNet-1k SqueezeNet 1.1, fp32 (Microsoft WinML; BGR 0..255); runs wholly on the GPU with --device cuda"),
    /** The small CNN trained here on Fashion-MNIST (28x28 grey). */
    FASHION_MNIST("fashion-mnist", "default/fashion_mnist_cnn.onnx", "2bdad4160369caa14232c85103b001998f8c3305c0b6d879ead756bfbc6f9922",
            Preprocessing.fashionMnist(), OnnxClassifier.Scores.LOGITS, "default/labels.txt", null,
            "CNN trained here on Fashion-MNIST (91.6% test accuracy)");

    private static final String ROOT = "/org/spikecodec/evaluator/";

    private final String id, resource, sha256, namesResource, keysResource, description;
    private final Preprocessing preprocessing;
    private final OnnxClassifier.Scores scores;

    BuiltinModel(String id, String resource, String sha256, Preprocessing preprocessing, OnnxClassifier.Scores scores, String namesResource,
                 String keysResource, String description) {
        this.id = id;
        this.resource = resource;
        this.sha256 = sha256;
        this.preprocessing = preprocessing;
        this.scores = scores;
        this.namesResource = namesResource;
        this.keysResource = keysResource;
        this.description = description;
    }

    /** The name a user writes: {@code --model mobilenetv2}. */
    public String id() { return id; }

    public String description() { return description; }

    public Preprocessing preprocessing() { return preprocessing; }

    public OnnxClassifier.Scores scores() { return scores; }

    public String sha256() { return sha256; }

    /** The built-in model called {@code name} (any case), or null. */
    public static BuiltinModel byId(String name) {
        for (BuiltinModel m : values()) if (m.id.equalsIgnoreCase(name)) return m;
        return null;
    }

    /** Every id, for help texts and messages. */
    public static List<String> ids() { return Arrays.stream(values()).map(BuiltinModel::id).toList(); }

    /** The model's bytes, after checking their SHA-256 against the one it was shipped with. */
    public byte[] bytes() throws IOException {
        byte[] b = resource(resource);
        String actual = sha256(b);
        if (!actual.equals(sha256))
            throw new IOException("the built-in model " + resource + " is corrupt (SHA-256 " + actual + ", expected " + sha256 + "); rebuild the jar");
        return b;
    }

    /** Human-readable class names in output order. */
    public List<String> classNames() throws IOException { return lines(namesResource); }

    /**
     * The names datasets use for the classes, in output order: WordNet ids for the ImageNet models (the class-folder
     * layout {@code n01440764/...}), else the class names.
     */
    public List<String> classKeys() throws IOException { return keysResource == null ? classNames() : lines(keysResource); }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static List<String> lines(String name) throws IOException {
        return Arrays.stream(new String(resource(name), StandardCharsets.UTF_8).split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BuiltinModel.class.getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IOException("the built-in " + name + " is missing from this build");
            return in.readAllBytes();
        }
    }

    @Override public String toString() { return id.toLowerCase(Locale.ROOT); }
}
