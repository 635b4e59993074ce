package org.spikecodec.evaluator.classify;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** The shipped ImageNet models: their bytes, their contract, and their answers against the publishers' own. */
class BuiltinModelTest {
    static final Path REFERENCE = Path.of("src", "test", "resources", "models", "reference");
    static final Path PHOTOS = Path.of("..", "data", "photos");

    @Test
    void shippedBytesHaveTheirPublishedSha256() throws Exception {
        // The hashes from the models' provenance (models/README.md); bytes() itself refuses a mismatch.
        assertEquals("cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f", BuiltinModel.sha256(BuiltinModel.MOBILENETV2.bytes()));
        assertEquals("2e27fafbd328b7bd278030c8f1fb7dcab06917b289b566b8a8071a5730c123cb", BuiltinModel.sha256(BuiltinModel.SQUEEZENET.bytes()));
        assertEquals(3_655_033, BuiltinModel.MOBILENETV2.bytes().length);
        assertEquals(4_955_147, BuiltinModel.SQUEEZENET.bytes().length);
        assertEquals(BuiltinModel.FASHION_MNIST.sha256(), BuiltinModel.sha256(BuiltinModel.FASHION_MNIST.bytes()));
    }

    @Test
    void namesAndClassListsLineUp() throws Exception {
        assertEquals(BuiltinModel.SQUEEZENET, BuiltinModel.byId("SqueezeNet"));
        assertNull(BuiltinModel.byId("resnet50"));
        List<String> names = BuiltinModel.MOBILENETV2.classNames(), wnids = BuiltinModel.MOBILENETV2.classKeys();
        assertEquals(1000, names.size());
        assertEquals(1000, wnids.size());
        assertEquals("tench", names.get(0));
        assertEquals("n01440764", wnids.get(0));
        assertEquals("espresso", names.get(967));
        assertEquals("toilet tissue", names.get(999));
        for (int i = 1; i < wnids.size(); i++) assertTrue(wnids.get(i - 1).compareTo(wnids.get(i)) < 0, "wnids sorted (ILSVRC order)");
        assertEquals(BuiltinModel.FASHION_MNIST.classNames(), BuiltinModel.FASHION_MNIST.classKeys());
    }

    /**
     * The publisher's fish.png through SqueezeNet matches the publisher's outputs (fp16 and fp32 models) to 1e-3 on
     * every class, with the same top-5. fish.png is already 224x224, as the publisher fed it: resize to the input.
     */
    @Test
    void squeezenetMatchesThePublishersReferenceOnFish() throws Exception {
        Image fish = ImageFiles.read(REFERENCE.resolve("fish.png"));
        assertEquals(224, fish.width());
        Preprocessing direct = BuiltinModel.SQUEEZENET.preprocessing().withResizeShorter(0);
        try (OnnxClassifier c = OnnxClassifier.open(BuiltinModel.SQUEEZENET, direct, OnnxClassifier.Device.CPU)) {
            assertEquals(1000, c.classes());
            Prediction p = c.classify(List.of(fish))[0];
            assertEquals(0, p.top1(), "tench");
            assertEquals(0.7377, p.confidence(), 1e-3);
            for (String file : List.of("Squeezenet_fp16_fish_input_CPU.csv", "Squeezenet_fish_input_CPU.csv")) {
                float[] ref = reference(REFERENCE.resolve(file));
                double worst = 0;
                for (int k = 0; k < 1000; k++) worst = Math.max(worst, Math.abs(p.probability(k) - ref[k]));
                assertTrue(worst < 1e-3, file + ": max difference " + worst);
                assertArrayEquals(Prediction.topK(ref, 5), p.top5(), file + ": top-5");
            }
            assertArrayEquals(new int[] {0, 389, 395, 5, 390}, p.top5(), "the top-5 the model's provenance records");
        }
    }

    @Test
    void mobilenetGivesTheExpectedClassOnConfidentPhotos() throws Exception {
        // Classes and probabilities measured when the corpus was made (data/photos/README.md, data/corpus/manifest.csv).
        String[][] expected = {{"coffee.png", "espresso", "0.99"}, {"camera.png", "tripod", "0.95"}, {"baboon.png", "baboon", "0.94"},
                {"bliznaca.png", "hip", "0.93"}};
        List<String> names = BuiltinModel.MOBILENETV2.classNames();
        try (OnnxClassifier c = OnnxClassifier.open(BuiltinModel.MOBILENETV2, null, OnnxClassifier.Device.CPU)) {
            for (String[] e : expected) {
                Prediction p = c.classify(List.of(ImageFiles.read(PHOTOS.resolve(e[0]))))[0];
                assertEquals(e[1], names.get(p.top1()), e[0]);
                assertEquals(Double.parseDouble(e[2]), p.confidence(), 0.03, e[0]);
            }
        }
    }

    @Test
    void squeezenetAgreesWithMobilenetOnTheMostConfidentPhoto() throws Exception {
        List<String> names = BuiltinModel.SQUEEZENET.classNames();
        try (OnnxClassifier c = OnnxClassifier.open(BuiltinModel.SQUEEZENET, null, OnnxClassifier.Device.CPU)) {
            // Batch 1 is fixed in this model: a batch of two is split, each answered on its own.
            Prediction[] p = c.classify(List.of(ImageFiles.read(PHOTOS.resolve("coffee.png")), ImageFiles.read(PHOTOS.resolve("coffee.png"))));
            assertEquals("espresso", names.get(p[0].top1()));
            assertEquals(p[0].confidence(), p[1].confidence(), 0);
            float sum = 0;
            for (int k = 0; k < c.classes(); k++) sum += p[0].probability(k);
            assertEquals(1, sum, 1e-3, "probabilities as the model gives them, not softmaxed twice");
        }
    }

    @Test
    void modelViewIsWhatTheModelClassifies() throws Exception {
        Image photo = ImageFiles.read(PHOTOS.resolve("chelsea.png"));
        try (OnnxClassifier c = OnnxClassifier.open(BuiltinModel.SQUEEZENET, null, OnnxClassifier.Device.CPU)) {
            Image view = c.view(photo);
            assertEquals(224, view.width());
            assertEquals(224, view.height());
            Prediction whole = c.classify(List.of(photo))[0], cropped = c.classifyViews(List.of(view))[0];
            assertEquals(whole.top1(), cropped.top1());
            // the view is rounded to 8 bits; the fp32 model barely notices (measured: 0.3868 against 0.3879)
            assertEquals(whole.confidence(), cropped.confidence(), 0.005);
            assertThrows(IllegalArgumentException.class, () -> c.classifyViews(List.of(photo)), "a photo is not a view");
        }
        try (OnnxClassifier c = OnnxClassifier.open(BuiltinModel.MOBILENETV2, null, OnnxClassifier.Device.CPU)) {
            // The int8 model's probabilities move much more under the same rounding (0.75 -> 0.62 here): its class stays.
            assertEquals(c.classify(List.of(photo))[0].top1(), c.classifyViews(List.of(c.view(photo)))[0].top1());
        }
    }

    /** The publisher's CSV: a header, then {@code index,probability} for the 1000 classes. */
    static float[] reference(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("Index,Value", lines.get(0));
        float[] v = new float[1000];
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            v[Integer.parseInt(f[0])] = Float.parseFloat(f[1]);
        }
        assertEquals(1001, lines.size());
        return v;
    }
}
