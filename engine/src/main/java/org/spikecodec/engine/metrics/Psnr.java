package org.spikecodec.engine.metrics;

import org.spikecodec.engine.image.Image;

/**
 * Peak signal-to-noise ratio in dB with peak 255, on 8-bit-quantized samples (see {@link MetricInputs}).
 * Identical images give {@code +Infinity}.
 */
public final class Psnr {
    private Psnr() {}

    /** PSNR of the mean squared error over every sample of every channel. */
    public static double of(Image reference, Image distorted) {
        Image[] ab = MetricInputs.prepare(reference, distorted);
        return ofPrepared(ab[0], ab[1]);
    }

    /** {@link #of} of two images already prepared ({@link MetricInputs}). */
    static double ofPrepared(Image a, Image b) {
        double sum = 0;
        for (int c = 0; c < a.channels(); c++) sum += squaredErrorSum(a.plane(c), b.plane(c));
        return fromMse(sum / ((double) a.pixels() * a.channels()));
    }

    /** PSNR of each channel on its own (R, G, B for colour, YCbCr being converted to RGB). */
    public static double[] perChannel(Image reference, Image distorted) {
        Image[] ab = MetricInputs.prepare(reference, distorted);
        double[] psnr = new double[ab[0].channels()];
        for (int c = 0; c < psnr.length; c++)
            psnr[c] = fromMse(squaredErrorSum(ab[0].plane(c), ab[1].plane(c)) / ab[0].pixels());
        return psnr;
    }

    /** PSNR for a mean squared error on the 8-bit scale. */
    public static double fromMse(double mse) {
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(MetricInputs.PEAK * MetricInputs.PEAK / mse);
    }

    private static double squaredErrorSum(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}
