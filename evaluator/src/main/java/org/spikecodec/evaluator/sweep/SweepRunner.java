package org.spikecodec.evaluator.sweep;

import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;

/**
 * Runs {@link ImageEvaluator} over many images: {@link Sweep} on a local thread pool, or a distributed runner (the
 * Spark module's). Whatever runs where, the judges' stores hold every record when a call returns.
 */
public interface SweepRunner {
    /** Sweeps {@code samples}; {@code done} is told how many images are finished (from any thread, in any order). */
    Sweep.Outcome run(Dataset dataset, List<Sample> samples, List<ImageEvaluator.Judge> judges, IntConsumer done) throws IOException, InterruptedException;

    /**
     * The reference of every sample for every judge, in the judges' stores afterwards: {@code result.get(sample).get(judge)};
     * null for a sample that cannot be read. Lets a caller choose images by confidence first.
     */
    List<List<EvalRecord>> references(Dataset dataset, List<Sample> samples, List<ImageEvaluator.Judge> judges, IntConsumer done)
            throws IOException, InterruptedException;

    /** Lines for the run's summary that say how the sweep ran (a distributed runner's master, its tasks); none by default. */
    default java.util.Map<String, Object> description() { return java.util.Map.of(); }

    /**
     * Makes the runner of one evaluation run: its sweep configuration and the dataset's path as the run resolved it
     * (where a distributed runner's workers read the images).
     */
    @FunctionalInterface
    interface Factory {
        SweepRunner create(Sweep.Config config, java.nio.file.Path dataset) throws IOException;

        /**
         * The run's dataset, resolved to {@code path}, listed with the class keys {@code classKeys}: from the local file
         * system by default; a distributed runner may read it from where its workers do.
         */
        default Dataset openDataset(java.nio.file.Path path, List<String> classKeys) throws org.spikecodec.engine.InvalidInputException {
            return org.spikecodec.evaluator.data.Datasets.open(path, classKeys);
        }

        /** The local thread pool. */
        Factory LOCAL = (config, dataset) -> new Sweep(config);
    }
}
