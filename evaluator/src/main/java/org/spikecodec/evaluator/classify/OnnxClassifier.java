package org.spikecodec.evaluator.classify;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;

/**
 * Any ONNX image classifier through ONNX Runtime: one session per model, reused for every batch; the input's
 * name, shape and layout are read from the model. Thread-safe: ONNX Runtime sessions allow concurrent runs.
 */
public final class OnnxClassifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxClassifier.class);

    public enum Device { CPU, CUDA;
        public static Device parse(String s) {
            for (Device d : values()) if (d.name().equalsIgnoreCase(s)) return d;
            throw new IllegalArgumentException("unknown --device '" + s + "' (expected cpu or cuda)");
        }
    }

    /** What the model's output row holds. */
    public enum Scores {
        /** Unnormalised scores: softmax gives the probabilities. */
        LOGITS,
        /** Probabilities already (a softmax inside the model): used as they are. */
        PROBABILITIES,
        /** Decided per row: probabilities when every value is in [0,1] and they sum to 1 within 1e-3, else logits. */
        AUTO
    }

    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape;
    private final int classes;
    private final Preprocessing pre;
    private final String provider;
    private final boolean dynamicBatch;
    private final Scores scores;

    private OnnxClassifier(OrtSession session, String inputName, long[] inputShape, int classes, Preprocessing pre, String provider, Scores scores) {
        this.session = session;
        this.inputName = inputName;
        this.inputShape = inputShape;
        this.classes = classes;
        this.pre = pre;
        this.provider = provider;
        this.dynamicBatch = inputShape[0] < 0;
        this.scores = scores;
    }

    /**
     * Opens a built-in model with its own preprocessing (or {@code overrides}); its bytes are checked against the
     * SHA-256 it was shipped with.
     */
    public static OnnxClassifier open(BuiltinModel model, Preprocessing overrides, Device device) throws InvalidInputException {
        return open(model, overrides, device, 0);
    }

    /**
     * {@link #open(BuiltinModel, Preprocessing, Device)} on CUDA device {@code cudaDevice} when {@code device} is CUDA
     * (the GPU a cluster scheduler assigned to this task; ignored on the CPU).
     */
    public static OnnxClassifier open(BuiltinModel model, Preprocessing overrides, Device device, int cudaDevice) throws InvalidInputException {
        byte[] bytes;
        try {
            bytes = model.bytes();
        } catch (java.io.IOException e) {
            throw new InvalidInputException("built-in model " + model.id() + ": " + e.getMessage(), e);
        }
        return open(bytes, model.id() + " (built in)", null, overrides != null ? overrides : model.preprocessing(), device, cudaDevice, model.scores());
    }

    /**
     * Opens a model. {@code preset} is {@code imagenet}, {@code unit}, {@code fashion-mnist} or null (=
     * {@code unit} at the model's input size); {@code overrides} may replace it entirely.
     *
     * @throws InvalidInputException when the file is not a usable ONNX image classifier
     */
    public static OnnxClassifier open(Path model, String preset, Preprocessing overrides, Device device) throws InvalidInputException {
        return open(model, preset, overrides, device, 0);
    }

    /** {@link #open(Path, String, Preprocessing, Device)} on CUDA device {@code cudaDevice} when {@code device} is CUDA. */
    public static OnnxClassifier open(Path model, String preset, Preprocessing overrides, Device device, int cudaDevice) throws InvalidInputException {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(model);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(model + ": no such model file", e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(model + ": cannot read the model (" + e.getMessage() + ")", e);
        }
        return open(bytes, model.toString(), preset, overrides, device, cudaDevice, Scores.AUTO);
    }

    /** Opens a model held in memory (the embedded default); {@code name} is used in messages. */
    public static OnnxClassifier open(byte[] modelBytes, String name, String preset, Preprocessing overrides, Device device) throws InvalidInputException {
        return open(modelBytes, name, preset, overrides, device, 0, Scores.AUTO);
    }

    private static OnnxClassifier open(byte[] modelBytes, String name, String preset, Preprocessing overrides, Device device, int cudaDevice,
                                       Scores scores) throws InvalidInputException {
        if (cudaDevice < 0) throw new IllegalArgumentException("CUDA device id must be >= 0, got " + cudaDevice);
        String model = name;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        String provider = "CPU";
        try {
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            if (device == Device.CUDA) {
                try {
                    opts.addCUDA(cudaDevice);
                    provider = cudaDevice == 0 ? "CUDA" : "CUDA:" + cudaDevice;
                } catch (OrtException | UnsatisfiedLinkError | UnsupportedOperationException e) {
                    log.warn("CUDA execution provider unavailable ({}); classifying on the CPU", e.getMessage());
                    opts.close();
                    opts = new OrtSession.SessionOptions();
                }
            }
            try (OrtSession.SessionOptions o = opts) {
                session = env.createSession(modelBytes, o);
            }
            Map.Entry<String, NodeInfo> in = single(session.getInputInfo(), "input", model);
            Map.Entry<String, NodeInfo> out = single(session.getOutputInfo(), "output", model);
            if (!(in.getValue().getInfo() instanceof TensorInfo ti) || ti.getShape().length != 4)
                throw new InvalidInputException(model + ": the input must be a 4-D image tensor, got " + in.getValue().getInfo());
            if (!(out.getValue().getInfo() instanceof TensorInfo to) || to.getShape().length != 2)
                throw new InvalidInputException(model + ": the output must be 2-D [batch, classes] scores, got " + out.getValue().getInfo());
            long[] shape = ti.getShape();
            boolean nhwc = shape[3] == 1 || shape[3] == 3;
            boolean nchw = shape[1] == 1 || shape[1] == 3;
            if (!nhwc && !nchw) throw new InvalidInputException(model + ": cannot tell the layout of input shape " + Arrays.toString(shape) + " (1 or 3 channels expected)");
            boolean useNhwc = nhwc && !nchw;
            int c = (int) (useNhwc ? shape[3] : shape[1]);
            int h = (int) (useNhwc ? shape[1] : shape[2]), w = (int) (useNhwc ? shape[2] : shape[3]);
            Preprocessing p = overrides != null ? overrides : switch (preset == null ? "unit" : preset.toLowerCase(Locale.ROOT)) {
                case "imagenet" -> Preprocessing.imagenet().withNhwc(useNhwc);
                case "caffe" -> Preprocessing.caffe().withNhwc(useNhwc);
                case "fashion-mnist" -> Preprocessing.fashionMnist().withNhwc(useNhwc);
                case "unit" -> {
                    if (w <= 0 || h <= 0) throw new InvalidInputException(model + ": the input size is dynamic; give it with the size flags or a preset");
                    yield Preprocessing.unit(w, h, c, useNhwc);
                }
                default -> throw new IllegalArgumentException("unknown --preset '" + preset + "' (expected imagenet, caffe, unit or fashion-mnist)");
            };
            if (p.channels() != c || (w > 0 && p.width() != w) || (h > 0 && p.height() != h))
                throw new InvalidInputException(model + ": the model wants " + w + "x" + h + "x" + c + " but the preprocessing gives "
                        + p.width() + "x" + p.height() + "x" + p.channels() + "; choose a matching --preset or size");
            if (ti.type != OnnxJavaType.FLOAT) throw new InvalidInputException(model + ": the input must be float32, got " + ti.type);
            if (to.type != OnnxJavaType.FLOAT) throw new InvalidInputException(model + ": the output scores must be float32, got " + to.type);
            long classes = to.getShape()[1];
            if (classes < 1) throw new InvalidInputException(model + ": the number of classes is dynamic; not supported");
            if (classes < 2) throw new InvalidInputException(model + ": the output has one class; a classifier needs at least two");
            if (classes <= 5) log.warn("{}: {} classes only, so every class is in the top 5 and the top-5 score says nothing", model, classes);
            log.debug("model {}: input {} {} ({}), {} classes, provider {}", model, in.getKey(), Arrays.toString(shape), p, classes, provider);
            return new OnnxClassifier(session, in.getKey(), shape, (int) classes, p, provider, scores);
        } catch (OrtException e) {
            if (session != null) closeQuietly(session);
            throw new InvalidInputException(model + ": ONNX Runtime cannot load it (" + e.getMessage() + "); give an ONNX image classifier", e);
        } catch (InvalidInputException | RuntimeException e) {
            if (session != null) closeQuietly(session);
            throw e;
        }
    }

    /** The execution provider actually used: {@code CPU}, {@code CUDA} (device 0) or {@code CUDA:N} (device N). */
    public String provider() { return provider; }

    public int classes() { return classes; }

    public Preprocessing preprocessing() { return pre; }

    public String inputName() { return inputName; }

    /** Classifies a batch (any size; split when the model's batch dimension is fixed). */
    public Prediction[] classify(List<Image> images) throws OrtException, InvalidInputException {
        return run(images.size(), i -> tensor(images.get(i)));
    }

    /**
     * Classifies images that are already model views ({@link #view}): the resize and crop are skipped, only the
     * normalisation is applied. Each image must have the model's input size.
     */
    public Prediction[] classifyViews(List<Image> views) throws OrtException, InvalidInputException {
        for (Image v : views) checkView(v);
        return run(views.size(), i -> normalise(planes(views.get(i))));
    }

    /**
     * The model's input of one image ({@link #input}, {@link #inputOfView}), so that a caller can let the image go
     * before the batch it belongs to is classified: 4 bytes a sample of the input (588 KiB for 224x224 RGB), where a
     * decoded photo of 4.5 megapixels is 54 MB.
     */
    public static final class Input {
        private final OnnxClassifier owner;
        private final float[] tensor;

        private Input(OnnxClassifier owner, float[] tensor) {
            this.owner = owner;
            this.tensor = tensor;
        }
    }

    /** What {@link #classify} puts in the model for {@code image}: resized, centre-cropped and normalised. */
    public Input prepare(Image image) { return new Input(this, tensor(image)); }

    /** What {@link #classifyViews} puts in the model for a model view: normalised. */
    public Input prepareView(Image view) {
        checkView(view);
        return new Input(this, normalise(planes(view)));
    }

    /**
     * Classifies inputs prepared by this classifier, as one batch (split when the model's batch dimension is fixed):
     * the same predictions as {@link #classify} (or {@link #classifyViews}) of the images they were prepared from.
     */
    public Prediction[] classifyPrepared(List<Input> inputs) throws OrtException, InvalidInputException {
        for (Input in : inputs)
            if (in.owner != this) throw new IllegalArgumentException("an input prepared by another classifier");
        return run(inputs.size(), i -> inputs.get(i).tensor);
    }

    private void checkView(Image v) {
        if (v.width() != pre.width() || v.height() != pre.height())
            throw new IllegalArgumentException("a model view is " + pre.width() + "x" + pre.height() + ", got " + v.width() + "x" + v.height());
    }

    /**
     * Runs {@code n} inputs, the i-th made by {@code input} when its batch is filled.
     *
     * @throws InvalidInputException when the model's output is not one row of {@link #classes()} finite scores per image
     */
    private Prediction[] run(int n, IntFunction<float[]> input) throws OrtException, InvalidInputException {
        Prediction[] out = new Prediction[n];
        int batch = dynamicBatch ? Math.max(1, n) : (int) inputShape[0];
        int per = pre.width() * pre.height() * pre.channels();
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            FloatBuffer buf = FloatBuffer.allocate((dynamicBatch ? m : batch) * per);
            for (int i = 0; i < m; i++) buf.put(input.apply(start + i));
            buf.rewind();
            long[] shape = pre.nhwc() ? new long[] {dynamicBatch ? m : batch, pre.height(), pre.width(), pre.channels()}
                    : new long[] {dynamicBatch ? m : batch, pre.channels(), pre.height(), pre.width()};
            try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), buf, shape);
                 OrtSession.Result r = session.run(Map.of(inputName, t))) {
                if (!(r.get(0).getValue() instanceof float[][] rows) || rows.length < m)
                    throw new InvalidInputException("the model's output is not [batch, classes] float scores");
                for (int i = 0; i < m; i++) {
                    if (rows[i].length != classes)
                        throw new InvalidInputException("the model gave " + rows[i].length + " scores for an image, not its " + classes + " classes");
                    for (float v : rows[i])
                        if (!Float.isFinite(v)) throw new InvalidInputException("the model gave a non-finite score (" + v + "); its output cannot be ranked");
                    out[start + i] = predict(rows[i], scores);
                }
            }
        }
        return out;
    }

    /** The preprocessed input of one image, in the model's layout (no batch dimension). */
    float[] tensor(Image img) { return normalise(geometry(img)); }

    /**
     * What the model sees of an image, before normalisation: resized and centre-cropped to the input size, in the
     * model's channel count (grey, or RGB in RGB order whatever the model's order), rounded to 8 bits as if stored.
     * The evaluator compresses this instead of the photo when asked to compress the crop, and shows it in reports.
     */
    public Image view(Image img) {
        float[][] planes = geometry(img);
        for (float[] p : planes)
            for (int i = 0; i < p.length; i++) p[i] = Math.max(0, Math.min(255, Math.round(p[i])));
        return new Image(pre.width(), pre.height(), planes.length == 1 ? ColorModel.GREY : ColorModel.RGB, planes);
    }

    /** Resize (shorter side, or straight to the input) then centre crop; planes in RGB order (or one grey plane). */
    private float[][] geometry(Image img) {
        Image rgb = img.model() == ColorModel.YCBCR ? ColorTransform.toRgb(img) : img;
        int w = rgb.width(), h = rgb.height();
        int rw, rh;
        if (pre.resizeShorter() > 0) {
            double s = (double) pre.resizeShorter() / Math.min(w, h);
            rw = Math.max(pre.width(), (int) Math.round(w * s));
            rh = Math.max(pre.height(), (int) Math.round(h * s));
        } else {
            rw = pre.width();
            rh = pre.height();
        }
        int x0 = (rw - pre.width()) / 2, y0 = (rh - pre.height()) / 2;
        int pw = pre.width(), ph = pre.height(), pc = pre.channels();
        float[][] out = new float[pc][];
        for (int c = 0; c < pc; c++) {
            float[] src = pc == 1 ? (rgb.channels() == 1 ? rgb.plane(0) : luma(rgb)) : rgb.plane(rgb.channels() == 1 ? 0 : c);
            float[] resized = Resampler.resize(src, w, h, rw, rh);
            float[] crop = new float[pw * ph];
            for (int y = 0; y < ph; y++) System.arraycopy(resized, (y + y0) * rw + x0, crop, y * pw, pw);
            out[c] = crop;
        }
        return out;
    }

    /** The planes of a model view (grey or RGB), as {@link #geometry} would give them. */
    private float[][] planes(Image view) {
        Image rgb = view.model() == ColorModel.YCBCR ? ColorTransform.toRgb(view) : view;
        float[][] out = new float[pre.channels()][];
        for (int c = 0; c < out.length; c++)
            out[c] = out.length == 1 ? (rgb.channels() == 1 ? rgb.plane(0) : luma(rgb)) : rgb.plane(rgb.channels() == 1 ? 0 : c);
        return out;
    }

    /** Scale to [0,1], subtract the mean, divide by the std, in the model's channel order and layout. */
    private float[] normalise(float[][] rgbPlanes) {
        double[] mean = pre.mean(), std = pre.std();
        int pw = pre.width(), ph = pre.height(), pc = pre.channels();
        float[] t = new float[pw * ph * pc];
        for (int c = 0; c < pc; c++) {
            float[] src = rgbPlanes[pc == 3 && pre.bgr() ? 2 - c : c];
            for (int i = 0; i < pw * ph; i++) {
                float v = (float) ((Math.max(0, Math.min(255, src[i])) / 255.0 - mean[c]) / std[c]);
                t[pre.nhwc() ? i * pc + c : c * pw * ph + i] = v;
            }
        }
        return t;
    }

    private static float[] luma(Image rgb) {
        float[] r = rgb.plane(0), g = rgb.plane(1), b = rgb.plane(2), y = new float[r.length];
        for (int i = 0; i < y.length; i++) y[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        return y;
    }

    /** A prediction from one output row, softmaxed unless the row holds probabilities already. */
    static Prediction predict(float[] row, Scores kind) {
        boolean probabilities = switch (kind) {
            case LOGITS -> false;
            case PROBABILITIES -> true;
            case AUTO -> looksLikeProbabilities(row);
        };
        if (probabilities) return new Prediction(row);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) max = Math.max(max, v);
        double sum = 0;
        double[] e = new double[row.length];
        for (int i = 0; i < row.length; i++) sum += e[i] = Math.exp(row[i] - max);
        float[] p = new float[row.length];
        for (int i = 0; i < row.length; i++) p[i] = (float) (e[i] / sum);
        return new Prediction(p);
    }

    static boolean looksLikeProbabilities(float[] row) {
        double sum = 0;
        for (float v : row) {
            if (!(v >= 0 && v <= 1)) return false;
            sum += v;
        }
        return Math.abs(sum - 1) <= 1e-3;
    }

    private static Map.Entry<String, NodeInfo> single(Map<String, NodeInfo> m, String what, String model) throws InvalidInputException {
        if (m.size() != 1) throw new InvalidInputException(model + ": expected one " + what + ", the model has " + m.keySet());
        return m.entrySet().iterator().next();
    }

    private static void closeQuietly(OrtSession s) {
        try { s.close(); } catch (OrtException ignored) { /* closing after a failure */ }
    }

    @Override public void close() throws OrtException { session.close(); }
}
