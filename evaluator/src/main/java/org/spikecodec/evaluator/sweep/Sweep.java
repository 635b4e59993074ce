package org.spikecodec.evaluator.sweep;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
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
 * The bitrate sweep: every image through every codec at every target rate, judged by one or more classifiers,
 * recorded; then, per image, codec and classifier, the critical bitrate by bisection. Each grid encoding is made
 * once and judged by every classifier (so several models compare on the very same encodings); the bisections follow
 * each classifier's own decisions. Images run in parallel on {@code threads} workers, each holding one image and its
 * reconstructions at a time (memory stays bounded by the worker count); one image's reconstructions by one codec are
 * classified as one batch. Finished work goes to the journals at once. A codec that fails on an image (a tool that
 * crashes) is reported and that image goes on with the other codecs; a classifier failure stops the run.
 */
public final class Sweep {
    private static final Logger log = LoggerFactory.getLogger(Sweep.class);

    /**
     * @param rates            target rates (bpp), any order
     * @param bisectionSteps   extra encodings per image and codec to narrow the critical bitrate; 0 = grid only
     * @param compressCrop     compress what the (first) model sees (the photo resized and centre-cropped to its input,
     *                         {@link OnnxClassifier#view}) instead of the photo at its own resolution; rates are then bits
     *                         per pixel of the crop
     */
    public record Config(List<RateCodec> codecs, double[] rates, int threads, int bisectionSteps, boolean compressCrop) {
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
     * One model's side of a sweep: the classifier that judges the reconstructions, the journal of its records, and
     * which images it judges (those it kept, e.g. above a confidence floor; an image no judge keeps is not swept).
     */
    public record Judge(OnnxClassifier classifier, RecordJournal journal, Predicate<String> judges) {
        public Judge(OnnxClassifier classifier, RecordJournal journal) { this(classifier, journal, image -> true); }
    }

    /** Where a sweep spends its time: reading images, the codecs (encode, decode), PSNR and SSIM, the classifiers. */
    public enum Stage { LOAD, CODEC, QUALITY, CLASSIFY }

    /**
     * What happened: the images skipped (unreadable) and the codec failures, each with its reason; how many encodings
     * were decoded and judged (shared by every judge); the wall time; and where the workers' time went (seconds summed
     * over the workers, by stage and, for the codec stage, by codec).
     */
    public record Outcome(List<String> skipped, List<String> codecFailures, int computed, long nanos, Map<Stage, Double> stageSeconds,
                          Map<String, Double> codecSeconds) {}

    private final Config config;

    public Sweep(Config config) { this.config = config; }

    /** Sweeps {@code samples}; {@code done} is told how many images are finished (from worker threads, in any order). */
    public Outcome run(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done) throws IOException, InterruptedException {
        Pass pass = new Pass(dataset, judges);
        long t0 = System.nanoTime();
        List<ImageResult> results = parallel(samples, pass::evaluate, done);
        List<String> skipped = new ArrayList<>();
        int computed = 0;
        for (ImageResult r : results) {
            if (r.skipped != null) skipped.add(r.skipped);
            computed += r.computed;
        }
        return new Outcome(skipped, List.copyOf(pass.codecFailures), computed, System.nanoTime() - t0, pass.stageSeconds(), pass.codecSeconds());
    }

    /**
     * The reference of every sample for every judge (its class and confidence on the uncompressed image), journaled as
     * its {@value EvalRecord#ORIGINAL} record or taken from the journal: {@code result.get(sample).get(judge)}; null
     * for a sample that cannot be read (reported in the log). Lets a caller choose images by confidence first.
     */
    public List<List<EvalRecord>> references(Dataset dataset, List<Sample> samples, List<Judge> judges, IntConsumer done)
            throws IOException, InterruptedException {
        Pass pass = new Pass(dataset, judges);
        return parallel(samples, s -> {
            Image subject = null;
            List<EvalRecord> refs = new ArrayList<>();
            for (Judge j : judges) {
                EvalRecord known = j.journal().get(originalKey(s));
                if (known == null) {
                    try {
                        if (subject == null) subject = pass.load(s);
                    } catch (InvalidInputException e) {
                        log.warn("skipping {}: {}", s.id(), e.getMessage());
                        return null;
                    }
                    known = pass.reference(j, s, subject);
                }
                refs.add(known);
            }
            return refs;
        }, done);
    }

    static String originalKey(Sample s) {
        return new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, 0, 0, 0, 0, "", 0, 0, false).key();
    }

    private static String key(Sample s, RateCodec codec, double rate) {
        return new EvalRecord(s.id(), s.label(), codec.name(), rate, 0, 0, 0, 0, "", 0, 0, false).key();
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

    private record ImageResult(String skipped, int computed) {}

    /** A codec that failed on one image (its tool crashed, its output was unreadable): reported, the sweep goes on. */
    private static final class CodecFailed extends Exception {
        private static final long serialVersionUID = 1L;
        CodecFailed(IOException cause) { super(cause.getMessage(), cause); }
    }

    /** One run over samples with its judges, its clocks and its failures. */
    private final class Pass {
        private final Dataset dataset;
        private final List<Judge> judges;
        private final EnumMap<Stage, LongAdder> clock = new EnumMap<>(Stage.class);
        private final Map<String, LongAdder> codecClock = new ConcurrentHashMap<>();
        private final List<String> codecFailures = Collections.synchronizedList(new ArrayList<>());

        Pass(Dataset dataset, List<Judge> judges) {
            if (judges.isEmpty()) throw new IllegalArgumentException("no classifier");
            if (config.compressCrop())
                for (Judge j : judges)
                    if (j.classifier().preprocessing().width() != judges.get(0).classifier().preprocessing().width()
                            || j.classifier().preprocessing().height() != judges.get(0).classifier().preprocessing().height())
                        throw new IllegalArgumentException("compressing the crop needs models with one input size");
            this.dataset = dataset;
            this.judges = List.copyOf(judges);
            for (Stage st : Stage.values()) clock.put(st, new LongAdder());
            for (RateCodec c : config.codecs()) codecClock.put(c.name(), new LongAdder());
        }

        Map<Stage, Double> stageSeconds() {
            Map<Stage, Double> m = new EnumMap<>(Stage.class);
            for (var e : clock.entrySet()) m.put(e.getKey(), e.getValue().sum() / 1e9);
            return m;
        }

        Map<String, Double> codecSeconds() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (RateCodec c : config.codecs()) m.put(c.name(), codecClock.get(c.name()).sum() / 1e9);
            return m;
        }

        private void spent(Stage st, long since) { clock.get(st).add(System.nanoTime() - since); }

        /** The photo, or the (first) model's view of it: what the codecs compress. */
        Image load(Sample s) throws InvalidInputException {
            long t = System.nanoTime();
            try {
                Image original = dataset.load(s);
                return config.compressCrop() ? judges.get(0).classifier().view(original) : original;
            } finally {
                spent(Stage.LOAD, t);
            }
        }

        private Prediction[] classify(OnnxClassifier c, List<Image> images) throws OrtException, InvalidInputException {
            long t = System.nanoTime();
            try {
                return config.compressCrop() ? c.classifyViews(images) : c.classify(images);
            } finally {
                spent(Stage.CLASSIFY, t);
            }
        }

        EvalRecord reference(Judge j, Sample s, Image subject) throws IOException, OrtException {
            Prediction p = classify(j.classifier(), List.of(subject))[0];
            int top1 = p.top1();
            EvalRecord r = new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1,
                    "", top1, top1, p.inTop5(s.label() >= 0 ? s.label() : top1), p.confidence());
            j.journal().add(r);
            return r;
        }

        ImageResult evaluate(Sample s) throws IOException, OrtException {
            Map<Judge, EvalRecord> refs = new LinkedHashMap<>();
            Image subject = null;
            try {
                for (Judge j : judges) {
                    if (!j.judges().test(s.id())) continue;
                    EvalRecord ref = j.journal().get(originalKey(s));
                    if (ref == null) {
                        if (subject == null) subject = load(s);
                        ref = reference(j, s, subject);
                    }
                    refs.put(j, ref);
                }
                if (refs.isEmpty()) return new ImageResult(null, 0);
                int computed = 0;
                for (RateCodec codec : config.codecs()) {
                    if (!pending(codec, s, refs.keySet())) continue;
                    if (subject == null) subject = load(s);
                    computed += sweepCodec(codec, s, subject, refs);
                }
                return new ImageResult(null, computed);
            } catch (InvalidInputException e) {
                if (subject != null) throw e; // not the image: the model's output (see OnnxClassifier#classify)
                log.warn("skipping {}: {}", s.id(), e.getMessage());
                return new ImageResult(s.id() + ": " + e.getMessage(), 0);
            }
        }

        /** Whether any judge still lacks a grid record or the critical bitrate of this image and codec. */
        private boolean pending(RateCodec codec, Sample s, Iterable<Judge> js) {
            String criticalKey = new CriticalBitrate(s.id(), codec.name(), 0, null).key();
            for (Judge j : js) {
                if (!j.journal().hasCritical(criticalKey)) return true;
                for (double r : config.rates()) if (!j.journal().has(key(s, codec, r))) return true;
            }
            return false;
        }

        /** One codec on one image: the grid rates any judge still lacks (one encoding each, judged by all), then each judge's bisection. */
        private int sweepCodec(RateCodec codec, Sample s, Image original, Map<Judge, EvalRecord> refs) throws IOException, OrtException {
            String criticalKey = new CriticalBitrate(s.id(), codec.name(), 0, null).key();
            List<Double> todo = new ArrayList<>();
            for (double r : config.rates())
                for (Judge j : refs.keySet())
                    if (!j.journal().has(key(s, codec, r))) { todo.add(r); break; }
            int computed = 0;
            long opened = System.nanoTime();
            try (RateCodec.Session session = open(codec, original)) {
                spent(codec, opened);
                if (!todo.isEmpty()) {
                    List<RateCodec.Compressed> outs = new ArrayList<>(todo.size());
                    for (double t : todo) outs.add(compress(codec, session, t));
                    computed += outs.size();
                    long t1 = System.nanoTime();
                    Quality[] quality = quality(original, outs);
                    spent(Stage.QUALITY, t1);
                    for (var e : refs.entrySet())
                        for (EvalRecord r : judge(e.getKey(), s, codec, todo, outs, quality, e.getValue().top1()))
                            if (!e.getKey().journal().has(r.key())) e.getKey().journal().add(r);
                }
                for (var e : refs.entrySet()) {
                    if (e.getKey().journal().hasCritical(criticalKey)) continue;
                    Bisection b = critical(codec, session, e.getKey(), s, e.getValue().top1());
                    e.getKey().journal().add(b.result());
                    computed += b.probes();
                }
            } catch (CodecFailed f) {
                log.warn("{} failed on {}: {}; the image goes on without it", codec.name(), s.id(), f.getMessage());
                codecFailures.add(s.id() + ": " + codec.name() + ": " + f.getMessage());
            }
            return computed;
        }

        private RateCodec.Session open(RateCodec codec, Image original) throws CodecFailed {
            try {
                return codec.open(original);
            } catch (IOException e) {
                throw new CodecFailed(e);
            }
        }

        private RateCodec.Compressed compress(RateCodec codec, RateCodec.Session session, double target) throws CodecFailed {
            long t = System.nanoTime();
            try {
                return session.compress(target);
            } catch (IOException e) {
                throw new CodecFailed(e);
            } finally {
                spent(codec, t);
            }
        }

        private void spent(RateCodec codec, long since) {
            long d = System.nanoTime() - since;
            clock.get(Stage.CODEC).add(d);
            codecClock.get(codec.name()).add(d);
        }

        /** One judge's records of some encodings (classified as one batch). */
        private List<EvalRecord> judge(Judge j, Sample s, RateCodec codec, List<Double> targets, List<RateCodec.Compressed> outs, Quality[] quality,
                                       int refTop1) throws OrtException, InvalidInputException {
            List<Image> decoded = new ArrayList<>(outs.size());
            for (RateCodec.Compressed c : outs) decoded.add(c.decoded());
            Prediction[] p = classify(j.classifier(), decoded);
            List<EvalRecord> out = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                RateCodec.Compressed c = outs.get(i);
                out.add(new EvalRecord(s.id(), s.label(), codec.name(), targets.get(i), c.payloadBpp(), c.fileBpp(), quality[i].psnr(), quality[i].ssim(),
                        c.setting(), p[i].top1(), refTop1, p[i].inTop5(s.label() >= 0 ? s.label() : refTop1), p[i].probability(refTop1)));
            }
            return out;
        }

        /**
         * Bisection on log(target rate) between the highest grid rate at which the class differs from the original's
         * and the next rate up, assuming (as the grid mostly shows) that the class, once kept, stays kept at higher
         * rates. Non-monotone images are bracketed from the top: the answer is the rate above which they never
         * lose their class on the grid. Only whether the class is kept matters here, so probes skip PSNR and SSIM.
         */
        private Bisection critical(RateCodec codec, RateCodec.Session session, Judge j, Sample s, int refTop1)
                throws IOException, OrtException, CodecFailed {
            double[] rates = config.rates();
            EvalRecord[] grid = new EvalRecord[rates.length];
            for (int i = 0; i < rates.length; i++) grid[i] = j.journal().get(key(s, codec, rates[i]));
            int lowestFaithful = rates.length; // every grid point from here up keeps the class
            while (lowestFaithful > 0 && grid[lowestFaithful - 1].faithful()) lowestFaithful--;
            if (lowestFaithful == 0) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[0].bpp(), "below"), 0);
            if (lowestFaithful == rates.length) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[rates.length - 1].bpp(), "above"), 0);
            double lo = Math.log(rates[lowestFaithful - 1]), hi = Math.log(rates[lowestFaithful]);
            double best = grid[lowestFaithful].bpp();
            for (int step = 0; step < config.bisectionSteps(); step++) {
                double mid = (lo + hi) / 2;
                RateCodec.Compressed c = compress(codec, session, Math.exp(mid));
                if (classify(j.classifier(), List.of(c.decoded()))[0].top1() == refTop1) { hi = mid; best = c.payloadBpp(); } else lo = mid;
            }
            return new Bisection(new CriticalBitrate(s.id(), codec.name(), best, null), config.bisectionSteps());
        }
    }

    /** PSNR and SSIM of a reconstruction: properties of the encoding, computed once whatever the number of judges. */
    private record Quality(double psnr, double ssim) {}

    private static Quality[] quality(Image original, List<RateCodec.Compressed> outs) {
        Quality[] q = new Quality[outs.size()];
        for (int i = 0; i < q.length; i++) q[i] = new Quality(Psnr.of(original, outs.get(i).decoded()), Ssim.of(original, outs.get(i).decoded()));
        return q;
    }

    private record Bisection(CriticalBitrate result, int probes) {}
}
