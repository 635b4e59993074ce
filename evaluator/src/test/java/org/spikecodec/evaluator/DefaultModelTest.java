package org.spikecodec.evaluator;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The embedded default model and data, checked straight through ONNX Runtime against the contract in
 * {@code org/spikecodec/evaluator/default/README.md}: names, shapes, checksum, preprocessing and accuracy.
 */
class DefaultModelTest {
    static final String SHA256 = "2bdad4160369caa14232c85103b001998f8c3305c0b6d879ead756bfbc6f9922";
    static final float MEAN = 0.2860f, STD = 0.3530f;

    record Idx(int n, int rows, int cols, byte[] data) {}

    static Idx idx(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes());
            int magic = b.getInt(), n = b.getInt();
            int rows = magic == 0x803 ? b.getInt() : 1, cols = magic == 0x803 ? b.getInt() : 1;
            byte[] data = new byte[b.remaining()];
            b.get(data);
            assertEquals((long) n * rows * cols, data.length, "IDX length");
            return new Idx(n, rows, cols, data);
        }
    }

    /** Top-1 hits of the model over the images, preprocessed as the README says. */
    static int hits(OrtSession s, Idx images, Idx labels) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int px = 28 * 28, hits = 0;
        for (int start = 0; start < images.n(); start += 500) {
            int n = Math.min(500, images.n() - start);
            float[] x = new float[n * px];
            for (int i = 0; i < x.length; i++) x[i] = ((images.data()[start * px + i] & 0xff) / 255f - MEAN) / STD;
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n, 1, 28, 28});
                 OrtSession.Result r = s.run(java.util.Map.of("input", t))) {
                float[][] logits = (float[][]) r.get("logits").orElseThrow().getValue();
                assertEquals(n, logits.length);
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int k = 1; k < 10; k++) if (logits[i][k] > logits[i][best]) best = k;
                    if (best == (labels.data()[start + i] & 0xff)) hits++;
                }
            }
        }
        return hits;
    }

    static OrtSession session(byte[] model) throws Exception {
        return OrtEnvironment.getEnvironment().createSession(model, new OrtSession.SessionOptions());
    }

    @Test
    void modelMatchesItsDocumentedContractAndChecksum() throws Exception {
        byte[] model = EmbeddedDefaults.model();
        assertEquals(SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model)));
        try (OrtSession s = session(model)) {
            assertEquals(List.of("input"), List.copyOf(s.getInputNames()));
            assertEquals(List.of("logits"), List.copyOf(s.getOutputNames()));
            assertArrayEquals(new long[] {-1, 1, 28, 28}, ((TensorInfo) s.getInputInfo().get("input").getInfo()).getShape());
            assertArrayEquals(new long[] {-1, 10}, ((TensorInfo) s.getOutputInfo().get("logits").getInfo()).getShape());
        }
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
                EmbeddedDefaults.labels());
    }

    @Test
    void embeddedSubsetIsStratifiedAndClassifiedAsMeasured() throws Exception {
        Idx images = idx(EmbeddedDefaults.resource(EmbeddedDefaults.SUBSET_IMAGES));
        Idx labels = idx(EmbeddedDefaults.resource(EmbeddedDefaults.SUBSET_LABELS));
        assertEquals(1000, images.n());
        assertEquals(1000, labels.n());
        assertEquals(28, images.rows());
        int[] perClass = new int[10];
        for (byte l : labels.data()) perClass[l & 0xff]++;
        for (int c : perClass) assertEquals(100, c);
        try (OrtSession s = session(EmbeddedDefaults.model())) {
            // 936 by the training script (PyTorch) and by verify_onnx.py (numpy); leave room for float rounding
            int hits = hits(s, images, labels);
            assertTrue(Math.abs(hits - 936) <= 3, "subset hits " + hits);
        }
    }

    @Test
    void fullDebianTestSetWhenInstalled() throws Exception {
        Path dir = EmbeddedDefaults.DEBIAN_TEST_SET.getParent();
        assumeTrue(Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz")), "Debian's dataset-fashion-mnist is not installed");
        Idx images = idx(Files.readAllBytes(EmbeddedDefaults.DEBIAN_TEST_SET));
        Idx labels = idx(Files.readAllBytes(dir.resolve("t10k-labels-idx1-ubyte.gz")));
        try (OrtSession s = session(EmbeddedDefaults.model())) {
            int hits = hits(s, images, labels);  // 9160 measured
            assertTrue(Math.abs(hits - 9160) <= 10, "full test-set hits " + hits);
        }
    }

    @Test
    void plumbingModelsHaveTheirDocumentedShapes() throws Exception {
        Path models = Path.of("src/test/resources/models");
        try (OrtSession s = session(Files.readAllBytes(models.resolve("imagenet_shape_random.onnx")))) {
            assertArrayEquals(new long[] {-1, 3, 224, 224}, ((TensorInfo) s.getInputInfo().get("input").getInfo()).getShape());
            assertArrayEquals(new long[] {-1, 1000}, ((TensorInfo) s.getOutputInfo().get("logits").getInfo()).getShape());
        }
        try (OrtSession s = session(Files.readAllBytes(models.resolve("foreign_nhwc_random.onnx")))) {
            assertArrayEquals(new long[] {-1, 32, 32, 3}, ((TensorInfo) s.getInputInfo().get("images").getInfo()).getShape());
            assertArrayEquals(new long[] {-1, 5}, ((TensorInfo) s.getOutputInfo().get("scores").getInfo()).getShape());
        }
    }
}
