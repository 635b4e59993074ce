package org.spikecodec.engine.transform.rif;

import org.spikecodec.kernels.ComputeBackend;

/**
 * The retina-inspired filter (spec section 2.1): the layer at time t is the weighted difference of Gaussians
 * {@code phi_t f = a(t) (G_C * f) - b(t) (G_S * f)}, with {@code a = w_C R_C(t)}, {@code b = w_S R_S(t)}.
 *
 * <p>Every layer is a combination of the same two blurred images, so a caller blurs once ({@link #blurPair})
 * and combines per layer ({@link #combine}). Spatial kernels: sampled Gaussians truncated at radius
 * {@code ceil(4 sigma)} (3 taps each side for sigma_C = 0.75 px, 9 for sigma_S = 2.25 px; the tail beyond
 * 4 sigma holds < 1e-4 of the mass), normalised to sum 1 in double, then cast to float. Blurs use
 * whole-sample symmetric boundaries ({@link ComputeBackend#separableBlur}).
 */
public final class RetinaFilter {
    /** The authors' sigma_C = 0.5, sigma_S = 1.5 on a 2/3-pixel grid, in pixels. */
    public static final double SIGMA_C = 0.75, SIGMA_S = 2.25;
    public static final double W_C = 1, W_S = 1;
    /** Truncation radius in standard deviations. */
    public static final double RADIUS_SIGMAS = 4;

    private final OplTemporalResponse temporal;
    private final double wC, wS;
    private final float[] kernelC, kernelS;

    public static final RetinaFilter DEFAULT = new RetinaFilter(OplTemporalResponse.DEFAULT, SIGMA_C, SIGMA_S, W_C, W_S);

    public RetinaFilter(OplTemporalResponse temporal, double sigmaC, double sigmaS, double wC, double wS) {
        this.temporal = temporal;
        this.wC = wC;
        this.wS = wS;
        this.kernelC = gaussianKernel(sigmaC);
        this.kernelS = gaussianKernel(sigmaS);
    }

    /** The model's retina with both sigmas times {@code factor} (the retina at another scale relative to the image). */
    public static RetinaFilter scaled(double factor) {
        return factor == 1 ? DEFAULT : new RetinaFilter(OplTemporalResponse.DEFAULT, SIGMA_C * factor, SIGMA_S * factor, W_C, W_S);
    }

    /** Sampled Gaussian of radius {@code ceil(4 sigma)}, normalised to sum 1 (in double, then cast). */
    public static float[] gaussianKernel(double sigma) {
        if (!(sigma > 0 && sigma <= 64)) throw new IllegalArgumentException("sigma must be in (0, 64]: " + sigma);
        int r = (int) StrictMath.ceil(RADIUS_SIGMAS * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = 0; i <= 2 * r; i++) {
            double x = i - r;
            k[i] = StrictMath.exp(-x * x / (2 * sigma * sigma));
        }
        // Sum symmetric pairs from the tails inwards: the order is fixed, and the kernel stays exactly symmetric.
        for (int i = 0; i < r; i++) sum += k[i] + k[2 * r - i];
        sum += k[r];
        float[] f = new float[k.length];
        for (int i = 0; i < k.length; i++) f[i] = (float) (k[i] / sum);
        return f;
    }

    public OplTemporalResponse temporal() { return temporal; }
    public float[] kernelC() { return kernelC.clone(); }
    public float[] kernelS() { return kernelS.clone(); }

    /** Centre weight a(t) = w_C R_C(t). */
    public double a(double tMs) { return wC * temporal.centre(tMs); }

    /** Surround weight b(t) = w_S R_S(t). */
    public double b(double tMs) { return wS * temporal.surround(tMs); }

    /** {G_C * f, G_S * f}. */
    public float[][] blurPair(ComputeBackend backend, float[] f, int w, int h) {
        float[] c = new float[w * h], s = new float[w * h];
        backend.separableBlur(f, c, w, h, kernelC);
        backend.separableBlur(f, s, w, h, kernelS);
        return new float[][] {c, s};
    }

    /** {@code G_C^T u + G_S^T v} (the adjoint of {@code f -> (G_C f, G_S f)} applied to (u, v)). */
    void blurPairAdjoint(ComputeBackend backend, float[] u, float[] v, float[] out, float[] scratch, int w, int h) {
        backend.separableBlurAdjoint(u, out, w, h, kernelC);
        backend.separableBlurAdjoint(v, scratch, w, h, kernelS);
        for (int i = 0; i < out.length; i++) out[i] += scratch[i];
    }

    void blurC(ComputeBackend backend, float[] f, float[] out, int w, int h) { backend.separableBlur(f, out, w, h, kernelC); }
    void blurS(ComputeBackend backend, float[] f, float[] out, int w, int h) { backend.separableBlur(f, out, w, h, kernelS); }

    /** {@code out = a c - b s}, in float (a and b rounded to float first), the same on every machine. */
    public static void combine(double a, double b, float[] c, float[] s, float[] out) {
        float fa = (float) a, fb = (float) b;
        for (int i = 0; i < out.length; i++) out[i] = fa * c[i] - fb * s[i];
    }

    /** DTFT of a symmetric kernel at frequency {@code omega} (radians per sample), in double. */
    static double kernelResponse(float[] k, double omega) {
        int r = k.length / 2;
        double v = k[r];
        for (int j = 1; j <= r; j++) v += 2.0 * k[r + j] * StrictMath.cos(j * omega);
        return v;
    }
}
