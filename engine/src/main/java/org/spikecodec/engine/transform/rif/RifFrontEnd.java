package org.spikecodec.engine.transform.rif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * Retina-inspired front end (spec section 2.1). One band per layer time, each the full image size:
 * {@code A_t = a(t) (G_C * f) - b(t) (G_S * f)} (see {@link RetinaFilter}).
 *
 * <p>Band gain (the neurons see {@code |A_t| * gain_t}): {@code gain_t = 1 / max_w |H_t(w)|}, the inverse of the
 * peak magnitude of the layer's frequency response (discrete kernels, 65 x 65 grid of [0, pi]^2, StrictMath, so the
 * decoder rebuilds the same value from the spec). A gained layer is a filter of unit peak gain: its coefficients
 * are on the pixel scale whatever the time (a(t) spans 0.07 .. 50 over 5 .. 40 ms), so one quantizer serves all
 * layers. Measured alternative (RifLayerChoice): the wavelet-style "equal image distortion" gain
 * {@code sqrt(mean_w H_t^2 / N^2)} is right only at high rate; at low rate it starves the low-pass layer
 * (gain 0.01 for t = 10 ms in {10, 40}); on the 256 x 256 camera it was up to 3.4 dB worse at 2 bpp and
 * about equal at 0.5 bpp.
 *
 * <p>Inverse: weighted least squares {@code min_f sum_t gain_t^2 ||A_t - phi_t f||^2}, i.e. plain least squares on
 * the layers as the neurons see them ({@code gain_t A_t}), where equal quantizer cells mean equal noise (the ML
 * estimate for equal, independent quantization noise). With equal gains it is the spec's unweighted problem;
 * measured (256 x 256 camera), the weighting gained 0.5 to 1.5 dB (mean over 0.25..2 bpp) over the unweighted form with these gains.
 * Solved by conjugate gradient on the normal equations {@code N f = sum_t w_t phi_t^T A_t}, with
 * {@code N = Saa G_C^T G_C - Sab (G_C^T G_S + G_S^T G_C) + Sbb G_S^T G_S} ({@code Saa = sum w_t a_t^2} etc.),
 * so one CG iteration costs 2 blurs and 2 adjoint blurs whatever the number of layers. The adjoints are exact
 * ({@link ComputeBackend#separableBlurAdjoint}), so N is symmetric. CG stops when the (recursively updated)
 * residual satisfies {@code ||r|| / ||rhs|| < cgTolerance}, or after {@code cgMaxIterations}; it never looks at
 * the original image. Vectors are float, dot products double; everything runs in a fixed order (deterministic).
 *
 * <p>Warm start: the per-pixel weighted least-squares solution of the DC model {@code A_t ~ (a_t - b_t) f}, i.e.
 * {@code x0 = sum w_t (a_t - b_t) A_t / sum w_t (a_t - b_t)^2} (a blurred version of f at no blur cost); zero when
 * the layers have almost no DC response.
 */
public final class RifFrontEnd implements FrontEnd, RetinaLeastSquares {
    /**
     * Default layers (ms): the low-pass layer alone (10 ms, R_S/R_C = 0.33: keeps the DC). Chosen by
     * {@code RifErrorAnalysis} (test sources; issue 14, docs/rate-distortion.md "Why rif was flat"): with the
     * encoder's choice of the CG iteration count, {10} beats {10, 40, 60} (the former default) by 1 to 9 dB from
     * 0.25 to 2 bpp on camera and astronaut. The band-pass layers repeat at full resolution what the low-pass layer
     * carries below 1/8 of the Nyquist radius, and above it all layers are so attenuated that what they add is mostly
     * quantization error amplified by the inverse; with one threshold for all layers they took half the bits. Gains
     * that starve them (prototype) only converge to this set.
     */
    public static final double[] DEFAULT_LAYERS_MS = {10};
    public static final double DEFAULT_CG_TOLERANCE = 1e-5;
    public static final int DEFAULT_CG_MAX_ITERATIONS = 200;
    /** Layers beyond this index share the last entropy-coder context. */
    public static final int MAX_CONTEXT = 7;
    private static final int GAIN_GRID = 64;

    private final TransformSpec.Retina spec;
    private final ComputeBackend backend;
    private final RetinaFilter filter;
    private final String[] names;
    private final double[] a, b, gains, weights;
    /** Neurons sit on every {@code decimation}-th pixel of every {@code decimation}-th row (1: every pixel). */
    private final int decimation;

    public RifFrontEnd(TransformSpec.Rif spec, ComputeBackend backend) {
        this(spec, backend, RetinaFilter.DEFAULT);
    }

    /**
     * Layers at {@code times} on {@code filter}, neurons every {@code decimation} pixels, gains {@code gainFactors} times
     * the peak gains: one group of a {@link ScaledRifFrontEnd}.
     */
    RifFrontEnd(TransformSpec.Retina spec, ComputeBackend backend, RetinaFilter filter, int decimation, double[] times, double[] gainFactors) {
        this(spec, backend, filter, layerNames(times), centreWeights(filter, times), surroundWeights(filter, times),
                scaledPeakGains(filter, times, gainFactors), decimation);
    }

    private static double[] scaledPeakGains(RetinaFilter filter, double[] times, double[] factors) {
        double[] g = peakGains(filter, centreWeights(filter, times), surroundWeights(filter, times));
        for (int i = 0; i < g.length; i++) g[i] *= factors[i];
        return g;
    }

    RifFrontEnd(TransformSpec.Rif spec, ComputeBackend backend, RetinaFilter filter) {
        this(spec, backend, filter, null);
    }

    /**
     * With explicit layer gains (neuron gains and least-squares weights {@code gain^2}) instead of the peak gains:
     * for allocation experiments only ({@code RifErrorAnalysis}); a file does not carry gains, so a decoder
     * rebuilds the peak gains from the spec.
     */
    RifFrontEnd(TransformSpec.Rif spec, ComputeBackend backend, RetinaFilter filter, double[] explicitGains) {
        this(spec, backend, filter, layerNames(spec.layerTimesMs()), centreWeights(filter, spec.layerTimesMs()),
                surroundWeights(filter, spec.layerTimesMs()), explicitGains);
    }

    /**
     * Layers given by their centre and surround weights rather than their times: the time-averaged layer of the
     * dynamic front end ({@link IntegratedRifFrontEnd}) is {@code a G_C - b G_S} with a and b averaged over its planes.
     * Gains: the peak gains of these weights, unless {@code explicitGains} is given.
     */
    RifFrontEnd(TransformSpec.Retina spec, ComputeBackend backend, RetinaFilter filter, String[] names, double[] a, double[] b,
                double[] explicitGains) {
        this(spec, backend, filter, names, a, b, explicitGains, 1);
    }

    private RifFrontEnd(TransformSpec.Retina spec, ComputeBackend backend, RetinaFilter filter, String[] names, double[] a, double[] b,
                double[] explicitGains, int decimation) {
        if (decimation < 1) throw new IllegalArgumentException("decimation " + decimation);
        this.decimation = decimation;
        int n = names.length;
        if (a.length != n || b.length != n) throw new IllegalArgumentException(n + " layers, " + a.length + " and " + b.length + " weights");
        if (explicitGains != null && explicitGains.length != n) throw new IllegalArgumentException(n + " layers, " + explicitGains.length + " gains");
        this.spec = spec;
        this.backend = backend;
        this.filter = filter;
        this.names = names.clone();
        this.a = a.clone();
        this.b = b.clone();
        this.gains = explicitGains != null ? explicitGains.clone() : peakGains(filter, a, b);
        this.weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = gains[i] * gains[i];
    }

    private static String[] layerNames(double[] times) {
        String[] n = new String[times.length];
        for (int i = 0; i < n.length; i++) n[i] = layerName(times[i]);
        return n;
    }

    private static double[] centreWeights(RetinaFilter filter, double[] times) {
        double[] a = new double[times.length];
        for (int i = 0; i < a.length; i++) a[i] = filter.a(times[i]);
        return a;
    }

    private static double[] surroundWeights(RetinaFilter filter, double[] times) {
        double[] b = new double[times.length];
        for (int i = 0; i < b.length; i++) b[i] = filter.b(times[i]);
        return b;
    }

    /** 1 / max_w |H_t(w)| on a 65 x 65 grid of [0, pi]^2 (both ends included). */
    static double[] peakGains(RetinaFilter filter, double[] a, double[] b) {
        double[][] h = gridResponses(filter);
        double[] g = new double[a.length];
        for (int t = 0; t < a.length; t++) g[t] = 1 / Math.abs(response(a[t], b[t], h, peakIndex(a[t], b[t], h)));
        return g;
    }

    /**
     * The centre and surround responses {G_C(w), G_S(w)} (2-D, separable) at the grid frequency w where the layer
     * {@code a G_C - b G_S} responds most, the frequency its peak gain normalises.
     */
    static double[] peakResponses(RetinaFilter filter, double a, double b) {
        double[][] h = gridResponses(filter);
        int[] xy = peakIndex(a, b, h);
        double[] hc = h[0], hs = h[1];
        return new double[] {hc[xy[0]] * hc[xy[1]], hs[xy[0]] * hs[xy[1]]};
    }

    /** The 1-D responses of the centre and surround kernels at {@code pi i / GAIN_GRID}, i = 0..GAIN_GRID. */
    private static double[][] gridResponses(RetinaFilter filter) {
        int m = GAIN_GRID;
        float[] kc = filter.kernelC(), ks = filter.kernelS();
        double[] hc = new double[m + 1], hs = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            double omega = Math.PI * i / m;
            hc[i] = RetinaFilter.kernelResponse(kc, omega);
            hs[i] = RetinaFilter.kernelResponse(ks, omega);
        }
        return new double[][] {hc, hs};
    }

    private static double response(double a, double b, double[][] h, int[] xy) {
        return a * h[0][xy[0]] * h[0][xy[1]] - b * h[1][xy[0]] * h[1][xy[1]];
    }

    /** Grid indices (x, y) of the largest |a G_C - b G_S|, the first in row order on ties. */
    private static int[] peakIndex(double a, double b, double[][] h) {
        int m = GAIN_GRID;
        double mx = -1;
        int[] best = {0, 0};
        for (int y = 0; y <= m; y++)
            for (int x = 0; x <= m; x++) {
                double v = Math.abs(response(a, b, h, new int[] {x, y}));
                if (v > mx) { mx = v; best = new int[] {x, y}; }
            }
        return best;
    }

    public static TransformSpec.Rif defaultSpec() {
        return new TransformSpec.Rif(DEFAULT_LAYERS_MS, DEFAULT_CG_TOLERANCE, DEFAULT_CG_MAX_ITERATIONS);
    }

    @Override public TransformSpec spec() { return spec; }

    public RetinaFilter filter() { return filter; }

    /** Centre and surround weights of layer i. */
    public double a(int i) { return a[i]; }
    public double b(int i) { return b[i]; }

    @Override
    public List<BandShape> layout(int width, int height) {
        List<BandShape> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++)
            out.add(new BandShape(names[i], sampled(width), sampled(height), Math.min(i, MAX_CONTEXT), gains[i]));
        return out;
    }

    /** Neurons along a side of {@code size} pixels: ceil(size / decimation). */
    private int sampled(int size) { return (size - 1) / decimation + 1; }

    /** The neurons' samples of a full-resolution layer: pixel (D i, D j) for neuron (i, j). */
    private float[] subsample(float[] full, int width, int height) {
        if (decimation == 1) return full;
        int bw = sampled(width), bh = sampled(height);
        float[] out = new float[bw * bh];
        for (int j = 0; j < bh; j++)
            for (int i = 0; i < bw; i++) out[j * bw + i] = full[j * decimation * width + i * decimation];
        return out;
    }

    /** Adds {@code f * band} at the neurons' pixels of the full-resolution {@code out} (the adjoint of subsample, scaled). */
    private void addUpsampled(float[] band, float f, float[] out, int width, int height) {
        if (decimation == 1) {
            for (int i = 0; i < out.length; i++) out[i] += f * band[i];
            return;
        }
        int bw = sampled(width), bh = sampled(height);
        for (int j = 0; j < bh; j++)
            for (int i = 0; i < bw; i++) out[j * decimation * width + i * decimation] += f * band[j * bw + i];
    }

    /** Zeroes every pixel that holds no neuron (subsample followed by its adjoint). */
    private void mask(float[] x, int width, int height) {
        if (decimation == 1) return;
        for (int y = 0; y < height; y++)
            for (int i = 0; i < width; i++)
                if (y % decimation != 0 || i % decimation != 0) x[y * width + i] = 0;
    }

    static String layerName(double t) {
        return "t=" + (t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t)) + "ms";
    }

    @Override
    public List<float[]> forward(float[] plane, int width, int height) {
        checkPlane(plane.length, width, height);
        float[][] cs = filter.blurPair(backend, plane, width, height);
        List<float[]> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            float[] layer = new float[plane.length];
            RetinaFilter.combine(a[i], b[i], cs[0], cs[1], layer);
            out.add(subsample(layer, width, height));
        }
        return out;
    }

    @Override
    public float[] inverse(List<float[]> bands, int width, int height) {
        return reconstruct(bands, width, height).plane();
    }

    /**
     * Result of the CG solve. {@code relativeResiduals[k]} is {@code ||r_k|| / ||rhs||} before iteration k+1
     * (index 0: the warm start); {@code converged} says the tolerance was reached.
     */
    public record Reconstruction(float[] plane, int iterations, double[] relativeResiduals, boolean converged) {}

    public Reconstruction reconstruct(List<float[]> bands, int width, int height) {
        return reconstruct(bands, width, height, true);
    }

    Reconstruction reconstruct(List<float[]> bands, int width, int height, boolean warmStart) {
        return reconstruct(bands, width, height, warmStart, null);
    }

    /** Sees the CG iterate after iteration k (k = 0: the warm start); it must not keep or change the array. */
    @FunctionalInterface
    public interface IterateObserver {
        void iterate(int k, float[] x);
    }

    /**
     * {@link #reconstruct(List, int, int)} showing every iterate to {@code observer}: the iterate after k iterations is
     * what a decoder returns whose spec allows at most k (and the same tolerance), so an encoder that has the
     * original can choose the iteration count to write (see {@code RifIterationChoice}).
     */
    @Override
    public Reconstruction reconstruct(List<float[]> bands, int width, int height, IterateObserver observer) {
        return reconstruct(bands, width, height, true, observer);
    }

    Reconstruction reconstruct(List<float[]> bands, int width, int height, boolean warmStart, IterateObserver observer) {
        Problem p = problem(bands, width, height, warmStart);
        return conjugateGradient(p.rhs(), p.warmStart(), p.normal()::apply, spec.cgTolerance(), spec.cgMaxIterations(), observer);
    }

    /**
     * The normal equations of this front end's least-squares problem for these bands: {@code N x = rhs}, with the DC warm
     * start (null when there is none: a subsampled retina, or layers without DC response).
     */
    record Problem(float[] rhs, float[] warmStart, Normal normal, double dcWeight) {}

    Problem problem(List<float[]> bands, int width, int height, boolean warmStart) {
        int n = width * height;
        checkPlane(n, width, height);
        if (bands.size() != names.length) throw new IllegalArgumentException("expected " + names.length + " layers, got " + bands.size());
        int m = sampled(width) * sampled(height);
        for (float[] band : bands) if (band.length != m) throw new IllegalArgumentException("layer of " + band.length + " samples for " + width + "x" + height);

        double saa = 0, sab = 0, sbb = 0, sdd = 0;
        for (int t = 0; t < names.length; t++) {
            double wt = weights[t];
            saa += wt * a[t] * a[t]; sab += wt * a[t] * b[t]; sbb += wt * b[t] * b[t];
            sdd += wt * (a[t] - b[t]) * (a[t] - b[t]);
        }
        Normal normal = new Normal(width, height, (float) saa, (float) sab, (float) sbb);

        // rhs = G_C^T (sum a_t A_t) - G_S^T (sum b_t A_t); the DC warm start accumulates alongside.
        float[] u = new float[n], v = new float[n], x0 = new float[n];
        // A subsampled retina's warm start is the DC estimate at its neurons, upsampled bilinearly (ScaledRifFrontEnd).
        boolean dc = warmStart && sdd > 1e-6 * saa;
        float[] dcSamples = dc && decimation > 1 ? new float[m] : x0;
        for (int t = 0; t < names.length; t++) {
            float[] band = bands.get(t);
            float fa = (float) (weights[t] * a[t]), fb = (float) (weights[t] * b[t]), fd = (float) (weights[t] * (a[t] - b[t]) / sdd);
            addUpsampled(band, fa, u, width, height);
            addUpsampled(band, -fb, v, width, height);
            if (dc) for (int i = 0; i < m; i++) dcSamples[i] += fd * band[i];
        }
        if (dc && decimation > 1) upsampleBilinear(dcSamples, sampled(width), sampled(height), decimation, x0, width, height);
        float[] rhs = new float[n];
        filter.blurPairAdjoint(backend, u, v, rhs, normal.s1, width, height);
        return new Problem(rhs, dc ? x0 : null, normal, sdd);
    }

    /**
     * {@code out} (w x h) from samples at pixels (D i, D j) ({@code bw x bh} of them): bilinear between samples, the last
     * sample held beyond the last one; in float, in a fixed order.
     */
    static void upsampleBilinear(float[] samples, int bw, int bh, int d, float[] out, int w, int h) {
        for (int y = 0; y < h; y++) {
            int j = Math.min(y / d, bh - 1), j1 = Math.min(j + 1, bh - 1);
            float fy = j1 == j ? 0 : (float) (y - j * d) / d;
            for (int x = 0; x < w; x++) {
                int i = Math.min(x / d, bw - 1), i1 = Math.min(i + 1, bw - 1);
                float fx = i1 == i ? 0 : (float) (x - i * d) / d;
                float top = samples[j * bw + i] + fx * (samples[j * bw + i1] - samples[j * bw + i]);
                float bottom = samples[j1 * bw + i] + fx * (samples[j1 * bw + i1] - samples[j1 * bw + i]);
                out[y * w + x] = top + fy * (bottom - top);
            }
        }
    }

    /** {@code out = N x}, N symmetric positive semi-definite. */
    @FunctionalInterface
    interface NormalOperator {
        void apply(float[] x, float[] out);
    }

    /**
     * Conjugate gradient on {@code N x = rhs} from {@code x0} (or from zero when null; it is taken over), stopping when
     * {@code ||r|| / ||rhs|| < tolerance} or after {@code maxIterations}; float vectors, double dot products, a fixed order.
     */
    static Reconstruction conjugateGradient(float[] rhs, float[] x0, NormalOperator normal, double tolerance, int maxIterations,
                                            IterateObserver observer) {
        int n = rhs.length;
        double bNorm = Math.sqrt(dot(rhs, rhs));
        if (bNorm == 0) {
            float[] zero = new float[n];
            if (observer != null) observer.iterate(0, zero);
            return new Reconstruction(zero, 0, new double[] {0}, true);
        }

        float[] x = x0 != null ? x0 : new float[n], r = new float[n], ap = new float[n];
        if (x0 != null) {
            normal.apply(x, ap);
            for (int i = 0; i < n; i++) r[i] = rhs[i] - ap[i];
        } else {
            System.arraycopy(rhs, 0, r, 0, n);
        }
        float[] p = r.clone();
        double rr = dot(r, r);
        double[] hist = new double[maxIterations + 1];
        int k = 0;
        hist[0] = Math.sqrt(rr) / bNorm;
        boolean converged = hist[0] < tolerance;
        if (observer != null) observer.iterate(0, x);
        while (!converged && k < maxIterations) {
            normal.apply(p, ap);
            double pap = dot(p, ap);
            if (!(pap > 0)) break; // p in the null space (no layer sees it) or breakdown: nothing left to gain
            float alpha = (float) (rr / pap);
            for (int i = 0; i < n; i++) { x[i] += alpha * p[i]; r[i] -= alpha * ap[i]; }
            double rrNew = dot(r, r);
            float beta = (float) (rrNew / rr);
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
            rr = rrNew;
            k++;
            hist[k] = Math.sqrt(rr) / bNorm;
            converged = hist[k] < tolerance;
            if (observer != null) observer.iterate(k, x);
        }
        return new Reconstruction(x, k, Arrays.copyOf(hist, k + 1), converged);
    }

    /** The normal operator N, with its scratch buffers (allocated once per solve). */
    final class Normal {
        final int w, h;
        final float saa, sab, sbb;
        final float[] c, s, s1;

        Normal(int w, int h, float saa, float sab, float sbb) {
            this.w = w; this.h = h; this.saa = saa; this.sab = sab; this.sbb = sbb;
            c = new float[w * h]; s = new float[w * h]; s1 = new float[w * h];
        }

        /** out = G_C^T M (Saa c - Sab s) + G_S^T M (Sbb s - Sab c), with c = G_C x, s = G_S x, M the neurons' mask (decimation). */
        void apply(float[] x, float[] out) {
            filter.blurC(backend, x, c, w, h);
            filter.blurS(backend, x, s, w, h);
            for (int i = 0; i < c.length; i++) {
                float ci = c[i], si = s[i];
                c[i] = saa * ci - sab * si;
                s[i] = sbb * si - sab * ci;
            }
            mask(c, w, h);
            mask(s, w, h);
            filter.blurPairAdjoint(backend, c, s, out, s1, w, h);
        }
    }

    private static double dot(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return s;
    }

    private static void checkPlane(int len, int width, int height) {
        if (width < 1 || height < 1 || (long) width * height != len)
            throw new IllegalArgumentException("plane of " + len + " samples for " + width + "x" + height);
    }
}
