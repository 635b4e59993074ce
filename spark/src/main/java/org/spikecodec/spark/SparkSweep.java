package org.spikecodec.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;
import org.spikecodec.evaluator.sweep.ImageEvaluator;
import org.spikecodec.evaluator.sweep.ImageEvaluator.Judge;
import org.spikecodec.evaluator.sweep.InMemoryRecords;
import org.spikecodec.evaluator.sweep.Sweep;
import org.spikecodec.evaluator.sweep.SweepRunner;

/**
 * The sweep on a Spark cluster: one task per image, each calling the same {@link ImageEvaluator} as the local sweep on
 * the executor's {@link Workbench} (opened once per executor JVM from the {@link EvaluationSpec} every task carries).
 * A task carries what the driver's journals know of its image and brings back only what it added, which the driver
 * journals: a resumed run ships only the images with work left, and an executor lost mid-task costs that image's
 * retry (Spark's). Images go out in waves of {@code imagesPerWave}, so that the driver journals finished work as it
 * comes and holds at most one wave's results.
 */
public final class SparkSweep implements SweepRunner {
    private final JavaSparkContext spark;
    private final EvaluationSpec spec;
    private final Sweep.Config config;
    private final int imagesPerWave;
    private final Set<Integer> gpusSeen = new TreeSet<>();

    public SparkSweep(JavaSparkContext spark, EvaluationSpec spec, Sweep.Config config, int imagesPerWave) {
        if (imagesPerWave < 1) throw new IllegalArgumentException("images per wave must be >= 1");
        this.spark = spark;
        this.spec = spec;
        this.config = config;
        this.imagesPerWave = imagesPerWave;
    }

    /** The default wave: 16 images per task slot, so that a wave's slowest image leaves the slots idle briefly. */
    public static int defaultWave(JavaSparkContext spark) { return 16 * Math.max(1, spark.defaultParallelism()); }

    /** One image's work as a task carries it: the sample, which judges judge it, and what each judge knows of it. */
    record ImageTask(Sample sample, List<Boolean> judged, List<List<EvalRecord>> knownRecords, List<List<CriticalBitrate>> knownCritical,
                     boolean referencesOnly) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a task brings back: per judge the records and critical bitrates it added (for a reference task, the
     * reference records; null when the image could not be read), the image's outcome, and the GPU it ran on (-1: none).
     */
    record ImageResult(String image, List<List<EvalRecord>> records, List<List<CriticalBitrate>> critical, ImageEvaluator.Outcome outcome, int gpu)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The executor side: each task's images through this JVM's workbench. Static, so that only the spec is serialized. */
    static final class EvaluateImages implements FlatMapFunction<Iterator<ImageTask>, ImageResult> {
        private static final long serialVersionUID = 1L;
        private final EvaluationSpec spec;

        EvaluateImages(EvaluationSpec spec) { this.spec = spec; }

        @Override public Iterator<ImageResult> call(Iterator<ImageTask> tasks) throws Exception {
            int gpu = TaskGpu.current();
            Workbench bench = Workbench.of(spec, gpu);
            List<ImageResult> out = new ArrayList<>();
            while (tasks.hasNext()) out.add(evaluate(bench, tasks.next(), gpu));
            return out.iterator();
        }

        private static ImageResult evaluate(Workbench bench, ImageTask t, int gpu) throws Exception {
            Sample sample = bench.sample(t.sample().id());
            List<OnnxClassifier> classifiers = bench.classifiers();
            List<InMemoryRecords> stores = new ArrayList<>();
            List<Judge> judges = new ArrayList<>();
            for (int j = 0; j < classifiers.size(); j++) {
                InMemoryRecords store = new InMemoryRecords(t.knownRecords().get(j), t.knownCritical().get(j));
                boolean judged = t.judged().get(j);
                stores.add(store);
                judges.add(new Judge(classifiers.get(j), store, image -> judged));
            }
            if (t.referencesOnly()) {
                List<EvalRecord> refs = bench.evaluator().references(sample, judges);
                return new ImageResult(sample.id(), refs == null ? null : refs.stream().map(List::of).toList(), null, null, gpu);
            }
            ImageEvaluator.Outcome outcome = bench.evaluator().evaluate(sample, judges);
            return new ImageResult(sample.id(), stores.stream().map(InMemoryRecords::addedRecords).toList(),
                    stores.stream().map(InMemoryRecords::addedCritical).toList(), outcome, gpu);
        }
    }

    @Override
    public Sweep.Outcome run(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done) throws IOException {
        ImageEvaluator.requireCompatible(judges, config.compressCrop());
        ImageEvaluator local = new ImageEvaluator(config.settings(), dataset); // asks the journals only: no image is read here
        long t0 = System.nanoTime();
        int finished = 0;
        List<ImageTask> tasks = new ArrayList<>();
        for (Sample s : samples) {
            if (local.pending(s, judges)) tasks.add(task(local, s, judges, false));
            else done.accept(++finished);
        }
        List<ImageEvaluator.Outcome> outcomes = new ArrayList<>();
        for (List<ImageResult> wave : waves(tasks)) {
            for (ImageResult r : wave) {
                for (int j = 0; j < judges.size(); j++) {
                    for (EvalRecord x : r.records().get(j)) judges.get(j).store().add(x);
                    for (CriticalBitrate c : r.critical().get(j)) judges.get(j).store().add(c);
                }
                outcomes.add(r.outcome());
                done.accept(++finished);
            }
        }
        Sweep.Outcome o = Sweep.Outcome.of(outcomes, System.nanoTime() - t0);
        Map<String, Double> codecs = new LinkedHashMap<>();
        for (String c : spec.codecs()) codecs.put(c, o.codecSeconds().getOrDefault(c, 0.0));
        return new Sweep.Outcome(o.skipped(), o.codecFailures(), o.computed(), o.nanos(), o.stageSeconds(), codecs);
    }

    @Override
    public List<List<EvalRecord>> references(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done) throws IOException {
        ImageEvaluator.requireCompatible(judges, config.compressCrop());
        ImageEvaluator local = new ImageEvaluator(config.settings(), dataset);
        Map<String, List<EvalRecord>> byImage = new LinkedHashMap<>();
        List<ImageTask> tasks = new ArrayList<>();
        int finished = 0;
        for (Sample s : samples) {
            List<EvalRecord> known = new ArrayList<>();
            for (Judge j : judges) known.add(j.store().get(ImageEvaluator.originalKey(s)));
            if (known.contains(null)) tasks.add(task(local, s, judges, true));
            else {
                byImage.put(s.id(), known);
                done.accept(++finished);
            }
        }
        for (List<ImageResult> wave : waves(tasks)) {
            for (ImageResult r : wave) {
                List<EvalRecord> refs = null;
                if (r.records() != null) {
                    refs = new ArrayList<>();
                    for (int j = 0; j < judges.size(); j++) {
                        EvalRecord ref = r.records().get(j).get(0);
                        judges.get(j).store().add(ref);
                        refs.add(ref);
                    }
                }
                byImage.put(r.image(), refs);
                done.accept(++finished);
            }
        }
        List<List<EvalRecord>> out = new ArrayList<>();
        for (Sample s : samples) out.add(byImage.get(s.id()));
        return out;
    }

    private static ImageTask task(ImageEvaluator local, Sample s, List<Judge> judges, boolean referencesOnly) {
        List<Boolean> judged = new ArrayList<>();
        List<List<EvalRecord>> records = new ArrayList<>();
        List<List<CriticalBitrate>> critical = new ArrayList<>();
        for (Judge j : judges) {
            InMemoryRecords known = local.known(s, j.store());
            judged.add(referencesOnly || j.judges().test(s.id()));
            records.add(known.records());
            critical.add(known.critical());
        }
        return new ImageTask(s, judged, records, critical, referencesOnly);
    }

    /** The tasks' results, one wave at a time: a wave is one Spark job of one task per image. */
    private Iterable<List<ImageResult>> waves(List<ImageTask> tasks) {
        return () -> new Iterator<>() {
            int next;
            @Override public boolean hasNext() { return next < tasks.size(); }
            @Override public List<ImageResult> next() {
                List<ImageTask> wave = tasks.subList(next, Math.min(tasks.size(), next + imagesPerWave));
                next += wave.size();
                spark.setJobDescription("spikecodec: images " + (next - wave.size() + 1) + "-" + next + " of " + tasks.size());
                List<ImageResult> results = spark.parallelize(wave, wave.size()).mapPartitions(new EvaluateImages(spec)).collect();
                synchronized (gpusSeen) {
                    for (ImageResult r : results) if (r.gpu() >= 0) gpusSeen.add(r.gpu());
                }
                return results;
            }
        };
    }

    /** The GPU ids tasks reported so far (empty when no GPU was scheduled). */
    public Set<Integer> gpusSeen() {
        synchronized (gpusSeen) { return Set.copyOf(gpusSeen); }
    }

    @Override public Map<String, Object> description() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runner", "Apache Spark " + spark.version() + " (master " + spark.master() + ", " + spark.defaultParallelism()
                + " task slots; one task per image, " + imagesPerWave + " images per wave)");
        return d;
    }
}
