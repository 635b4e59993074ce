package org.spikecodec.engine.metrics;

import org.spikecodec.engine.image.Image;

/**
 * Multi-scale SSIM of Wang, Simoncelli and Bovik (2003), as their reference {@code msssim.m} computes it, on
 * 8-bit-quantized samples:
 * <ul>
 * <li>5 scales with weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333 (finest first);</li>
 * <li>between scales, 2x2 averaging then keeping every other sample; an odd last row or column is averaged with
 *     itself (the reference's symmetric padding), so a side of n becomes ceil(n / 2);</li>
 * <li>at every scale but the coarsest, the mean contrast-structure term of {@link GaussianSsim}; at the
 *     coarsest, the mean SSIM (luminance times contrast-structure per window, then averaged), as the
 *     reference does;</li>
 * <li>MS-SSIM = product over scales of term^weight.</li>
 * </ul>
 * An image too small for 5 scales (a coarsest scale of at least 11x11 needs about 161 pixels per side) uses
 * the largest number of scales whose coarsest is still at least 11 samples on both sides, with the weights of
 * those finest scales renormalised to sum 1 (with all 5 scales the published weights are used as they are,
 * although they sum to 1.0001, as the reference does); with a single scale (under 22 pixels on a side) it is
 * plain SSIM, with a shrunken window under 11 pixels. A term
 * that is negative (anti-correlated structure) is clamped to 0 before raising it to a fractional power, which
 * would otherwise be NaN, so such images score 0. Colour images score the mean of the R, G and B channels.
 */
public final class MsSsim {
    static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};

    private MsSsim() {}

    /** MS-SSIM in [0, 1]; exactly 1 for identical images. */
    public static double of(Image reference, Image distorted) {
        return MetricInputs.meanOverChannels(perChannel(reference, distorted));
    }

    /** MS-SSIM of each channel (grey, or R, G, B). */
    public static double[] perChannel(Image reference, Image distorted) {
        return MetricInputs.perChannel(reference, distorted, MsSsim::plane);
    }

    /** How many scales an image of this size gets: up to 5, fewer while the coarsest would be under 11. */
    public static int scales(int width, int height) {
        int scales = 1, w = width, h = height;
        while (scales < WEIGHTS.length) {
            w = (w + 1) / 2;
            h = (h + 1) / 2;
            if (Math.min(w, h) < GaussianSsim.WINDOW) break;
            scales++;
        }
        return scales;
    }

    static double plane(float[] x, float[] y, int width, int height) {
        int scales = scales(width, height);
        // The published weights sum to 1.0001 and the reference uses them as they are; only a reduced set is renormalised.
        double weightSum = 1;
        if (scales < WEIGHTS.length) {
            weightSum = 0;
            for (int s = 0; s < scales; s++) weightSum += WEIGHTS[s];
        }
        double product = 1;
        for (int s = 0; s < scales; s++) {
            GaussianSsim.Result r = GaussianSsim.compute(x, y, width, height);
            boolean coarsest = s == scales - 1;
            double term = Math.max(0, coarsest ? r.ssim() : r.contrastStructure());
            product *= Math.pow(term, WEIGHTS[s] / weightSum);
            if (coarsest) break;
            x = halve(x, width, height);
            y = halve(y, width, height);
            width = (width + 1) / 2;
            height = (height + 1) / 2;
        }
        return product;
    }

    /** 2x2 mean, keeping every other sample; an odd last row or column is averaged with itself. */
    static float[] halve(float[] src, int width, int height) {
        int w = (width + 1) / 2, h = (height + 1) / 2;
        float[] out = new float[w * h];
        for (int j = 0; j < h; j++) {
            int r0 = 2 * j * width, r1 = Math.min(2 * j + 1, height - 1) * width;
            for (int i = 0; i < w; i++) {
                int c0 = 2 * i, c1 = Math.min(2 * i + 1, width - 1);
                // Exact in float: four samples k/4^s with k < 2^24 for the few scales used.
                out[j * w + i] = (src[r0 + c0] + src[r0 + c1] + src[r1 + c0] + src[r1 + c1]) * 0.25f;
            }
        }
        return out;
    }
}
