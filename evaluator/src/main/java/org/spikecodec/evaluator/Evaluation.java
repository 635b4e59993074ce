package org.spikecodec.evaluator;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.Image;
import org.spikecodec.evaluator.classify.BuiltinModel;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Preprocessing;
import org.spikecodec.evaluator.codecs.AvifRateCodec;
import org.spikecodec.evaluator.codecs.JpegRateCodec;
import org.spikecodec.evaluator.codecs.LayeredJpeg2000RateCodec;
import org.spikecodec.evaluator.codecs.JxlRateCodec;
import org.spikecodec.evaluator.codecs.WebpRateCodec;
import org.spikecodec.evaluator.codecs.Jpeg2000RateCodec;
import org.spikecodec.evaluator.codecs.Jj2000RateCodec;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.codecs.SpikeRateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.data.Sampling;
import org.spikecodec.evaluator.report.Aggregates;
import org.spikecodec.evaluator.report.ReportWriter;
import org.spikecodec.evaluator.sweep.CriticalBitrate;
import org.spikecodec.evaluator.sweep.EvalRecord;
import org.spikecodec.evaluator.sweep.ImageEvaluator;
import org.spikecodec.evaluator.sweep.RecordJournal;
import org.spikecodec.evaluator.sweep.Sweep;
import org.spikecodec.evaluator.sweep.SweepRunner;
import org.spikecodec.kernels.ComputeBackend;

/** One evaluation run end to end: model, data, sweep, aggregates, report. The CLI's {@code evaluate} is a thin layer over it. */
public final class Evaluation {
    public static final List<String> CODECS = List.of("spike-dwt", "spike-rif", "spike-rif-scaled", "spike-pixels", "jpeg", "jpeg2000", "jpeg2000-opj", "jpeg2000-jj2000", "webp",
            "avif", "jxl");
    /** The Fashion-MNIST suite's rates. */
    public static final double[] DEFAULT_RATES = {0.05, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2};
    /**
     * The photo suite's rates: denser and lower, since most photos keep their class down to 0.05-0.2 bpp (measured on
     * the embedded photos: half the critical bitrates at the old lowest rate, 0.05, were censored there).
     */
    public static final double[] PHOTO_RATES = {0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 2};
    /** Default confidence floor on unlabelled photos: below it the top classes nearly tie and flip at any rate. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    /** What a run measures by default: the model, data, image count and codecs that go together. */
    public enum Suite {
        /**
         * Natural photos (the corpus when installed, else the embedded ones) through MobileNetV2, scored by agreement.
         * Without spike-rif: its iterative inverse costs about 100 s per 0.24 MP photo for the 10 default rates (80 times
         * spike-dwt) and its quality is flat below several bits per pixel (docs/rate-distortion.md); --codecs adds it.
         */
        PHOTOS("photos", BuiltinModel.MOBILENETV2, 8, 0.5, List.of("spike-dwt", "jpeg", "jpeg2000", "webp", "avif", "jxl"), PHOTO_RATES),
        /**
         * Fashion-MNIST's test set through the small CNN trained here, scored by labels. JPEG 2000 in process (JJ2000):
         * on 28x28 images each quality layer's packet headers are a large share of the payload (the layered codec
         * measured 0.7 dB below JJ2000 there), and a tool process per image costs more than the encoding.
         */
        FASHION_MNIST("fashion-mnist", BuiltinModel.FASHION_MNIST, 300, 0, List.of("spike-dwt", "spike-rif", "jpeg", "jpeg2000-jj2000"), DEFAULT_RATES);

        private final String id;
        private final BuiltinModel model;
        private final int limit;
        private final double sampleMaxMegapixels;
        private final List<String> codecs;
        private final double[] rates;

        Suite(String id, BuiltinModel model, int limit, double sampleMaxMegapixels, List<String> codecs, double[] rates) {
            this.id = id;
            this.model = model;
            this.limit = limit;
            this.sampleMaxMegapixels = sampleMaxMegapixels;
            this.codecs = codecs;
            this.rates = rates;
        }

        /** The target rates swept by default (bpp). */
        public double[] rates() { return rates.clone(); }

        public String id() { return id; }
        public BuiltinModel model() { return model; }
        /** Images evaluated by default (sized for minutes on two cores); 0 = all. */
        public int limit() { return limit; }
        /**
         * The largest image (megapixels) of the default sample, 0 = any: the corpus holds wallpapers of 4 to 20 MP
         * whose six codecs take about 9 minutes each on two cores, and 16 photos of up to 1 MP took 17 minutes (AVIF
         * and JPEG XL 79% of it), so the default run takes 8 photos of at most 0.5 MP.
         * It applies only when neither {@code --limit} nor {@code --max-megapixels} is given.
         */
        public double sampleMaxMegapixels() { return sampleMaxMegapixels; }
        /** The codecs evaluated by default: every one this suite compares (those whose tools are missing are skipped). */
        public List<String> codecs() { return codecs; }

        public static Suite parse(String s) {
            for (Suite x : values()) if (x.id.equalsIgnoreCase(s)) return x;
            throw new IllegalArgumentException("unknown suite '" + s + "' (expected photos or fashion-mnist)");
        }

        /** The suite a model implies when none is named: Fashion-MNIST for its model, photos for everything else. */
        static Suite of(String models) {
            String first = models == null ? "" : models.split(",", -1)[0].strip();
            return BuiltinModel.byId(first) == BuiltinModel.FASHION_MNIST ? FASHION_MNIST : PHOTOS;
        }
    }

    /**
     * A run's choices; null fields take the suite's default. Build with {@link #builder}.
     *
     * @param model         a built-in model's id ({@link BuiltinModel#ids()}) or an ONNX file; null: the suite's model
     * @param suite         null: implied by the model (fashion-mnist for its model, else photos)
     * @param preset        preprocessing preset for an ONNX file, or null (a built-in model brings its own)
     * @param labels        class names file (one per line, output order), or null
     * @param dataset       folder, CSV or IDX; null: the suite's data
     * @param codecs        null: the suite's codecs, those whose tools are missing skipped with a notice
     * @param limit         images to evaluate (sampled with {@code seed}); 0 = all; null: the suite's
     * @param minConfidence keep images whose top-1 probability on the original is at least this; null: 0.5 on
     *                      unlabelled data (agreement), 0 on labelled data
     * @param losslessOnly  keep only lossless originals ({@link Dataset#lossless})
     * @param maxMegapixels keep images of at most this many megapixels (0 = any); null: the suite's
     *                      {@link Suite#sampleMaxMegapixels} when {@code limit} is null too, else any
     * @param compressCrop  compress the model's view (resized, cropped) instead of the photo at its resolution
     * @param cudaDevice    the CUDA device the classifiers run on when {@code device} is CUDA (0 = the first; a cluster
     *                      scheduler's assignment on a worker with several GPUs)
     */
    public record Options(String model, Suite suite, String preset, Preprocessing preprocessing, Path labels, Path dataset, List<String> codecs,
                          double[] rates, Integer limit, long seed, OnnxClassifier.Device device, int cudaDevice, Path out, boolean resume, int threads,
                          int bisectionSteps, Double minConfidence, boolean losslessOnly, Double maxMegapixels, boolean compressCrop) {
        public Options {
            Objects.requireNonNull(out, "out");
            rates = rates == null ? null : rates.clone();
            if (device == null) device = OnnxClassifier.Device.CPU;
            if (cudaDevice < 0) throw new IllegalArgumentException("CUDA device id must be >= 0");
            if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) throw new IllegalArgumentException("min confidence must be in [0, 1]");
            if (maxMegapixels != null && !(maxMegapixels >= 0 && maxMegapixels < 1e6)) throw new IllegalArgumentException("max megapixels must be >= 0");
        }

        /** The size cap that applies (megapixels, 0 = none): the one given, else the suite's for its default sample. */
        public double effectiveMaxMegapixels() {
            return maxMegapixels != null ? maxMegapixels : limit == null ? effectiveSuite().sampleMaxMegapixels() : 0;
        }

        /** The rates given, or null for the suite's. */
        @Override public double[] rates() { return rates == null ? null : rates.clone(); }

        /** The rates to sweep: those given, else the suite's. */
        public double[] effectiveRates() { return rates != null ? rates.clone() : effectiveSuite().rates(); }

        public Suite effectiveSuite() { return suite != null ? suite : Suite.of(model); }

        public static Builder builder(Path out) { return new Builder(out); }
    }

    /** Builds {@link Options}; every field starts at its default. */
    public static final class Builder {
        private String model, preset;
        private Suite suite;
        private Preprocessing preprocessing;
        private Path labels, dataset;
        private final Path out;
        private List<String> codecs;
        private double[] rates;
        private Integer limit;
        private long seed = 1;
        private OnnxClassifier.Device device = OnnxClassifier.Device.CPU;
        private int cudaDevice;
        private boolean resume, losslessOnly, compressCrop;
        private int threads = Runtime.getRuntime().availableProcessors(), bisectionSteps = 4;
        private Double minConfidence, maxMegapixels;

        private Builder(Path out) { this.out = out; }

        public Builder model(String v) { model = v; return this; }
        public Builder suite(Suite v) { suite = v; return this; }
        public Builder preset(String v) { preset = v; return this; }
        public Builder preprocessing(Preprocessing v) { preprocessing = v; return this; }
        public Builder labels(Path v) { labels = v; return this; }
        public Builder dataset(Path v) { dataset = v; return this; }
        public Builder codecs(List<String> v) { codecs = v == null ? null : List.copyOf(v); return this; }
        public Builder rates(double[] v) { rates = v; return this; }
        public Builder limit(Integer v) { limit = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder device(OnnxClassifier.Device v) { device = v; return this; }
        public Builder cudaDevice(int v) { cudaDevice = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder bisectionSteps(int v) { bisectionSteps = v; return this; }
        public Builder minConfidence(Double v) { minConfidence = v; return this; }
        public Builder losslessOnly(boolean v) { losslessOnly = v; return this; }
        public Builder maxMegapixels(Double v) { maxMegapixels = v; return this; }
        public Builder compressCrop(boolean v) { compressCrop = v; return this; }

        public Options build() {
            return new Options(model, suite, preset, preprocessing, labels, dataset, codecs, rates, limit, seed, device, cudaDevice, out, resume, threads,
                    bisectionSteps, minConfidence, losslessOnly, maxMegapixels, compressCrop);
        }
    }

    /** What the caller prints, per model: where its outputs went, the aggregates, the run's metadata, the skipped images. */
    public record Result(String model, Path out, Aggregates aggregates, Map<String, Object> run, List<String> skipped) {}

    private Evaluation() {}

    /** Runs with exactly one model; see {@link #runModels}. */
    public static Result run(Options o, ComputeBackend backend, PrintStream progressOut) throws IOException, InterruptedException, OrtException {
        if (ModelChoice.resolveAll(o, o.effectiveSuite()).size() != 1) throw new IllegalArgumentException("run() takes one model: use runModels");
        return runModels(o, backend, progressOut, SweepRunner.Factory.LOCAL).get(0);
    }

    /** One model's side of a run: its choice, classifier, journal, metadata and the images it keeps. */
    private static final class ModelRun {
        final ModelChoice choice;
        final OnnxClassifier classifier;
        final RecordJournal journal;
        final Map<String, Object> run = new LinkedHashMap<>();
        /** Image ids this model keeps (confidence floor); null: every image. */
        Set<String> kept;

        ModelRun(ModelChoice choice, OnnxClassifier classifier, RecordJournal journal) {
            this.choice = choice;
            this.classifier = classifier;
            this.journal = journal;
        }

        boolean keeps(String image) { return kept == null || kept.contains(image); }
    }

    /**
     * One evaluation per model of {@code o.model()} (a comma-separated list), all judging the same encodings: each
     * grid encoding is made once and classified by every model. With one model the outputs go to {@code o.out()}; with
     * several, each model's to {@code o.out()/MODEL}. An image is swept when any model keeps it (confidence floor);
     * each model judges and reports only the images it keeps.
     *
     * @throws IllegalArgumentException for options that contradict each other or a resumed folder of another run
     * @throws InvalidInputException    for an unusable model or dataset, or when no image passes the filters
     */
    public static List<Result> runModels(Options o, ComputeBackend backend, PrintStream progressOut) throws IOException, InterruptedException, OrtException {
        return runModels(o, backend, progressOut, SweepRunner.Factory.LOCAL);
    }

    /**
     * {@link #runModels(Options, ComputeBackend, PrintStream)} with the sweep run by {@code runners}' runner (the local
     * thread pool, or a cluster): everything else (choosing the images, journals, summary, report) is the same.
     */
    public static List<Result> runModels(Options o, ComputeBackend backend, PrintStream progressOut, SweepRunner.Factory runners)
            throws IOException, InterruptedException, OrtException {
        Files.createDirectories(o.out());
        Suite suite = o.effectiveSuite();
        List<ModelChoice> models = ModelChoice.resolveAll(o, suite);
        for (ModelChoice m : models)
            if (m.builtin() != null && o.preset() != null && o.preprocessing() == null)
                throw new IllegalArgumentException("--preset is for an .onnx file; the built-in model " + m.label()
                        + " brings its own preprocessing (override it with --size/--mean/--std)");
        Path datasetPath = o.dataset() == null ? defaultDataset(suite, o.out()) : namedDataset(o.dataset(), o.out());
        Dataset dataset = runners.openDataset(datasetPath, models.get(0).keys());
        if (dataset.labelled())
            for (ModelChoice m : models)
                if (!m.keys().equals(models.get(0).keys()))
                    throw new InvalidInputException("models " + models.get(0).label() + " and " + m.label() + " name their classes differently; "
                            + "a labelled dataset can be shared only by models with one class list");
        double[] rates = o.effectiveRates();
        List<String> requested = o.codecs() != null ? o.codecs() : suite.codecs();
        List<RateCodec> codecs = new ArrayList<>();
        for (String name : availableCodecs(requested, progressOut::println)) codecs.add(codec(name, backend, rates));
        if (codecs.isEmpty()) throw new InvalidInputException("none of the codecs " + requested + " can run on this machine (see the notices above)");

        List<ModelRun> runs = new ArrayList<>();
        try {
            for (ModelChoice m : models) {
                OnnxClassifier clf = m.open(o);
                RecordJournal journal;
                try {
                    journal = RecordJournal.open(models.size() == 1 ? o.out() : o.out().resolve(m.label()), o.resume(), identity(m, clf, o));
                } catch (IOException | RuntimeException e) {
                    clf.close();
                    throw e;
                }
                runs.add(new ModelRun(m, clf, journal));
            }
            for (ModelRun r : runs) {
                r.run.put("suite", suite.id());
                r.run.put("model", r.choice.description());
                if (runs.size() > 1) r.run.put("judgedWith", "the same encodings as " + String.join(", ", models.stream().map(ModelChoice::label).toList()));
                r.run.put("preprocessing", r.classifier.preprocessing().toString());
                r.run.put("executionProvider", r.classifier.provider());
                if (r.choice.builtin() != null) r.run.put("modelNote", r.choice.builtin().description());
                r.run.put("backend", backend.name());
                r.run.put("dataset", dataset.description());
                r.run.put("compressed", o.compressCrop() ? "the model's view (resized and centre-cropped to " + r.classifier.preprocessing().width() + "x"
                        + r.classifier.preprocessing().height() + "); rates are bits per pixel of the crop" : "each image at its own resolution; rates are bits per pixel of the whole image");
                r.run.put("resumedRecords", r.journal.size());
            }

            SweepRunner sweep = runners.create(new Sweep.Config(codecs, rates, o.threads(), o.bisectionSteps(), o.compressCrop()), datasetPath);
            List<Sample> candidates = dataset.samples();
            if (o.losslessOnly()) {
                candidates = candidates.stream().filter(dataset::lossless).toList();
                for (ModelRun r : runs) r.run.put("losslessOnly", candidates.size() + " of " + dataset.samples().size() + " images are lossless originals");
            }
            double maxMegapixels = o.effectiveMaxMegapixels();
            if (maxMegapixels > 0) {
                int before = candidates.size();
                // before the confidence floor: the reference pass then decodes only the photos that can be chosen
                candidates = candidates.stream().filter(x -> dataset.pixels(x) <= maxMegapixels * 1e6).toList();
                for (ModelRun r : runs) r.run.put("maxMegapixels", candidates.size() + " of " + before + " images have at most " + maxMegapixels + " MP"
                        + (o.maxMegapixels() == null ? " (the default sample's cap; --limit or --max-megapixels 0 lifts it)" : ""));
            }
            double floor = o.minConfidence() != null ? o.minConfidence() : dataset.labelled() ? 0 : DEFAULT_MIN_CONFIDENCE;
            if (floor > 0) candidates = keepConfident(sweep, dataset, candidates, runs, floor, progressOut);
            int limit = o.limit() != null ? o.limit() : suite.limit();
            List<Sample> samples = Sampling.limit(candidates, limit, o.seed());
            if (samples.isEmpty())
                throw new InvalidInputException("no image of " + dataset.description() + " passes the filters" + (o.losslessOnly() ? " (--lossless-only)" : "")
                        + (maxMegapixels > 0 ? " (at most " + maxMegapixels + " MP; raise --max-megapixels)" : "")
                        + (floor > 0 ? " (top-1 probability >= " + floor + "; lower --min-confidence)" : ""));
            for (ModelRun r : runs) {
                r.run.put("images", samples.stream().filter(x -> r.keeps(x.id())).count() + " of " + candidates.size()
                        + (runs.size() > 1 && floor > 0 ? " that some model keeps" : "")
                        + (limit > 0 && limit < candidates.size() ? " (--limit " + limit + ", --seed " + o.seed() + ")" : ""));
                r.run.put("codecs", String.join(", ", codecs.stream().map(RateCodec::name).toList()));
                r.run.put("targetRates", java.util.Arrays.toString(rates));
                r.run.put("threads", o.threads());
                r.run.putAll(sweep.description());
            }

            List<ImageEvaluator.Judge> judges = runs.stream().map(r -> new ImageEvaluator.Judge(r.classifier, r.journal, r::keeps)).toList();
            Sweep.Outcome outcome;
            try (ProgressBar bar = ProgressBars.bar("evaluate", samples.size(), " images", progressOut)) {
                outcome = sweep.run(dataset, samples, judges, bar::stepTo);
            }
            if (outcome.skipped().size() == samples.size())
                throw new InvalidInputException("none of the " + samples.size() + " images chosen could be read (see the log above): " + outcome.skipped());
            Map<String, Object> sweepTotals = sweepTotals(outcome, runs, dataset, samples, o.compressCrop());
            List<Result> results = new ArrayList<>();
            for (ModelRun r : runs) {
                Set<String> ids = new HashSet<>();
                for (Sample x : samples) if (r.keeps(x.id())) ids.add(x.id());
                r.journal.publish(ids::contains, r.choice.names());
                r.run.putAll(sweepTotals);
                RunOrder order = new RunOrder(samples, codecs);
                Aggregates agg = new Aggregates(r.journal.records().stream().filter(x -> ids.contains(x.image())).sorted(order.records()).toList(),
                        r.journal.critical().stream().filter(c -> ids.contains(c.image())).sorted(order.critical()).toList());
                List<Sample> mine = samples.stream().filter(x -> ids.contains(x.id())).toList();
                ReportWriter.write(r.journal.dir(), agg, r.run, Galleries.build(agg, codecs, r.classifier, dataset, mine, o.compressCrop(), r.choice.names()));
                results.add(new Result(r.choice.label(), r.journal.dir(), agg, r.run, outcome.skipped()));
            }
            return results;
        } finally {
            IOException failed = null;
            for (ModelRun r : runs) {
                try { r.journal.close(); } catch (IOException e) { failed = e; }
                try { r.classifier.close(); } catch (OrtException e) { /* a session that fails to close leaks nothing we can free */ }
            }
            if (failed != null) throw failed;
        }
    }

    /**
     * Classifies the originals (or reads their journaled references), records what each model leaves out below
     * {@code floor}, sets each model's kept set, and returns the candidates some model keeps, in dataset order.
     */
    private static List<Sample> keepConfident(SweepRunner sweep, Dataset dataset, List<Sample> candidates, List<ModelRun> runs, double floor,
                                              PrintStream progressOut) throws IOException, InterruptedException {
        List<List<EvalRecord>> refs;
        try (ProgressBar bar = ProgressBars.bar("reference classes", candidates.size(), " images", progressOut)) {
            refs = sweep.references(dataset, candidates, runs.stream().map(r -> new ImageEvaluator.Judge(r.classifier, r.journal)).toList(), bar::stepTo);
        }
        for (int m = 0; m < runs.size(); m++) {
            ModelRun r = runs.get(m);
            r.kept = new HashSet<>();
            List<Map<String, Object>> excluded = new ArrayList<>();
            for (List<EvalRecord> perModel : refs) {
                if (perModel == null) continue; // unreadable: reported in the log, skipped by the sweep
                EvalRecord ref = perModel.get(m);
                if (ref.referenceProbability() >= floor) r.kept.add(ref.image());
                else excluded.add(Map.of("image", ref.image(), "top1", r.choice.name(ref.top1()), "probability", ref.referenceProbability()));
            }
            r.run.put("minConfidence", floor);
            r.run.put("belowMinConfidence", excluded.size() + " of " + candidates.size() + " images (their top-1 probability on the original is below " + floor + ")");
            if (!excluded.isEmpty()) r.run.put("excludedImages", excluded);
        }
        return candidates.stream().filter(s -> runs.stream().anyMatch(r -> r.kept.contains(s.id()))).toList();
    }

    /**
     * The run's own order of its rows (images in sample order, the original before the codecs in run order, rates
     * ascending), whatever order the workers finished them in: the aggregates sum in it, so that a run's summary does
     * not change in its last digits with the threads' timing or the runner (local or Spark).
     */
    private static final class RunOrder {
        private final Map<String, Integer> images = new HashMap<>(), codecs = new HashMap<>();

        RunOrder(List<Sample> samples, List<RateCodec> codecs) {
            for (Sample s : samples) images.putIfAbsent(s.id(), images.size());
            this.codecs.put(EvalRecord.ORIGINAL, -1);
            for (RateCodec c : codecs) this.codecs.putIfAbsent(c.name(), this.codecs.size());
        }

        Comparator<EvalRecord> records() {
            return Comparator.<EvalRecord>comparingInt(x -> images.getOrDefault(x.image(), Integer.MAX_VALUE))
                    .thenComparingInt(x -> codecs.getOrDefault(x.codec(), Integer.MAX_VALUE)).thenComparingDouble(EvalRecord::targetBpp);
        }

        Comparator<CriticalBitrate> critical() {
            return Comparator.<CriticalBitrate>comparingInt(x -> images.getOrDefault(x.image(), Integer.MAX_VALUE))
                    .thenComparingInt(x -> codecs.getOrDefault(x.codec(), Integer.MAX_VALUE));
        }
    }

    /**
     * The sweep's totals, the same for every model (they share the encodings): throughput against the classifiers
     * alone (for several models, the images per second of classifying each image by all of them), time by stage.
     */
    private static Map<String, Object> sweepTotals(Sweep.Outcome outcome, List<ModelRun> runs, Dataset dataset, List<Sample> samples, boolean views)
            throws IOException, OrtException {
        Map<String, Object> t = new LinkedHashMap<>();
        // A resumed run that had nothing left to do measured no throughput: NaN (null in summary.json), not 0.
        double sweepS = outcome.nanos() / 1e9, pairs = outcome.computed() == 0 ? Double.NaN : outcome.computed() / Math.max(sweepS, 1e-9);
        double secondsPerImage = 0;
        for (ModelRun r : runs) secondsPerImage += 1 / classifierOnlyRate(r.classifier, dataset, samples, views);
        t.put("sweepSeconds", Math.round(sweepS * 10) / 10.0);
        t.put("encodingsComputed", outcome.computed());
        t.put("pipelineImageRatePairsPerSecond", round(pairs));
        t.put("classifierOnlyImagesPerSecond", round(1 / secondsPerImage));
        t.put("pipelineShareOfClassifierOnly", Double.isFinite(pairs) ? Math.round(pairs * secondsPerImage * 1000) / 1000.0 : Double.NaN);
        if (runs.size() > 1) t.put("throughputCovers", "the shared sweep: every encoding judged by all " + runs.size() + " models");
        // Milliseconds: a small run's fast stage (one photo classified a few times) must not read as 0 s.
        Map<String, Double> stages = new LinkedHashMap<>();
        for (var e : outcome.stageSeconds().entrySet()) stages.put(e.getKey().name().toLowerCase(Locale.ROOT), Math.round(e.getValue() * 1000) / 1000.0);
        t.put("workerSecondsByStage", stages);
        Map<String, Double> perCodec = new LinkedHashMap<>();
        for (var e : outcome.codecSeconds().entrySet()) perCodec.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0);
        t.put("codecSecondsByCodec", perCodec);
        t.put("skippedImages", outcome.skipped().size());
        t.put("codecFailures", outcome.codecFailures());
        return t;
    }

    /**
     * What must not change between a run and its resumption: the model (its bytes), its preprocessing, what is
     * compressed, and the {@code .spk} format version written (a new entropy coder changes every spike rate, so its
     * records must not be mixed with an older one's). Images are known by their ids (paths within the dataset), so a
     * resumed run may take a moved copy of the data, or a subset, and reuses the records of the ids it has.
     */
    private static Map<String, String> identity(ModelChoice m, OnnxClassifier clf, Options o) throws IOException {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("model", m.label());
        id.put("modelSha256", m.sha256());
        id.put("preprocessing", clf.preprocessing().toString());
        id.put("compressed", o.compressCrop() ? "crop" : "photo");
        id.put("spkFormat", String.valueOf(SpkContainer.VERSION));
        return id;
    }

    /**
     * {@code corpus} (the installed photo corpus) and {@code embedded} (the photos in the jar) name the photo sets when
     * no file of that name exists; anything else is a path.
     */
    static Path namedDataset(Path given, Path out) throws IOException {
        if (Files.exists(given) || given.getNameCount() != 1) return given;
        return switch (given.toString()) {
            case "embedded" -> EmbeddedDefaults.photos(out.resolve(".default-dataset"));
            case "corpus" -> {
                Path corpus = EmbeddedDefaults.corpus();
                if (corpus == null) throw new InvalidInputException("the photo corpus is not installed: run 'sudo data/corpus/fetch-photos.sh' "
                        + "in the checkout, or point " + EmbeddedDefaults.CORPUS_ENV + " at an installed copy");
                yield corpus;
            }
            default -> given;
        };
    }

    /** The suite's data: the photo corpus when installed, else the embedded photos; Fashion-MNIST's test set. */
    static Path defaultDataset(Suite suite, Path out) throws IOException {
        if (suite == Suite.FASHION_MNIST) return EmbeddedDefaults.dataset(out.resolve(".default-dataset"));
        Path corpus = EmbeddedDefaults.corpus();
        return corpus != null ? corpus : EmbeddedDefaults.photos(out.resolve(".default-dataset"));
    }

    /** The model of a run, its class names (output order) and the keys datasets use for them. */
    record ModelChoice(BuiltinModel builtin, Path file, String description, List<String> names, List<String> keys) {
        /** The models of {@code o.model()}: a comma-separated list of built-in ids or files, each at most once. */
        static List<ModelChoice> resolveAll(Options o, Suite suite) throws InvalidInputException {
            List<ModelChoice> out = new ArrayList<>();
            Set<String> labels = new HashSet<>();
            for (String m : (o.model() != null ? o.model() : suite.model().id()).split(",")) {
                if (m.isBlank()) continue;
                ModelChoice mc = resolve(m.strip(), o);
                if (!labels.add(mc.label())) throw new IllegalArgumentException("--model names " + mc.label() + " twice");
                out.add(mc);
            }
            if (out.isEmpty()) throw new IllegalArgumentException("--model names no model");
            return out;
        }

        /** A short name for folders and messages: the built-in id, or the file's name without .onnx. */
        String label() {
            if (builtin != null) return builtin.id();
            String n = file.getFileName().toString();
            return n.toLowerCase(Locale.ROOT).endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        }

        static ModelChoice resolve(String m, Options o) throws InvalidInputException {
            BuiltinModel b = BuiltinModel.byId(m);
            List<String> names = List.of(), keys = List.of();
            try {
                if (b != null) {
                    names = b.classNames();
                    keys = b.classKeys();
                }
            } catch (IOException e) {
                throw new InvalidInputException("built-in model " + b.id() + ": " + e.getMessage(), e);
            }
            if (o.labels() != null) names = keys = readLabels(o.labels());
            if (b != null) return new ModelChoice(b, null, b.id() + " (built in)", names, keys);
            Path file = Path.of(m);
            if (!Files.exists(file) && !m.contains("/") && !m.toLowerCase(Locale.ROOT).endsWith(".onnx"))
                throw new InvalidInputException("no model '" + m + "': give a built-in model (" + String.join(", ", BuiltinModel.ids()) + ") or an .onnx file");
            return new ModelChoice(null, file, file.toString(), names, keys);
        }

        OnnxClassifier open(Options o) throws InvalidInputException {
            if (builtin != null)
                return OnnxClassifier.open(builtin, o.preprocessing() != null ? o.preprocessing() : builtin.preprocessing(), o.device(), o.cudaDevice());
            return OnnxClassifier.open(file, o.preset(), o.preprocessing(), o.device(), o.cudaDevice());
        }

        /** The SHA-256 of the model's bytes (a built-in one's is known). */
        String sha256() throws IOException {
            if (builtin != null) return builtin.sha256();
            try (var in = Files.newInputStream(file)) {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A class's name, or its index when the names are unknown. */
        String name(int cls) { return cls >= 0 && cls < names.size() ? names.get(cls) : Integer.toString(cls); }
    }

    /**
     * The classifiers of {@code o.model()} (or the suite's), in the order a run's judges have them, for a worker of a
     * distributed runner that judges images as the run's driver does. The caller closes them.
     */
    public static List<OnnxClassifier> openClassifiers(Options o) throws InvalidInputException {
        List<OnnxClassifier> out = new ArrayList<>();
        try {
            for (ModelChoice m : ModelChoice.resolveAll(o, o.effectiveSuite())) out.add(m.open(o));
            return out;
        } catch (InvalidInputException | RuntimeException e) {
            for (OnnxClassifier c : out) {
                try { c.close(); } catch (OrtException suppressed) { e.addSuppressed(suppressed); }
            }
            throw e;
        }
    }

    /** The dataset at {@code path} (as a run resolved it) read as the run reads it: with the first model's class keys. */
    public static Dataset openDataset(Options o, Path path) throws InvalidInputException {
        return Datasets.open(path, classKeys(o));
    }

    /** The class keys a run lists its dataset with: the first model's (class folder names are matched against them). */
    public static List<String> classKeys(Options o) throws InvalidInputException {
        return ModelChoice.resolveAll(o, o.effectiveSuite()).get(0).keys();
    }

    /** Classification alone on the same images (as the sweep feeds them), batched as the sweep batches: the ceiling of the pipeline. */
    static double classifierOnlyRate(OnnxClassifier clf, Dataset d, List<Sample> samples, boolean views) throws OrtException, InvalidInputException {
        List<Image> imgs = new ArrayList<>();
        for (Sample s : samples.subList(0, Math.min(64, samples.size()))) {
            try {
                Image img = d.load(s);
                imgs.add(views ? clf.view(img) : img);
            } catch (InvalidInputException e) {
                // skipped in the sweep too
            }
        }
        if (imgs.isEmpty()) return Double.NaN;
        classify(clf, imgs.subList(0, Math.min(4, imgs.size())), views); // warm-up
        long t0 = System.nanoTime();
        int n = 0;
        // At least a second of work, so that a handful of photos still gives a stable rate.
        while (n == 0 || System.nanoTime() - t0 < 1_000_000_000L) {
            for (int i = 0; i < imgs.size(); i += 10) classify(clf, imgs.subList(i, Math.min(imgs.size(), i + 10)), views);
            n += imgs.size();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void classify(OnnxClassifier clf, List<Image> imgs, boolean views) throws OrtException, InvalidInputException {
        if (views) clf.classifyViews(imgs); else clf.classify(imgs);
    }

    /**
     * The codecs of {@code requested} (duplicates dropped, order kept) whose external tools are present; for each
     * other one, {@code notice} gets one line naming what to install.
     */
    public static List<String> availableCodecs(List<String> requested, Consumer<String> notice) {
        List<String> out = new ArrayList<>();
        for (String name : new java.util.LinkedHashSet<>(requested)) {
            if (!CODECS.contains(name)) throw new IllegalArgumentException("unknown codec '" + name + "' (expected " + String.join(", ", CODECS) + ")");
            Optional<String> missing = switch (name) {
                case "webp" -> WebpRateCodec.unavailable();
                case "avif" -> AvifRateCodec.unavailable();
                case "jxl" -> JxlRateCodec.unavailable();
                case "jpeg2000" -> LayeredJpeg2000RateCodec.unavailable();
                case "jpeg2000-opj" -> Jpeg2000RateCodec.available() ? Optional.empty()
                        : Optional.of("codec jpeg2000-opj needs OpenJPEG's opj_compress and opj_decompress on the PATH; install the Debian package libopenjp2-tools");
                default -> Optional.empty();
            };
            if (missing.isPresent()) notice.accept(missing.get() + "; skipping " + name + ".");
            else out.add(name);
        }
        return out;
    }

    /** {@code name}'s codec, for a sweep at the default rates. */
    public static RateCodec codec(String name, ComputeBackend backend) throws InvalidInputException {
        return codec(name, backend, DEFAULT_RATES);
    }

    /** @param rates the sweep's grid: the layers of {@code jpeg2000}'s one encoding per image */
    public static RateCodec codec(String name, ComputeBackend backend, double[] rates) throws InvalidInputException {
        return switch (name) {
            case "spike-dwt" -> SpikeRateCodec.dwt(backend);
            case "spike-rif" -> SpikeRateCodec.rif(backend);
            case "spike-rif-scaled" -> org.spikecodec.evaluator.codecs.ChoosingRateCodec.rifScaled(backend);
            case "spike-pixels" -> new SpikeRateCodec("spike-pixels", org.spikecodec.engine.codec.CodecSettings.defaults()
                    .withTransform(new org.spikecodec.engine.transform.TransformSpec.Pixels()), backend);
            case "jpeg" -> new JpegRateCodec();
            case "jpeg2000" -> new LayeredJpeg2000RateCodec(rates);
            case "jpeg2000-jj2000" -> new Jj2000RateCodec();
            case "jpeg2000-opj" -> {
                if (!Jpeg2000RateCodec.available()) throw new InvalidInputException("jpeg2000-opj needs OpenJPEG's tools (apt-get install libopenjp2-tools)");
                yield new Jpeg2000RateCodec();
            }
            case "webp" -> new WebpRateCodec();
            case "avif" -> new AvifRateCodec();
            case "jxl" -> new JxlRateCodec();
            default -> throw new IllegalArgumentException("unknown codec '" + name + "' (expected " + String.join(", ", CODECS) + ")");
        };
    }

    static List<String> readLabels(Path p) throws InvalidInputException {
        try {
            return Files.readAllLines(p).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read the labels file (" + e.getMessage() + ")", e);
        }
    }

    /** Two decimals; NaN stays NaN (Math.round would make it 0). */
    private static double round(double v) { return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : v; }
}
