package org.spikecodec.evaluator.classify;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.EmbeddedDefaults;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.Sample;

/** Real ONNX Runtime sessions on real models: the shipped one, one of ImageNet shape, one with a foreign layout. */
class OnnxClassifierTest {
    static final Path MODELS = Path.of("src", "test", "resources", "models");
    static final Path PHOTO = Path.of("..", "data", "photos", "astronaut.png");

    @Test
    void shippedModelReachesItsMeasuredAccuracyOnTheShippedImages() throws Exception {
        Path dir = Files.createTempDirectory("fm");
        Path images = dir.resolve("fashion-mnist-subset-images-idx3-ubyte.gz");
        Files.write(images, EmbeddedDefaults.class.getResourceAsStream("/org/spikecodec/evaluator/default/fashion-mnist-subset-images-idx3-ubyte.gz").readAllBytes());
        Files.write(dir.resolve("fashion-mnist-subset-labels-idx1-ubyte.gz"),
                EmbeddedDefaults.class.getResourceAsStream("/org/spikecodec/evaluator/default/fashion-mnist-subset-labels-idx1-ubyte.gz").readAllBytes());
        Dataset d = Datasets.open(images, EmbeddedDefaults.labels());
        assertEquals(1000, d.samples().size());
        try (OnnxClassifier c = OnnxClassifier.open(EmbeddedDefaults.model(), "default", "fashion-mnist", null, OnnxClassifier.Device.CPU)) {
            assertEquals(10, c.classes());
            assertEquals("CPU", c.provider());
            int correct = 0;
            List<Image> batch = new ArrayList<>();
            List<Sample> samples = d.samples();
            for (int i = 0; i < samples.size(); i++) {
                batch.add(d.load(samples.get(i)));
                if (batch.size() == 100 || i == samples.size() - 1) {
                    Prediction[] p = c.classify(batch);
                    for (int j = 0; j < p.length; j++) if (p[j].top1() == samples.get(i - p.length + 1 + j).label()) correct++;
                    batch.clear();
                }
            }
            // The training script measured 93.60% on this subset (its README); float differences may move a few images.
            assertEquals(0.936, correct / 1000.0, 0.005);
        }
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), EmbeddedDefaults.labels());
    }

    @Test
    void imagenetShapedModelThroughTheImagenetPreset() throws Exception {
        Image photo = ImageFiles.read(PHOTO);
        try (OnnxClassifier c = OnnxClassifier.open(MODELS.resolve("imagenet_shape_random.onnx"), "imagenet", null, OnnxClassifier.Device.CPU)) {
            assertEquals(1000, c.classes());
            assertEquals(224, c.preprocessing().width());
            assertFalse(c.preprocessing().nhwc());
            Prediction[] p = c.classify(List.of(photo, photo, ImageFiles.read(Path.of("..", "data", "photos", "camera.png"))));
            assertEquals(3, p.length);
            assertEquals(5, p[0].top5().length);
            assertArrayEquals(p[0].top5(), p[1].top5(), "deterministic, batch-independent");
            assertTrue(p[0].confidence() > 0 && p[0].confidence() <= 1);
            // The tensor is the documented preprocessing: centre pixel of the resized, cropped, normalised image.
            float[] t = c.tensor(photo);
            assertEquals(3 * 224 * 224, t.length);
            for (float v : t) assertTrue(v > -2.2 && v < 2.7, "ImageNet-normalised range");
        }
    }

    @Test
    void foreignModelWithOtherNamesAndNhwcLayout() throws Exception {
        try (OnnxClassifier c = OnnxClassifier.open(MODELS.resolve("foreign_nhwc_random.onnx"), null, null, OnnxClassifier.Device.CPU)) {
            assertEquals("images", c.inputName());
            assertTrue(c.preprocessing().nhwc());
            assertEquals(32, c.preprocessing().width());
            assertEquals(5, c.classes());
            Prediction[] p = c.classify(List.of(ImageFiles.read(PHOTO)));
            assertTrue(p[0].top1() >= 0 && p[0].top1() < 5);
        }
    }

    @Test
    void cudaFallsBackToCpuWithoutAGpu() throws Exception {
        try (OnnxClassifier c = OnnxClassifier.open(MODELS.resolve("foreign_nhwc_random.onnx"), null, null, OnnxClassifier.Device.CUDA)) {
            // Here (no CUDA) the provider actually used is recorded as CPU; on a GPU machine it says CUDA.
            assertTrue(c.provider().equals("CPU") || c.provider().equals("CUDA"));
            assertEquals(1, c.classify(List.of(ImageFiles.read(PHOTO))).length);
        }
    }

    @Test
    void notAModelIsBadInput() throws Exception {
        Path junk = Files.createTempFile("junk", ".onnx");
        Files.writeString(junk, "not a model");
        assertThrows(InvalidInputException.class, () -> OnnxClassifier.open(junk, null, null, OnnxClassifier.Device.CPU));
        assertThrows(InvalidInputException.class, () -> OnnxClassifier.open(Path.of("nowhere.onnx"), null, null, OnnxClassifier.Device.CPU));
        // A preset whose size does not match the model is refused with a message saying so.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OnnxClassifier.open(MODELS.resolve("foreign_nhwc_random.onnx"), "imagenet", null, OnnxClassifier.Device.CPU));
        assertTrue(e.getMessage().contains("preprocessing"), e.getMessage());
    }

    @Test
    void topFiveIsSortedByScore() {
        Prediction p = OnnxClassifier.predict(new float[] {0.1f, 3f, -1f, 2f, 5f, 0f, 4f}, OnnxClassifier.Scores.AUTO);
        assertArrayEquals(new int[] {4, 6, 1, 3, 0}, p.top5());
        assertTrue(p.inTop5(0));
        assertFalse(p.inTop5(2));
    }

    @Test
    void logitsAreSoftmaxedAndProbabilitiesKept() {
        // softmax of (0, ln 3): 1/4 and 3/4, computed by hand
        Prediction l = OnnxClassifier.predict(new float[] {0f, (float) Math.log(3)}, OnnxClassifier.Scores.LOGITS);
        assertEquals(0.75, l.confidence(), 1e-6);
        assertEquals(0.25, l.probability(0), 1e-6);
        assertTrue(Float.isNaN(l.probability(2)), "a class the model does not have");
        // a row that already sums to 1 is taken as it is in AUTO mode and by PROBABILITIES, softmaxed by LOGITS
        float[] probs = {0.1f, 0.7f, 0.2f};
        assertEquals(0.7, OnnxClassifier.predict(probs, OnnxClassifier.Scores.AUTO).confidence(), 1e-6);
        assertEquals(0.7, OnnxClassifier.predict(probs, OnnxClassifier.Scores.PROBABILITIES).confidence(), 1e-6);
        assertEquals(Math.exp(0.7) / (Math.exp(0.1) + Math.exp(0.7) + Math.exp(0.2)),
                OnnxClassifier.predict(probs, OnnxClassifier.Scores.LOGITS).confidence(), 1e-6);
        // logits that happen to lie in [0,1] but do not sum to 1 are softmaxed
        assertEquals(Math.exp(0.9) / (Math.exp(0.5) + Math.exp(0.9)), OnnxClassifier.predict(new float[] {0.5f, 0.9f}, OnnxClassifier.Scores.AUTO).confidence(), 1e-6);
        assertFalse(OnnxClassifier.looksLikeProbabilities(new float[] {-0.1f, 1.1f}));
    }

    @Test
    void nanRanksLast() {
        assertArrayEquals(new int[] {3, 1, 0, 2}, Prediction.topK(new float[] {1, 2, Float.NaN, 9}, 5));
    }
}
