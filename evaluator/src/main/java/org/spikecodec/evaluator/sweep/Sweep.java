package org.spikecodec.evaluator.sweep;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.metrics.Ssim;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Prediction;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;

/**
 * The bitrate sweep: every image through every codec at every target rate, classified, recorded; then, per
 * image and codec, the critical bitrate by bisection. Images run in parallel on {@code threads} workers, each
 * holding one image and its reconstructions at a time (memory stays bounded by the worker count); the
 * reconstructions of one image are classified as one batch. Finished work goes to the journal at once.
 */
public final class Sweep {
    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    /**
     * @param rates            target rates (bpp), any order
     * @param bisectionSteps   extra encodings per image and codec to narrow the critical bitrate; 0 = grid only
     * @param compressCrop     compress what the model sees (the photo resized and centre-cropped to the model's input,
     *                         {@link OnnxClassifier#view}) instead of the photo at its own resolution; rates are then bits
     *                         per pixel of the crop
     */
    public record Config(List<RateCodec> codecs, double[] rates, int threads, int bisectionSteps, boolean compressCrop) {
        /** Compressing the photos themselves (not the model's crop). */
        public Config(List<RateCodec> codecs, double[] rates, int threads, int bisectionSteps) {
            this(codecs, rates, threads, bisectionSteps, false);
        }

        public Config {
            if (codecs.isEmpty()) throw new IllegalArgumentException("no codec to evaluate");
            rates = rates.clone();
            Arrays.sort(rates);
            if (rates.length == 0 || !(rates[0] > 0)) throw new IllegalArgumentException("rates must be > 0");
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        }
        @Override public double[] rates() { return rates.clone(); }
    }

    /**
     * What happened: the images skipped (unreadable) with the reason, how many encodings were decoded and classified,
     * the wall time, and where the workers' time went ({@link Stage}, seconds summed over the workers).
     */
    public record Outcome(List<String> skipped, int computed, long nanos, Map<Stage, Double> stageSeconds, Map<String, Double> codecSeconds) {}

    /** Where a sweep spends its time: reading images, the codecs (encode, decode), PSNR and SSIM, the classifiers. */
    public enum Stage { LOAD, CODEC, QUALITY, CLASSIFY }

    /** Time per stage, added to by every worker. */
    private final java.util.EnumMap<Stage, java.util.concurrent.atomic.LongAdder> clock = new java.util.EnumMap<>(Stage.class);

    {
        for (Stage st : Stage.values()) clock.put(st, new java.util.concurrent.atomic.LongAdder());
    }

    /** The CODEC stage per codec. */
    private final Map<String, java.util.concurrent.atomic.LongAdder> codecClock = new java.util.concurrent.ConcurrentHashMap<>();

    private void spent(Stage st, long since) { clock.get(st).add(System.nanoTime() - since); }

    private void spent(RateCodec codec, long since) {
        long d = System.nanoTime() - since;
        clock.get(Stage.CODEC).add(d);
        codecClock.computeIfAbsent(codec.name(), k -> new java.util.concurrent.atomic.LongAdder()).add(d);
    }

    /** One model's side of a sweep: the classifier that judges the reconstructions, and the journal of its records. */
    public record Scorer(OnnxClassifier classifier, RecordJournal journal) {}

    private final List<OnnxClassifier> classifiers;
    private final Config config;

    /** A sweep judged by one model. */
    public Sweep(OnnxClassifier classifier, Config config) { this(List.of(classifier), config); }

    /**
     * A sweep judged by several models on the same encodings: each grid encoding is made once and classified by every
     * model; the bisections for critical bitrates are per model (they follow each model's decisions). With
     * {@code compressCrop} the first model's view is compressed, so every model must take the same input size.
     */
    public Sweep(List<OnnxClassifier> classifiers, Config config) {
        if (classifiers.isEmpty()) throw new IllegalArgumentException("no classifier");
        if (config.compressCrop())
            for (OnnxClassifier c : classifiers)
                if (c.preprocessing().width() != classifiers.get(0).preprocessing().width()
                        || c.preprocessing().height() != classifiers.get(0).preprocessing().height())
                    throw new IllegalArgumentException("compressing the crop needs models with one input size");
        this.classifiers = List.copyOf(classifiers);
        this.config = config;
    }

    /** Runs over {@code samples} with one journal per classifier (same order); {@code done} is told each finished image. */
    public Outcome run(Dataset dataset, List<Sample> samples, List<RecordJournal> journals, IntConsumer done) throws IOException, InterruptedException {
        List<Scorer> scorers = scorers(journals);
        long t0 = System.nanoTime();
        Map<Stage, Long> before = new java.util.EnumMap<>(Stage.class);
        for (Stage st : Stage.values()) before.put(st, clock.get(st).sum());
        Map<String, Long> codecBefore = new java.util.HashMap<>();
        for (RateCodec c : config.codecs()) codecBefore.put(c.name(), codecClock.computeIfAbsent(c.name(), k -> new java.util.concurrent.atomic.LongAdder()).sum());
        List<ImageResult> results = parallel(samples, s -> evaluate(dataset, s, scorers), done);
        List<String> skipped = new ArrayList<>();
        int computed = 0;
        for (ImageResult r : results) {
            if (r.skipped != null) skipped.add(r.skipped);
            computed += r.computed;
        }
        Map<Stage, Double> stages = new java.util.EnumMap<>(Stage.class);
        for (Stage st : Stage.values()) stages.put(st, (clock.get(st).sum() - before.get(st)) / 1e9);
        Map<String, Double> codecs = new LinkedHashMap<>();
        for (RateCodec c : config.codecs()) codecs.put(c.name(), (codecClock.get(c.name()).sum() - codecBefore.get(c.name())) / 1e9);
        return new Outcome(skipped, computed, System.nanoTime() - t0, stages, codecs);
    }

    /** Runs with the single classifier's journal. */
    public Outcome run(Dataset dataset, List<Sample> samples, RecordJournal journal, IntConsumer done) throws IOException, InterruptedException {
        return run(dataset, samples, List.of(journal), done);
    }

    /**
     * The reference of every sample for every classifier (its class and confidence on the uncompressed image),
     * journaled as its {@value EvalRecord#ORIGINAL} record or taken from the journal: {@code result.get(sample).get(model)};
     * null for a sample that cannot be read (reported in the log). Lets a caller choose images by confidence first.
     */
    public List<List<EvalRecord>> references(Dataset dataset, List<Sample> samples, List<RecordJournal> journals, IntConsumer done)
            throws IOException, InterruptedException {
        List<Scorer> scorers = scorers(journals);
        return parallel(samples, s -> {
            Image subject = null;
            List<EvalRecord> refs = new ArrayList<>();
            for (Scorer sc : scorers) {
                EvalRecord known = sc.journal().get(originalKey(s));
                if (known == null) {
                    try {
                        if (subject == null) subject = load(dataset, s);
                    } catch (InvalidInputException e) {
                        log.warn("skipping {}: {}", s.id(), e.getMessage());
                        return null;
                    }
                    known = reference(sc, s, subject);
                }
                refs.add(known);
            }
            return refs;
        }, done);
    }

    private List<Scorer> scorers(List<RecordJournal> journals) {
        if (journals.size() != classifiers.size()) throw new IllegalArgumentException(journals.size() + " journals for " + classifiers.size() + " classifiers");
        List<Scorer> out = new ArrayList<>();
        for (int i = 0; i < journals.size(); i++) out.add(new Scorer(classifiers.get(i), journals.get(i)));
        return out;
    }

    private interface Work<T> { T apply(Sample s) throws IOException, OrtException; }

    /** {@code work} on every sample, {@code threads} at a time with at most twice that queued, results in sample order. */
    private <T> List<T> parallel(List<Sample> samples, Work<T> work, IntConsumer done) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(config.threads() * 2);
        List<Future<T>> futures = new ArrayList<>();
        try {
            for (Sample s : samples) {
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return work.apply(s);
                    } catch (OrtException e) {
                        throw new IOException("classification failed on " + s.id() + ": " + e.getMessage(), e);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<T> out = new ArrayList<>(futures.size());
            int finished = 0;
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException(c);
                }
                done.accept(++finished);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private record ImageResult(String skipped, int computed) {}

    private ImageResult evaluate(Dataset dataset, Sample s, List<Scorer> scorers) throws IOException, OrtException {
        Image subject;
        try {
            subject = load(dataset, s);
        } catch (InvalidInputException e) {
            log.warn("skipping {}: {}", s.id(), e.getMessage());
            return new ImageResult(s.id() + ": " + e.getMessage(), 0);
        }
        Map<Scorer, EvalRecord> refs = new LinkedHashMap<>();
        for (Scorer sc : scorers) {
            EvalRecord ref = sc.journal().get(originalKey(s));
            refs.put(sc, ref != null ? ref : reference(sc, s, subject));
        }
        int computed = 0;
        for (RateCodec codec : config.codecs()) computed += sweepCodec(codec, s, subject, refs);
        return new ImageResult(null, computed);
    }

    private Image load(Dataset dataset, Sample s) throws InvalidInputException {
        long t = System.nanoTime();
        try {
            return subject(dataset.load(s));
        } finally {
            spent(Stage.LOAD, t);
        }
    }

    /** What the codecs compress: the photo, or the (first) model's view of it. */
    private Image subject(Image original) { return config.compressCrop() ? classifiers.get(0).view(original) : original; }

    private Prediction[] classify(OnnxClassifier c, List<Image> images) throws OrtException {
        long t = System.nanoTime();
        try {
            return config.compressCrop() ? c.classifyViews(images) : c.classify(images);
        } finally {
            spent(Stage.CLASSIFY, t);
        }
    }

    private EvalRecord reference(Scorer sc, Sample s, Image subject) throws IOException, OrtException {
        Prediction p = classify(sc.classifier(), List.of(subject))[0];
        int top1 = p.top1();
        EvalRecord r = new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1,
                "", top1, top1, p.inTop5(s.label() >= 0 ? s.label() : top1), p.confidence());
        sc.journal().add(r);
        return r;
    }

    static String originalKey(Sample s) {
        return new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, 0, 0, 0, 0, "", 0, 0, false).key();
    }

    /** One codec on one image: the grid rates any model still lacks (one encoding each, judged by all), then each model's bisection. */
    private int sweepCodec(RateCodec codec, Sample s, Image original, Map<Scorer, EvalRecord> refs) throws IOException, OrtException {
        String criticalKey = new CriticalBitrate(s.id(), codec.name(), 0, null).key();
        List<Double> todo = new ArrayList<>();
        for (double r : config.rates())
            for (Scorer sc : refs.keySet())
                if (!sc.journal().has(key(s, codec, r))) { todo.add(r); break; }
        boolean bisect = refs.keySet().stream().anyMatch(sc -> !sc.journal().hasCritical(criticalKey));
        if (todo.isEmpty() && !bisect) return 0;
        int computed = 0;
        long opened = System.nanoTime();
        try (RateCodec.Session session = codec.open(original)) {
            spent(codec, opened);
            if (!todo.isEmpty()) {
                List<RateCodec.Compressed> outs = new ArrayList<>(todo.size());
                long t0 = System.nanoTime();
                for (double t : todo) outs.add(session.compress(t));
                spent(codec, t0);
                computed += outs.size();
                long t1 = System.nanoTime();
                Quality[] quality = quality(original, outs);
                spent(Stage.QUALITY, t1);
                for (var e : refs.entrySet()) {
                    List<EvalRecord> rs = judge(e.getKey(), s, codec, todo, outs, quality, e.getValue().top1());
                    for (EvalRecord r : rs) if (!e.getKey().journal().has(r.key())) e.getKey().journal().add(r);
                }
            }
            for (var e : refs.entrySet()) {
                if (e.getKey().journal().hasCritical(criticalKey)) continue;
                Bisection b = critical(session, e.getKey(), codec, s, original, e.getValue().top1());
                e.getKey().journal().add(b.result());
                computed += b.probes();
            }
        }
        return computed;
    }

    /** PSNR and SSIM of a reconstruction: properties of the encoding, computed once whatever the number of models. */
    private record Quality(double psnr, double ssim) {}

    private static Quality[] quality(Image original, List<RateCodec.Compressed> outs) {
        Quality[] q = new Quality[outs.size()];
        for (int i = 0; i < q.length; i++) q[i] = new Quality(Psnr.of(original, outs.get(i).decoded()), Ssim.of(original, outs.get(i).decoded()));
        return q;
    }

    /** One model's records of some encodings (classified as one batch). */
    private List<EvalRecord> judge(Scorer sc, Sample s, RateCodec codec, List<Double> targets, List<RateCodec.Compressed> outs, Quality[] quality,
                                   int refTop1) throws OrtException {
        List<Image> decoded = new ArrayList<>(outs.size());
        for (RateCodec.Compressed c : outs) decoded.add(c.decoded());
        Prediction[] p = classify(sc.classifier(), decoded);
        List<EvalRecord> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            RateCodec.Compressed c = outs.get(i);
            out.add(new EvalRecord(s.id(), s.label(), codec.name(), targets.get(i), c.payloadBpp(), c.fileBpp(), quality[i].psnr(), quality[i].ssim(),
                    c.setting(), p[i].top1(), refTop1, p[i].inTop5(s.label() >= 0 ? s.label() : refTop1), p[i].probability(refTop1)));
        }
        return out;
    }

    private record Bisection(CriticalBitrate result, int probes) {}

    /**
     * Bisection on log(target rate) between the highest grid rate at which the class differs from the original's
     * and the next rate up, assuming (as the grid mostly shows) that the class, once kept, stays kept at higher
     * rates. Non-monotone images are bracketed from the top: the answer is the rate above which they never
     * lose their class on the grid. Only whether the class is kept matters here, so probes skip PSNR and SSIM.
     */
    private Bisection critical(RateCodec.Session session, Scorer sc, RateCodec codec, Sample s, Image original, int refTop1)
            throws IOException, OrtException {
        double[] rates = config.rates();
        EvalRecord[] grid = new EvalRecord[rates.length];
        for (int i = 0; i < rates.length; i++) grid[i] = sc.journal().get(key(s, codec, rates[i]));
        int lowestFaithful = rates.length; // every grid point from here up keeps the class
        while (lowestFaithful > 0 && grid[lowestFaithful - 1].faithful()) lowestFaithful--;
        if (lowestFaithful == 0) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[0].bpp(), "below"), 0);
        if (lowestFaithful == rates.length) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[rates.length - 1].bpp(), "above"), 0);
        double lo = Math.log(rates[lowestFaithful - 1]), hi = Math.log(rates[lowestFaithful]);
        double best = grid[lowestFaithful].bpp();
        for (int step = 0; step < config.bisectionSteps(); step++) {
            double mid = (lo + hi) / 2;
            long t = System.nanoTime();
            RateCodec.Compressed c = session.compress(Math.exp(mid));
            spent(codec, t);
            if (classify(sc.classifier(), List.of(c.decoded()))[0].top1() == refTop1) { hi = mid; best = c.payloadBpp(); } else lo = mid;
        }
        return new Bisection(new CriticalBitrate(s.id(), codec.name(), best, null), config.bisectionSteps());
    }

    private static String key(Sample s, RateCodec codec, double rate) {
        return new EvalRecord(s.id(), s.label(), codec.name(), rate, 0, 0, 0, 0, "", 0, 0, false).key();
    }
}
