package org.spikecodec.engine.metrics;

import org.spikecodec.engine.image.Image;

/**
 * Mean SSIM (Wang et al. 2004) on 8-bit-quantized samples; see {@link GaussianSsim} for the exact definition
 * and for images narrower or shorter than the 11-sample window. Colour images (YCbCr is converted to RGB
 * first) score the mean of the R, G and B channels' SSIM, each channel weighted equally.
 */
public final class Ssim {
    private Ssim() {}

    /** Mean SSIM in [-1, 1]; exactly 1 for identical images. */
    public static double of(Image reference, Image distorted) {
        return MetricInputs.meanOverChannels(perChannel(reference, distorted));
    }

    /** {@link #of} of two images already prepared ({@link MetricInputs}). */
    static double ofPrepared(Image a, Image b) {
        return MetricInputs.meanOverChannels(MetricInputs.perPreparedChannel(a, b, Ssim::plane));
    }

    private static double plane(float[] x, float[] y, int width, int height) { return GaussianSsim.compute(x, y, width, height).ssim(); }

    /** Mean SSIM of each channel (grey, or R, G, B). */
    public static double[] perChannel(Image reference, Image distorted) {
        return MetricInputs.perChannel(reference, distorted, Ssim::plane);
    }
}
