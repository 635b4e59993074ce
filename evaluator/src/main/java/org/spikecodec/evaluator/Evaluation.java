package org.spikecodec.evaluator;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.classify.OnnxClassifier;
import org.spikecodec.evaluator.classify.Preprocessing;
import org.spikecodec.evaluator.codecs.AvifRateCodec;
import org.spikecodec.evaluator.codecs.JpegRateCodec;
import org.spikecodec.evaluator.codecs.Jpeg2000RateCodec;
import org.spikecodec.evaluator.codecs.Jj2000RateCodec;
import org.spikecodec.evaluator.codecs.JxlRateCodec;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.evaluator.codecs.SpikeRateCodec;
import org.spikecodec.evaluator.codecs.WebpRateCodec;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.Sample;
import org.spikecodec.evaluator.data.Sampling;
import org.spikecodec.evaluator.report.Aggregates;
import org.spikecodec.evaluator.report.ReportWriter;
import org.spikecodec.evaluator.sweep.RecordJournal;
import org.spikecodec.evaluator.sweep.Sweep;
import org.spikecodec.kernels.ComputeBackend;

/** One evaluation run end to end: model, data, sweep, aggregates, report. The CLI's {@code evaluate} is a thin layer over it. */
public final class Evaluation {
    public static final List<String> CODECS = List.of("spike-dwt", "spike-rif", "spike-pixels", "jpeg", "jpeg2000", "jpeg2000-opj", "webp", "avif", "jxl");
    public static final double[] DEFAULT_RATES = {0.05, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2};

    /**
     * @param model    an ONNX file, or null for the embedded Fashion-MNIST model
     * @param preset   preprocessing preset, or null (fashion-mnist for the default model, else unit)
     * @param labels   a labels file (one name per line), or null
     * @param dataset  folder, CSV or IDX; null for the default (Debian's test set if installed, else the embedded subset)
     */
    public record Options(Path model, String preset, Preprocessing preprocessing, Path labels, Path dataset, List<String> codecs,
                          double[] rates, int limit, long seed, OnnxClassifier.Device device, Path out, boolean resume,
                          int threads, int bisectionSteps) {}

    /** What the caller prints: the aggregates, the run's metadata, the skipped images. */
    public record Result(Aggregates aggregates, Map<String, Object> run, List<String> skipped) {}

    private Evaluation() {}

    public static Result run(Options o, ComputeBackend backend, PrintStream progressOut) throws IOException, InterruptedException, OrtException {
        Files.createDirectories(o.out());
        boolean defaultModel = o.model() == null;
        List<String> labels = o.labels() != null ? readLabels(o.labels()) : defaultModel ? EmbeddedDefaults.labels() : List.of();
        String preset = o.preset() != null ? o.preset() : defaultModel ? "fashion-mnist" : null;
        Path datasetPath = o.dataset() != null ? o.dataset() : EmbeddedDefaults.dataset(o.out().resolve(".default-dataset"));
        Dataset dataset = Datasets.open(datasetPath, labels);
        List<Sample> samples = Sampling.limit(dataset.samples(), o.limit(), o.seed());
        List<RateCodec> codecs = new ArrayList<>();
        for (String name : availableCodecs(o.codecs(), progressOut::println)) codecs.add(codec(name, backend));
        if (codecs.isEmpty()) throw new InvalidInputException("none of the codecs " + o.codecs() + " can run on this machine (see the notices above)");

        Map<String, Object> run = new LinkedHashMap<>();
        try (OnnxClassifier clf = defaultModel
                ? OnnxClassifier.open(EmbeddedDefaults.model(), "embedded " + EmbeddedDefaults.MODEL, preset, o.preprocessing(), o.device())
                : OnnxClassifier.open(o.model(), preset, o.preprocessing(), o.device());
             RecordJournal journal = RecordJournal.open(o.out(), o.resume())) {
            run.put("model", defaultModel ? "embedded " + EmbeddedDefaults.MODEL : o.model().toString());
            run.put("preprocessing", clf.preprocessing().toString());
            run.put("executionProvider", clf.provider());
            run.put("backend", backend.name());
            run.put("dataset", dataset.description());
            run.put("images", samples.size() + " of " + dataset.samples().size() + (o.limit() > 0 ? " (--limit " + o.limit() + ", --seed " + o.seed() + ")" : ""));
            run.put("codecs", String.join(", ", codecs.stream().map(RateCodec::name).toList()));
            run.put("targetRates", java.util.Arrays.toString(o.rates()));
            run.put("threads", o.threads());
            run.put("resumedRecords", journal.size());

            Sweep sweep = new Sweep(clf, new Sweep.Config(codecs, o.rates(), o.threads(), o.bisectionSteps()));
            Sweep.Outcome outcome;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("evaluate").setInitialMax(samples.size()).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(progressOut)).setUpdateIntervalMillis(500).setUnit(" images", 1).build()) {
                outcome = sweep.run(dataset, samples, journal, bar::stepTo);
            }
            journal.publish();
            double sweepS = outcome.nanos() / 1e9;
            run.put("sweepSeconds", Math.round(sweepS * 10) / 10.0);
            run.put("encodingsComputed", outcome.computed());
            run.put("pipelineImageRatePairsPerSecond", round(outcome.computed() / Math.max(sweepS, 1e-9)));
            run.put("classifierOnlyImagesPerSecond", round(classifierOnlyRate(clf, dataset, samples)));
            run.put("skippedImages", outcome.skipped().size());

            Aggregates agg = new Aggregates(journal.records(), journal.critical());
            ReportWriter.write(o.out(), agg, run, galleries(agg, codecs, dataset, samples, o.rates()));
            return new Result(agg, run, outcome.skipped());
        }
    }

    /** Classification alone on the same images, batched as the sweep batches: the ceiling of the pipeline. */
    static double classifierOnlyRate(OnnxClassifier clf, Dataset d, List<Sample> samples) throws OrtException {
        List<Image> imgs = new ArrayList<>();
        for (Sample s : samples.subList(0, Math.min(256, samples.size()))) {
            try { imgs.add(d.load(s)); } catch (InvalidInputException e) { /* skipped in the sweep too */ }
        }
        if (imgs.isEmpty()) return Double.NaN;
        clf.classify(imgs.subList(0, Math.min(16, imgs.size()))); // warm-up
        long t0 = System.nanoTime();
        int n = 0;
        for (int i = 0; i < imgs.size(); i += 10) {
            clf.classify(imgs.subList(i, Math.min(imgs.size(), i + 10)));
            n += Math.min(10, imgs.size() - i);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** A few reconstructions per codec at the grid rate nearest its 5-point breaking point. */
    static List<ReportWriter.Gallery> galleries(Aggregates a, List<RateCodec> codecs, Dataset d, List<Sample> samples, double[] rates) {
        List<ReportWriter.Gallery> out = new ArrayList<>();
        for (RateCodec codec : codecs) {
            for (Aggregates.BreakingPoint b : a.breakingPoints()) {
                if (!b.codec().equals(codec.name()) || b.tolerance() != 5 || !Double.isFinite(b.bpp())) continue;
                List<java.awt.image.BufferedImage> imgs = new ArrayList<>();
                List<String> captions = new ArrayList<>();
                for (Sample s : samples.subList(0, Math.min(8, samples.size()))) {
                    try (RateCodec.Session session = codec.open(d.load(s))) {
                        RateCodec.Compressed c = session.compress(b.bpp());
                        imgs.add(ImageFiles.toBufferedImage(c.decoded()));
                        captions.add(String.format(Locale.ROOT, "%s, %.3f bpp", s.id(), c.payloadBpp()));
                    } catch (IOException e) {
                        // an unreadable image is already reported by the sweep
                    }
                }
                out.add(new ReportWriter.Gallery(codec.name(), 5, b.bpp(), imgs, captions));
            }
        }
        return out;
    }

    /**
     * The codecs of {@code requested} that can run here, each once; each one whose command-line tools are missing
     * is reported once to {@code notice} (with the package to install) and left out, so that the others still run.
     */
    public static List<String> availableCodecs(List<String> requested, Consumer<String> notice) {
        List<String> out = new ArrayList<>();
        for (String name : new java.util.LinkedHashSet<>(requested)) {
            Optional<String> missing = switch (name) {
                case "webp" -> WebpRateCodec.unavailable();
                case "avif" -> AvifRateCodec.unavailable();
                case "jxl" -> JxlRateCodec.unavailable();
                case "jpeg2000-opj" -> Jpeg2000RateCodec.available() ? Optional.empty()
                        : Optional.of("codec jpeg2000-opj needs OpenJPEG's opj_compress and opj_decompress on the PATH; install the Debian package libopenjp2-tools");
                default -> Optional.empty();
            };
            if (missing.isPresent()) notice.accept(missing.get() + "; skipping " + name + ".");
            else out.add(name);
        }
        return out;
    }

    public static RateCodec codec(String name, ComputeBackend backend) throws InvalidInputException {
        return switch (name) {
            case "spike-dwt" -> SpikeRateCodec.dwt(backend);
            case "spike-rif" -> SpikeRateCodec.rif(backend);
            case "spike-pixels" -> new SpikeRateCodec("spike-pixels", org.spikecodec.engine.codec.CodecSettings.defaults()
                    .withTransform(new org.spikecodec.engine.transform.TransformSpec.Pixels()), backend);
            case "jpeg" -> new JpegRateCodec();
            case "jpeg2000" -> new Jj2000RateCodec();
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

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
