package org.spikecodec.evaluator.sweep;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** What happened: the images skipped (unreadable) with the reason, and how many encodings were computed. */
    public record Outcome(List<String> skipped, int computed, long nanos) {}

    private final OnnxClassifier classifier;
    private final Config config;

    public Sweep(OnnxClassifier classifier, Config config) {
        this.classifier = classifier;
        this.config = config;
    }

    /** Runs over {@code samples}; {@code done} is told each finished image (for a progress bar). */
    public Outcome run(Dataset dataset, List<Sample> samples, RecordJournal journal, IntConsumer done) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<ImageResult> results = parallel(samples, s -> evaluate(dataset, s, journal), done);
        List<String> skipped = new ArrayList<>();
        int computed = 0;
        for (ImageResult r : results) {
            if (r.skipped != null) skipped.add(r.skipped);
            computed += r.computed;
        }
        return new Outcome(skipped, computed, System.nanoTime() - t0);
    }

    /**
     * The reference of every sample (its class and confidence on the uncompressed image), journaled as its
     * {@value EvalRecord#ORIGINAL} record or taken from the journal; null for a sample that cannot be read (reported in
     * the log). Lets a caller choose images by confidence before sweeping them.
     */
    public List<EvalRecord> references(Dataset dataset, List<Sample> samples, RecordJournal journal, IntConsumer done)
            throws IOException, InterruptedException {
        return parallel(samples, s -> {
            EvalRecord known = journal.get(originalKey(s));
            if (known != null) return known;
            try {
                return reference(s, subject(dataset.load(s)), journal);
            } catch (InvalidInputException e) {
                log.warn("skipping {}: {}", s.id(), e.getMessage());
                return null;
            }
        }, done);
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

    private ImageResult evaluate(Dataset dataset, Sample s, RecordJournal journal) throws IOException, OrtException {
        Image subject;
        try {
            subject = subject(dataset.load(s));
        } catch (InvalidInputException e) {
            log.warn("skipping {}: {}", s.id(), e.getMessage());
            return new ImageResult(s.id() + ": " + e.getMessage(), 0);
        }
        EvalRecord ref = journal.get(originalKey(s));
        if (ref == null) ref = reference(s, subject, journal);
        int computed = 0;
        for (RateCodec codec : config.codecs()) computed += sweepCodec(codec, s, subject, ref, journal);
        return new ImageResult(null, computed);
    }

    /** What the codecs compress: the photo, or the model's view of it. */
    private Image subject(Image original) { return config.compressCrop() ? classifier.view(original) : original; }

    private Prediction[] classify(List<Image> images) throws OrtException {
        return config.compressCrop() ? classifier.classifyViews(images) : classifier.classify(images);
    }

    private EvalRecord reference(Sample s, Image subject, RecordJournal journal) throws IOException, OrtException {
        Prediction p = classify(List.of(subject))[0];
        int top1 = p.top1();
        EvalRecord r = new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1,
                "", top1, top1, p.inTop5(s.label() >= 0 ? s.label() : top1), p.confidence());
        journal.add(r);
        return r;
    }

    static String originalKey(Sample s) {
        return new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, 0, 0, 0, 0, "", 0, 0, false).key();
    }

    private int sweepCodec(RateCodec codec, Sample s, Image original, EvalRecord ref, RecordJournal journal) throws IOException, OrtException {
        double[] rates = config.rates();
        String criticalKey = new CriticalBitrate(s.id(), codec.name(), 0, null).key();
        List<Double> todo = new ArrayList<>();
        for (double r : rates) if (!journal.has(key(s, codec, r))) todo.add(r);
        if (todo.isEmpty() && journal.hasCritical(criticalKey)) return 0;
        int computed = 0;
        try (RateCodec.Session session = codec.open(original)) {
            computed += classifyAt(session, codec, s, original, ref.top1(), todo, journal).size();
            if (!journal.hasCritical(criticalKey)) {
                journal.add(critical(session, codec, s, original, ref.top1(), journal));
                computed += config.bisectionSteps();
            }
        }
        return computed;
    }

    private List<EvalRecord> classifyAt(RateCodec.Session session, RateCodec codec, Sample s, Image original, int refTop1,
                                        List<Double> targets, RecordJournal journal) throws IOException, OrtException {
        // journal == null: bisection probes, which are not grid records and are not kept.
        if (targets.isEmpty()) return List.of();
        List<RateCodec.Compressed> outs = new ArrayList<>(targets.size());
        List<Image> decoded = new ArrayList<>(targets.size());
        for (double t : targets) {
            RateCodec.Compressed c = session.compress(t);
            outs.add(c);
            decoded.add(c.decoded());
        }
        Prediction[] p = classify(decoded);
        List<EvalRecord> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            RateCodec.Compressed c = outs.get(i);
            EvalRecord r = new EvalRecord(s.id(), s.label(), codec.name(), targets.get(i), c.payloadBpp(), c.fileBpp(),
                    Psnr.of(original, c.decoded()), Ssim.of(original, c.decoded()), c.setting(), p[i].top1(), refTop1,
                    p[i].inTop5(s.label() >= 0 ? s.label() : refTop1), p[i].probability(refTop1));
            if (journal != null) journal.add(r);
            out.add(r);
        }
        return out;
    }

    /**
     * Bisection on log(target rate) between the highest grid rate at which the class differs from the original's
     * and the next rate up, assuming (as the grid mostly shows) that the class, once kept, stays kept at higher
     * rates. Non-monotone images are bracketed from the top: the answer is the rate above which they never
     * lose their class on the grid.
     */
    private CriticalBitrate critical(RateCodec.Session session, RateCodec codec, Sample s, Image original, int refTop1,
                                     RecordJournal journal) throws IOException, OrtException {
        double[] rates = config.rates();
        EvalRecord[] grid = new EvalRecord[rates.length];
        for (int i = 0; i < rates.length; i++) grid[i] = journal.get(key(s, codec, rates[i]));
        int lowestFaithful = rates.length; // every grid point from here up keeps the class
        while (lowestFaithful > 0 && grid[lowestFaithful - 1].faithful()) lowestFaithful--;
        if (lowestFaithful == 0) return new CriticalBitrate(s.id(), codec.name(), grid[0].bpp(), "below");
        if (lowestFaithful == rates.length) return new CriticalBitrate(s.id(), codec.name(), grid[rates.length - 1].bpp(), "above");
        double lo = Math.log(rates[lowestFaithful - 1]), hi = Math.log(rates[lowestFaithful]);
        double best = grid[lowestFaithful].bpp();
        for (int step = 0; step < config.bisectionSteps(); step++) {
            double mid = (lo + hi) / 2;
            EvalRecord r = classifyAt(session, codec, s, original, refTop1, List.of(Math.exp(mid)), null).get(0);
            if (r.faithful()) { hi = mid; best = r.bpp(); } else lo = mid;
        }
        return new CriticalBitrate(s.id(), codec.name(), best, null);
    }

    private static String key(Sample s, RateCodec codec, double rate) {
        return new EvalRecord(s.id(), s.label(), codec.name(), rate, 0, 0, 0, 0, "", 0, 0, false).key();
    }
}
