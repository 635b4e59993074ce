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
        double[] channels = perChannel(reference, distorted);
        double sum = 0;
        for (double s : channels) sum += s;
        return sum / channels.length;
    }

    /** Mean SSIM of each channel (grey, or R, G, B). */
    public static double[] perChannel(Image reference, Image distorted) {
        Image[] ab = MetricInputs.prepare(reference, distorted);
        double[] ssim = new double[ab[0].channels()];
        for (int c = 0; c < ssim.length; c++)
            ssim[c] = GaussianSsim.compute(ab[0].plane(c), ab[1].plane(c), ab[0].width(), ab[0].height()).ssim();
        return ssim;
    }
}
