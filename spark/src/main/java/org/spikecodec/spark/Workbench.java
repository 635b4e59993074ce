package org.spikecodec.spark;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.sweep.ImageEvaluator;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;

/**
 * What an executor JVM judges images with: the spec's classifiers (one ONNX Runtime session each), one compute
 * backend, the codecs on it, the dataset's listing and the {@link ImageEvaluator}. Opening them costs seconds (model
 * loading, OpenCL kernel builds), so each JVM opens one per spec and GPU and keeps it for every task it runs
 * ({@link #of}, {@link PerJvm}); all of it is safe for the concurrent tasks of one executor.
 */
public final class Workbench implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Workbench.class);
    private record Key(EvaluationSpec spec, int gpu) {}

    private final List<OnnxClassifier> classifiers;
    private final ComputeBackend backend;
    private final Dataset dataset;
    private final Map<String, Sample> samples = new HashMap<>();
    private final ImageEvaluator evaluator;

    private Workbench(EvaluationSpec spec, int gpu) throws IOException {
        Evaluation.Options o = spec.options(gpu);
        BackendSelector selector = new BackendSelector();
        ComputeBackend b = selector.open(selector.forGpu(spec.backend(), gpu));
        List<OnnxClassifier> clfs = List.of();
        try {
            clfs = Evaluation.openClassifiers(o);
            List<RateCodec> codecs = new ArrayList<>();
            for (String name : spec.codecs()) codecs.add(Evaluation.codec(name, b, spec.rateArray()));
            this.dataset = HadoopFolderDataset.isUri(spec.dataset()) ? HadoopFolderDataset.open(spec.dataset(), Evaluation.classKeys(o))
                    : Evaluation.openDataset(o, Path.of(spec.dataset()));
            for (Sample s : dataset.samples()) samples.put(s.id(), s);
            this.evaluator = new ImageEvaluator(new ImageEvaluator.Settings(codecs, spec.rateArray(), spec.bisectionSteps(), spec.compressCrop()), dataset);
        } catch (IOException | RuntimeException e) {
            closeQuietly(clfs, b, e);
            throw e;
        }
        this.classifiers = clfs;
        this.backend = b;
        log.info("opened {} classifier(s) on {}, backend {}, {} images listed", clfs.size(), clfs.isEmpty() ? "-" : clfs.get(0).provider(), b.name(),
                samples.size());
    }

    /** This JVM's workbench for {@code spec} on GPU {@code gpu} (-1: none assigned), opened on first use. */
    public static Workbench of(EvaluationSpec spec, int gpu) throws IOException {
        return PerJvm.get(new Key(spec, gpu), Workbench.class, () -> new Workbench(spec, gpu));
    }

    public List<OnnxClassifier> classifiers() { return classifiers; }

    public ImageEvaluator evaluator() { return evaluator; }

    /**
     * The dataset's sample of this id, as this executor lists it (the id is the path within the dataset, so the same
     * on every machine).
     */
    public Sample sample(String id) throws IOException {
        Sample s = samples.get(id);
        if (s == null) throw new IOException("image " + id + " is not in " + dataset.description() + " as this executor sees it");
        return s;
    }

    @Override public void close() {
        closeQuietly(classifiers, backend, null);
    }

    private static void closeQuietly(List<OnnxClassifier> classifiers, ComputeBackend backend, Exception failure) {
        for (OnnxClassifier c : classifiers) {
            try {
                c.close();
            } catch (OrtException e) {
                if (failure != null) failure.addSuppressed(e);
            }
        }
        try {
            backend.close();
        } catch (RuntimeException e) {
            if (failure != null) failure.addSuppressed(e);
        }
    }
}
