package org.spikecodec.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Preprocessing;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.sweep.Sweep;

/**
 * What an executor needs to judge images as the driver's run does, and nothing else: it travels with every task, so
 * it is small, immutable and made of strings, numbers and lists (equal specs are equal records: the per-JVM cache of
 * {@link Workbench}es is keyed by it).
 *
 * @param models        the run's {@code --model} (built-in ids or .onnx paths every executor can read), comma-separated
 * @param suite         the suite's id (it implies the model when none is named)
 * @param preset        preprocessing preset of an .onnx file, or null
 * @param preprocessing explicit preprocessing, or null
 * @param labels        class names file, or null
 * @param device        ONNX Runtime device of the classifiers
 * @param dataset       the dataset as the run resolved it: a path every executor can read (a shared mount), or a
 *                      folder's URI on a Hadoop file system ({@link HadoopFolderDataset})
 * @param codecs        codec names, in the run's order
 * @param rates         target rates, ascending
 * @param backend       compute backend specification ({@code auto}, {@code cpu}, {@code opencl}, ...)
 */
public record EvaluationSpec(String models, String suite, String preset, PreprocessingSpec preprocessing, String labels, OnnxClassifier.Device device,
                             String dataset, List<String> codecs, List<Double> rates, int bisectionSteps, boolean compressCrop, String backend)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public EvaluationSpec {
        codecs = List.copyOf(codecs);
        rates = List.copyOf(rates);
    }

    /** {@link Preprocessing} as lists, so that equal settings make equal specs. */
    public record PreprocessingSpec(int resizeShorter, int width, int height, int channels, List<Double> mean, List<Double> std, boolean bgr, boolean nhwc)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static PreprocessingSpec of(Preprocessing p) {
            return p == null ? null : new PreprocessingSpec(p.resizeShorter(), p.width(), p.height(), p.channels(), list(p.mean()), list(p.std()), p.bgr(), p.nhwc());
        }

        Preprocessing toPreprocessing() {
            return new Preprocessing(resizeShorter, width, height, channels, array(mean), array(std), bgr, nhwc);
        }
    }

    /**
     * The spec of a run with options {@code o}, sweep {@code config}, its dataset resolved to {@code dataset} (an
     * absolute path, or a Hadoop file system URI).
     */
    public static EvaluationSpec of(Evaluation.Options o, Sweep.Config config, String dataset, String backend) {
        return new EvaluationSpec(o.model(), o.effectiveSuite().id(), o.preset(), PreprocessingSpec.of(o.preprocessing()),
                o.labels() == null ? null : o.labels().toString(), o.device(), dataset,
                config.codecs().stream().map(RateCodec::name).toList(), list(config.rates()), config.bisectionSteps(), config.compressCrop(), backend);
    }

    /**
     * The options that open this spec's classifiers and dataset on an executor, with the classifiers on CUDA device
     * {@code cudaDevice}. Their output folder is never written there (the driver writes every output).
     */
    public Evaluation.Options options(int cudaDevice) {
        return Evaluation.Options.builder(Path.of(System.getProperty("java.io.tmpdir"))).model(models).suite(Evaluation.Suite.parse(suite))
                .preset(preset).preprocessing(preprocessing == null ? null : preprocessing.toPreprocessing()).labels(labels == null ? null : Path.of(labels))
                .dataset(Path.of(dataset)).codecs(codecs).rates(array(rates)).device(device).cudaDevice(Math.max(cudaDevice, 0))
                .bisectionSteps(bisectionSteps).compressCrop(compressCrop).build();
    }

    public double[] rateArray() { return array(rates); }

    private static List<Double> list(double[] v) { return Arrays.stream(v).boxed().toList(); }

    private static double[] array(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }
}
