package org.spikecodec.evaluator.sweep;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.sweep.ImageEvaluator.Judge;
import org.spikecodec.evaluator.sweep.ImageEvaluator.Stage;

/**
 * The bitrate sweep on this machine: every image through {@link ImageEvaluator} (every codec at every target rate,
 * judged by one or more classifiers, then per image, codec and classifier the critical bitrate by bisection).
 * Images run in parallel on {@code threads} workers, each holding one image, one reconstruction of it and its codec's
 * session at a time (memory stays bounded by the worker count). Finished work goes to the judges' stores (journals) at once. A codec that fails
 * on an image is reported and that image goes on with the other codecs; a classifier failure stops the run.
 */
public final class Sweep implements SweepRunner {
    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    /**
     * @param rates            target rates (bpp), any order
     * @param bisectionSteps   extra encodings per image and codec to narrow the critical bitrate; 0 = grid only
     * @param compressCrop     compress what the (first) model sees instead of the photo at its own resolution
     *                         (see {@link ImageEvaluator.Settings})
     */
    public record Config(List<RateCodec> codecs, double[] rates, int threads, int bisectionSteps, boolean compressCrop) {
        public Config {
            ImageEvaluator.Settings checked = new ImageEvaluator.Settings(codecs, rates, bisectionSteps, compressCrop);
            codecs = checked.codecs();
            rates = checked.rates();
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        }
        @Override public double[] rates() { return rates.clone(); }

        /** What every image is measured with, whichever runner runs it. */
        public ImageEvaluator.Settings settings() { return new ImageEvaluator.Settings(codecs, rates, bisectionSteps, compressCrop); }
    }

    /**
     * What happened: the images skipped (unreadable) and the codec failures, each with its reason; how many encodings
     * were decoded and judged (shared by every judge); the wall time; and where the workers' time went (seconds summed
     * over the workers, by stage and, for the codec stage, by codec).
     */
    public record Outcome(List<String> skipped, List<String> codecFailures, int computed, long nanos, Map<Stage, Double> stageSeconds,
                          Map<String, Double> codecSeconds) {
        /** The sum of the images' outcomes of a sweep that took {@code nanos}. */
        public static Outcome of(List<ImageEvaluator.Outcome> images, long nanos) {
            List<String> skipped = new ArrayList<>(), failures = new ArrayList<>();
            int computed = 0;
            Map<Stage, Double> stages = new EnumMap<>(Stage.class);
            for (Stage st : Stage.values()) stages.put(st, 0.0);
            Map<String, Double> codecs = new LinkedHashMap<>();
            for (ImageEvaluator.Outcome o : images) {
                if (o.skipped() != null) skipped.add(o.skipped());
                failures.addAll(o.codecFailures());
                computed += o.computed();
                o.stageNanos().forEach((st, n) -> stages.merge(st, n / 1e9, Double::sum));
                o.codecNanos().forEach((c, n) -> codecs.merge(c, n / 1e9, Double::sum));
            }
            return new Outcome(List.copyOf(skipped), List.copyOf(failures), computed, nanos, stages, codecs);
        }
    }

    private final Config config;

    public Sweep(Config config) { this.config = config; }

    @Override
    public Outcome run(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done) throws IOException, InterruptedException {
        ImageEvaluator.requireCompatible(judges, config.compressCrop());
        ImageEvaluator evaluator = new ImageEvaluator(config.settings(), dataset);
        long t0 = System.nanoTime();
        List<ImageEvaluator.Outcome> results = parallel(samples, s -> evaluator.evaluate(s, judges), done);
        Outcome o = Outcome.of(results, System.nanoTime() - t0);
        // every codec of the run, even one no image reached (a resumed run), keeps its line in the summary
        Map<String, Double> codecs = new LinkedHashMap<>();
        for (RateCodec c : config.codecs()) codecs.put(c.name(), o.codecSeconds().getOrDefault(c.name(), 0.0));
        return new Outcome(o.skipped(), o.codecFailures(), o.computed(), o.nanos(), o.stageSeconds(), codecs);
    }

    @Override
    public List<List<EvalRecord>> references(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done)
            throws IOException, InterruptedException {
        ImageEvaluator.requireCompatible(judges, config.compressCrop());
        ImageEvaluator evaluator = new ImageEvaluator(config.settings(), dataset);
        return parallel(samples, s -> evaluator.references(s, judges), done);
    }

    private interface Work<T> { T apply(Sample s) throws IOException, OrtException; }

    /**
     * {@code work} on every sample, {@code threads} at a time with at most twice that queued, results in sample order.
     * The first failure stops the submission of further samples and is thrown once every worker has stopped: nothing
     * may touch the classifiers' native sessions or the journals after this returns.
     */
    private <T> List<T> parallel(List<Sample> samples, Work<T> work, IntConsumer done) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(config.threads() * 2);
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicInteger finished = new AtomicInteger();
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (Sample s : samples) {
                inFlight.acquire();
                if (failure.get() != null) break;
                futures.add(pool.submit(() -> {
                    try {
                        T r = work.apply(s);
                        synchronized (done) { done.accept(finished.incrementAndGet()); }
                        return r;
                    } catch (OrtException e) {
                        IOException io = new IOException("classification failed on " + s.id() + ": " + e.getMessage(), e);
                        failure.compareAndSet(null, io);
                        throw io;
                    } catch (Exception | Error e) {
                        if (e instanceof Exception x) failure.compareAndSet(null, x);
                        else failure.compareAndSet(null, new IOException(e));
                        throw e;
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            pool.shutdown();
            awaitWorkers(pool);
            Exception first = failure.get();
            if (first instanceof IOException io) throw io;
            if (first instanceof RuntimeException re) throw re;
            if (first != null) throw new IOException(first);
            List<T> out = new ArrayList<>(futures.size());
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause()); // recorded as the first failure above; not reached
                }
            }
            return out;
        } finally {
            if (!pool.isTerminated()) {
                pool.shutdownNow();
                awaitWorkers(pool);
            }
        }
    }

    /** Waits for the workers to finish their current image (a codec call is not interruptible). */
    private static void awaitWorkers(ExecutorService pool) throws InterruptedException {
        while (!pool.awaitTermination(30, TimeUnit.SECONDS)) log.info("waiting for the sweep's workers to finish their images");
    }
}
