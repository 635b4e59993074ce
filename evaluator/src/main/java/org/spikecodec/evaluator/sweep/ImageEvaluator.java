package org.spikecodec.evaluator.sweep;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.metrics.ReferenceMetrics;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Prediction;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Sample;

/**
 * The sweep's work on one image, the unit every runner calls (the local thread pool of {@link Sweep}, a Spark task):
 * the image in, its records and critical bitrates out, into each judge's {@link RecordStore}. Each grid encoding is
 * made once and judged by every judge; the bisections follow each judge's own decisions, in memory. Records a store
 * holds already are not recomputed (resumption). A codec that fails on the image (a tool that crashes) is reported
 * in the outcome and the image goes on with the other codecs; a classifier failure is thrown.
 *
 * <p>Holds no state between images besides what it was built with, so one instance may serve any number of threads.
 */
public final class ImageEvaluator {
    private static final Logger log = LoggerFactory.getLogger(ImageEvaluator.class);

    /**
     * What is measured on every image.
     *
     * @param rates          target rates (bpp), any order
     * @param bisectionSteps extra encodings per image and codec to narrow the critical bitrate; 0 = grid only
     * @param compressCrop   compress what the (first) model sees (the photo resized and centre-cropped to its input,
     *                       {@link OnnxClassifier#view}) instead of the photo at its own resolution; rates are then bits
     *                       per pixel of the crop
     */
    public record Settings(List<RateCodec> codecs, double[] rates, int bisectionSteps, boolean compressCrop) {
        public Settings {
            codecs = List.copyOf(codecs);
            if (codecs.isEmpty()) throw new IllegalArgumentException("no codec to evaluate");
            rates = rates.clone();
            Arrays.sort(rates);
            if (rates.length == 0 || !(rates[0] > 0)) throw new IllegalArgumentException("rates must be > 0");
            if (bisectionSteps < 0) throw new IllegalArgumentException("bisection steps must be >= 0");
        }
        @Override public double[] rates() { return rates.clone(); }
    }

    /**
     * One model's side of a sweep: the classifier that judges the reconstructions, the store of its records, and
     * which images it judges (those it kept, e.g. above a confidence floor; an image no judge keeps is not swept).
     */
    public record Judge(OnnxClassifier classifier, RecordStore store, Predicate<String> judges) {
        public Judge(OnnxClassifier classifier, RecordStore store) { this(classifier, store, image -> true); }
    }

    /** Where a sweep spends its time: reading images, the codecs (encode, decode), PSNR and SSIM, the classifiers. */
    public enum Stage { LOAD, CODEC, QUALITY, CLASSIFY }

    /**
     * What became of one image: why it was skipped (unreadable; null otherwise), the codecs that failed on it, how
     * many encodings were decoded and judged, and the time spent on it by stage and, for the codec stage, by codec.
     */
    public record Outcome(String skipped, List<String> codecFailures, int computed, Map<Stage, Long> stageNanos, Map<String, Long> codecNanos)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Settings settings;
    private final Dataset dataset;
    private final double[] rates;

    public ImageEvaluator(Settings settings, Dataset dataset) {
        this.settings = settings;
        this.dataset = dataset;
        this.rates = settings.rates();
    }

    public Settings settings() { return settings; }

    /** Checks that {@code judges} can share encodings: with the crop compressed, every model must take one input size. */
    public static void requireCompatible(List<Judge> judges, boolean compressCrop) {
        if (judges.isEmpty()) throw new IllegalArgumentException("no classifier");
        if (!compressCrop) return;
        var first = judges.get(0).classifier().preprocessing();
        for (Judge j : judges)
            if (j.classifier().preprocessing().width() != first.width() || j.classifier().preprocessing().height() != first.height())
                throw new IllegalArgumentException("compressing the crop needs models with one input size");
    }

    /** The key of {@code s}'s reference record (its class on the original) in a {@link RecordStore}. */
    public static String originalKey(Sample s) {
        return new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, 0, 0, 0, 0, "", 0, 0, false).key();
    }

    static String key(Sample s, RateCodec codec, double rate) {
        return new EvalRecord(s.id(), s.label(), codec.name(), rate, 0, 0, 0, 0, "", 0, 0, false).key();
    }

    static String criticalKey(Sample s, RateCodec codec) { return new CriticalBitrate(s.id(), codec.name(), 0, null).key(); }

    /**
     * Whether any judge that judges {@code s} still lacks its reference, a grid record or a critical bitrate of it:
     * answered from the stores alone, without reading the image.
     */
    public boolean pending(Sample s, List<Judge> judges) {
        for (Judge j : judges) {
            if (!j.judges().test(s.id())) continue;
            if (!j.store().has(originalKey(s))) return true;
            for (RateCodec codec : settings.codecs()) if (pending(codec, s, List.of(j))) return true;
        }
        return false;
    }

    /**
     * What {@code store} knows of {@code s}: its reference, grid records and critical bitrates for this evaluator's
     * codecs and rates, as a store of their own (what a distributed task needs to resume the image where it was).
     */
    public InMemoryRecords known(Sample s, RecordStore store) {
        List<EvalRecord> records = new ArrayList<>();
        List<CriticalBitrate> critical = new ArrayList<>();
        EvalRecord ref = store.get(originalKey(s));
        if (ref != null) records.add(ref);
        for (RateCodec codec : settings.codecs()) {
            for (double r : rates) {
                EvalRecord x = store.get(key(s, codec, r));
                if (x != null) records.add(x);
            }
            CriticalBitrate c = store.getCritical(criticalKey(s, codec));
            if (c != null) critical.add(c);
        }
        return new InMemoryRecords(records, critical);
    }

    /**
     * The reference of {@code s} for every judge (its class and confidence on the uncompressed image), taken from the
     * judge's store or computed and added to it; null when the image cannot be read (reported in the log).
     */
    public List<EvalRecord> references(Sample s, List<Judge> judges) throws IOException, OrtException {
        Clock clock = new Clock();
        Image subject = null;
        List<EvalRecord> refs = new ArrayList<>();
        for (Judge j : judges) {
            EvalRecord known = j.store().get(originalKey(s));
            if (known == null) {
                try {
                    if (subject == null) subject = load(s, judges, clock);
                } catch (InvalidInputException e) {
                    log.warn("skipping {}: {}", s.id(), e.getMessage());
                    return null;
                }
                known = reference(j, s, subject, clock);
            }
            refs.add(known);
        }
        return refs;
    }

    /** Sweeps one image for the judges that judge it: what their stores lack is computed and added to them. */
    public Outcome evaluate(Sample s, List<Judge> judges) throws IOException, OrtException {
        Clock clock = new Clock();
        List<String> failures = new ArrayList<>();
        Map<Judge, EvalRecord> refs = new LinkedHashMap<>();
        Image subject = null;
        try {
            for (Judge j : judges) {
                if (!j.judges().test(s.id())) continue;
                EvalRecord ref = j.store().get(originalKey(s));
                if (ref == null) {
                    if (subject == null) subject = load(s, judges, clock);
                    ref = reference(j, s, subject, clock);
                }
                refs.put(j, ref);
            }
            int computed = 0;
            ReferenceMetrics metrics = null;
            for (RateCodec codec : settings.codecs()) {
                if (refs.isEmpty() || !pending(codec, s, refs.keySet())) continue;
                if (subject == null) subject = load(s, judges, clock);
                if (metrics == null) metrics = quality(subject, clock);
                computed += sweepCodec(codec, s, subject, metrics, refs, clock, failures);
            }
            return clock.outcome(null, failures, computed);
        } catch (InvalidInputException e) {
            if (subject != null) throw e; // not the image: the model's output (see OnnxClassifier#classify)
            log.warn("skipping {}: {}", s.id(), e.getMessage());
            return clock.outcome(s.id() + ": " + e.getMessage(), failures, 0);
        }
    }

    /** Time by stage and by codec, of one call. */
    private final class Clock {
        final long[] stage = new long[Stage.values().length];
        final Map<String, Long> codec = new LinkedHashMap<>();

        void spent(Stage st, long since) { stage[st.ordinal()] += System.nanoTime() - since; }

        void spent(RateCodec c, long since) {
            long d = System.nanoTime() - since;
            stage[Stage.CODEC.ordinal()] += d;
            codec.merge(c.name(), d, Long::sum);
        }

        Outcome outcome(String skipped, List<String> failures, int computed) {
            Map<Stage, Long> byStage = new java.util.EnumMap<>(Stage.class);
            for (Stage st : Stage.values()) byStage.put(st, stage[st.ordinal()]);
            Map<String, Long> byCodec = new LinkedHashMap<>();
            for (RateCodec c : settings.codecs()) byCodec.put(c.name(), codec.getOrDefault(c.name(), 0L));
            return new Outcome(skipped, List.copyOf(failures), computed, byStage, byCodec);
        }
    }

    /** The photo, or the (first) model's view of it: what the codecs compress. */
    private Image load(Sample s, List<Judge> judges, Clock clock) throws InvalidInputException {
        long t = System.nanoTime();
        try {
            Image original = dataset.load(s);
            return settings.compressCrop() ? judges.get(0).classifier().view(original) : original;
        } finally {
            clock.spent(Stage.LOAD, t);
        }
    }

    private Prediction[] classify(OnnxClassifier c, List<Image> images, Clock clock) throws OrtException, InvalidInputException {
        long t = System.nanoTime();
        try {
            return settings.compressCrop() ? c.classifyViews(images) : c.classify(images);
        } finally {
            clock.spent(Stage.CLASSIFY, t);
        }
    }

    private EvalRecord reference(Judge j, Sample s, Image subject, Clock clock) throws IOException, OrtException {
        Prediction p = classify(j.classifier(), List.of(subject), clock)[0];
        int top1 = p.top1();
        EvalRecord r = new EvalRecord(s.id(), s.label(), EvalRecord.ORIGINAL, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 1,
                "", top1, top1, p.inTop5(s.label() >= 0 ? s.label() : top1), p.confidence());
        j.store().add(r);
        return r;
    }

    /** Whether any judge still lacks a grid record or the critical bitrate of this image and codec. */
    private boolean pending(RateCodec codec, Sample s, Iterable<Judge> js) {
        String criticalKey = criticalKey(s, codec);
        for (Judge j : js) {
            if (!j.store().hasCritical(criticalKey)) return true;
            for (double r : rates) if (!j.store().has(key(s, codec, r))) return true;
        }
        return false;
    }

    /** A codec that failed on one image (its tool crashed, its output was unreadable): reported, the sweep goes on. */
    private static final class CodecFailed extends Exception {
        private static final long serialVersionUID = 1L;
        CodecFailed(IOException cause) { super(cause.getMessage(), cause); }
    }

    /**
     * One codec on one image: the grid rates any judge still lacks (one encoding each, judged by all), then each judge's
     * bisection. Each grid encoding is measured (PSNR, SSIM) and prepared for every judge's model as soon as it is
     * decoded, and its decoded image let go: a worker holds one reconstruction at a time, not one per rate (a
     * 4.5-megapixel colour photo decodes to 54 MB of float planes). Each judge then classifies the prepared inputs
     * of every grid rate as one batch, as before.
     */
    private int sweepCodec(RateCodec codec, Sample s, Image original, ReferenceMetrics metrics, Map<Judge, EvalRecord> refs, Clock clock,
                           List<String> failures)
            throws IOException, OrtException {
        String criticalKey = criticalKey(s, codec);
        List<Double> todo = new ArrayList<>();
        for (double r : rates)
            for (Judge j : refs.keySet())
                if (!j.store().has(key(s, codec, r))) { todo.add(r); break; }
        int computed = 0;
        long opened = System.nanoTime();
        try (RateCodec.Session session = open(codec, original)) {
            clock.spent(codec, opened);
            if (!todo.isEmpty()) {
                List<Coded> outs = new ArrayList<>(todo.size());
                Map<Judge, List<OnnxClassifier.Input>> inputs = new LinkedHashMap<>();
                for (Judge j : refs.keySet()) inputs.put(j, new ArrayList<>(todo.size()));
                for (double t : todo) outs.add(grid(codec, session, t, metrics, inputs, clock));
                computed += outs.size();
                for (var e : refs.entrySet())
                    for (EvalRecord r : judge(e.getKey(), s, codec, todo, outs, inputs.get(e.getKey()), e.getValue().top1(), clock))
                        e.getKey().store().add(r);
            }
            List<Judge> bisecting = new ArrayList<>();
            for (Judge j : refs.keySet()) if (!j.store().hasCritical(criticalKey)) bisecting.add(j);
            Map<Double, Probe> probes = new java.util.HashMap<>();
            for (int i = 0; i < bisecting.size(); i++) {
                Judge j = bisecting.get(i);
                Bisection b = critical(codec, session, j, s, refs.get(j).top1(), bisecting.subList(i, bisecting.size()), probes, clock);
                j.store().add(b.result());
                computed += b.probes();
            }
        } catch (CodecFailed f) {
            log.warn("{} failed on {}: {}; the image goes on without it", codec.name(), s.id(), f.getMessage());
            failures.add(s.id() + ": " + codec.name() + ": " + f.getMessage());
        }
        return computed;
    }

    /** What the records keep of one grid encoding once its decoded image is let go. */
    private record Coded(double payloadBpp, double fileBpp, String setting, ReferenceMetrics.Fidelity quality) {}

    /**
     * One grid encoding: compressed, decoded, measured and prepared for every judge's model (into {@code inputs}).
     * Its decoded image lives in this frame only, so that none is held while the next target is compressed.
     */
    private Coded grid(RateCodec codec, RateCodec.Session session, double target, ReferenceMetrics metrics,
                       Map<Judge, List<OnnxClassifier.Input>> inputs, Clock clock) throws CodecFailed {
        RateCodec.Compressed c = compress(codec, session, target, clock);
        long t = System.nanoTime();
        ReferenceMetrics.Fidelity q = metrics.of(c.decoded());
        clock.spent(Stage.QUALITY, t);
        for (var e : inputs.entrySet()) e.getValue().add(prepare(e.getKey().classifier(), c.decoded(), clock));
        return new Coded(c.payloadBpp(), c.fileBpp(), c.setting(), q);
    }

    private static RateCodec.Session open(RateCodec codec, Image original) throws CodecFailed {
        try {
            return codec.open(original);
        } catch (IOException e) {
            throw new CodecFailed(e);
        }
    }

    private static RateCodec.Compressed compress(RateCodec codec, RateCodec.Session session, double target, Clock clock) throws CodecFailed {
        long t = System.nanoTime();
        try {
            return session.compress(target);
        } catch (IOException e) {
            throw new CodecFailed(e);
        } finally {
            clock.spent(codec, t);
        }
    }

    /** The model input of a reconstruction (its decoded image may go once this is made); timed as classification. */
    private OnnxClassifier.Input prepare(OnnxClassifier c, Image decoded, Clock clock) {
        long t = System.nanoTime();
        try {
            return settings.compressCrop() ? c.prepareView(decoded) : c.prepare(decoded);
        } finally {
            clock.spent(Stage.CLASSIFY, t);
        }
    }

    /** One judge's records of some encodings (classified as one batch). */
    private List<EvalRecord> judge(Judge j, Sample s, RateCodec codec, List<Double> targets, List<Coded> outs, List<OnnxClassifier.Input> inputs,
                                   int refTop1, Clock clock) throws OrtException, InvalidInputException {
        long t = System.nanoTime();
        Prediction[] p;
        try {
            p = j.classifier().classifyPrepared(inputs);
        } finally {
            clock.spent(Stage.CLASSIFY, t);
        }
        List<EvalRecord> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Coded c = outs.get(i);
            out.add(new EvalRecord(s.id(), s.label(), codec.name(), targets.get(i), c.payloadBpp(), c.fileBpp(), c.quality().psnr(), c.quality().ssim(),
                    c.setting(), p[i].top1(), refTop1, p[i].inTop5(s.label() >= 0 ? s.label() : refTop1), p[i].probability(refTop1)));
        }
        return out;
    }

    /**
     * One bisection probe: its payload and the model input it gives each judge still bisecting, so that a judge whose
     * bisection reaches a rate another judge's already probed reuses that encoding instead of encoding and decoding
     * it again (both models then see the same encoding there, as on the grid).
     */
    private record Probe(double payloadBpp, Map<Judge, OnnxClassifier.Input> inputs) {}

    /**
     * Bisection on log(target rate) between the highest grid rate at which the class differs from the original's
     * and the next rate up, assuming (as the grid mostly shows) that the class, once kept, stays kept at higher
     * rates. Non-monotone images are bracketed from the top: the answer is the rate above which they never
     * lose their class on the grid. Only whether the class is kept matters here, so probes skip PSNR and SSIM.
     *
     * @param sharing this judge and those that bisect after it, for whom a new probe's decoding is prepared too
     * @param probes  the probes of this image and codec so far, by target rate; a new one is added
     */
    private Bisection critical(RateCodec codec, RateCodec.Session session, Judge j, Sample s, int refTop1, List<Judge> sharing,
                               Map<Double, Probe> probes, Clock clock) throws IOException, OrtException, CodecFailed {
        EvalRecord[] grid = new EvalRecord[rates.length];
        for (int i = 0; i < rates.length; i++) grid[i] = j.store().get(key(s, codec, rates[i]));
        int lowestFaithful = rates.length; // every grid point from here up keeps the class
        while (lowestFaithful > 0 && grid[lowestFaithful - 1].faithful()) lowestFaithful--;
        if (lowestFaithful == 0) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[0].bpp(), "below"), 0);
        if (lowestFaithful == rates.length) return new Bisection(new CriticalBitrate(s.id(), codec.name(), grid[rates.length - 1].bpp(), "above"), 0);
        double lo = Math.log(rates[lowestFaithful - 1]), hi = Math.log(rates[lowestFaithful]);
        double best = grid[lowestFaithful].bpp();
        int encodings = 0;
        for (int step = 0; step < settings.bisectionSteps(); step++) {
            double mid = (lo + hi) / 2, target = Math.exp(mid);
            Probe probe = probes.get(target);
            if (probe == null) {
                RateCodec.Compressed c = compress(codec, session, target, clock);
                Map<Judge, OnnxClassifier.Input> inputs = new LinkedHashMap<>();
                for (Judge k : sharing) inputs.put(k, prepare(k.classifier(), c.decoded(), clock));
                probe = new Probe(c.payloadBpp(), inputs);
                probes.put(target, probe);
                encodings++;
            }
            if (classifyPrepared(j, probe.inputs().get(j), clock).top1() == refTop1) { hi = mid; best = probe.payloadBpp(); } else lo = mid;
        }
        return new Bisection(new CriticalBitrate(s.id(), codec.name(), best, null), encodings);
    }

    private static Prediction classifyPrepared(Judge j, OnnxClassifier.Input input, Clock clock) throws OrtException, InvalidInputException {
        long t = System.nanoTime();
        try {
            return j.classifier().classifyPrepared(List.of(input))[0];
        } finally {
            clock.spent(Stage.CLASSIFY, t);
        }
    }

    /**
     * What measures PSNR and SSIM of the image's reconstructions (properties of an encoding, computed once whatever
     * the number of judges), the original converted and quantized once for all of them.
     */
    private static ReferenceMetrics quality(Image original, Clock clock) {
        long t = System.nanoTime();
        try {
            return new ReferenceMetrics(original);
        } finally {
            clock.spent(Stage.QUALITY, t);
        }
    }

    private record Bisection(CriticalBitrate result, int probes) {}
}
