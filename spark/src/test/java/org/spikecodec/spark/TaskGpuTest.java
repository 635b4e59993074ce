package org.spikecodec.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.sweep.Sweep;

/** The GPU id's way from Spark's task resources to the classifier's CUDA device (the OpenCL side: BackendSelectorTest). */
class TaskGpuTest {
    @Test
    void theFirstGpuAddressOfTheTaskIsItsDevice() {
        assertEquals(1, TaskGpu.of(Map.of("gpu", new ResourceInformation("gpu", new String[] {"1", "3"}))));
        assertEquals(-1, TaskGpu.of(Map.of()), "no GPU scheduled");
        assertEquals(-1, TaskGpu.of(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
        assertThrows(IllegalStateException.class, () -> TaskGpu.of(Map.of("gpu", new ResourceInformation("gpu", new String[] {"GPU-5c1f"}))),
                "a UUID is not a device ordinal");
        assertEquals(-1, TaskGpu.current(), "outside a task");
    }

    @Test
    void theSpecOpensItsClassifiersOnTheTasksCudaDevice() throws Exception {
        Evaluation.Options o = Evaluation.Options.builder(java.nio.file.Path.of("out")).suite(Evaluation.Suite.FASHION_MNIST)
                .device(OnnxClassifier.Device.CUDA).codecs(java.util.List.of("jpeg")).build();
        Sweep.Config config = new Sweep.Config(java.util.List.of(Evaluation.codec("jpeg", null)), new double[] {0.5, 1}, 1, 0, false);
        EvaluationSpec spec = EvaluationSpec.of(o, config, "/data", "auto");
        assertEquals(2, spec.options(2).cudaDevice());
        assertEquals(0, spec.options(-1).cudaDevice(), "no GPU scheduled: CUDA's default device");
        assertEquals(OnnxClassifier.Device.CUDA, spec.options(2).device());
        assertEquals(spec, EvaluationSpec.of(o, config, "/data", "auto"), "equal runs make equal specs (the per-JVM cache's key)");
        // what travels to executors survives serialization
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) { out.writeObject(spec); }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) { assertEquals(spec, in.readObject()); }
    }
}
