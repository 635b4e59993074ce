package org.spikecodec.engine.metrics;

import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;

/**
 * What every metric measures: the images as they would be written to an 8-bit file. YCbCr images are
 * converted to RGB first, then both are rounded and clamped to 0..255 ({@link Image#quantized8()}).
 */
final class MetricInputs {
    static final double PEAK = 255;

    private MetricInputs() {}

    /** The two images, checked to be comparable, as 8-bit-quantized GREY or RGB images. */
    static Image[] prepare(Image reference, Image distorted) {
        if (reference.width() != distorted.width() || reference.height() != distorted.height())
            throw new IllegalArgumentException("cannot compare images of different sizes: " + reference + " and " + distorted);
        Image a = asWritten(reference), b = asWritten(distorted);
        if (a.model() != b.model())
            throw new IllegalArgumentException("cannot compare a " + reference.model() + " image with a " + distorted.model() + " one");
        return new Image[] {a, b};
    }

    /** A metric of one plane pair. */
    interface PlaneMetric { double of(float[] x, float[] y, int width, int height); }

    /** The metric of each channel (grey, or R, G, B) of the prepared images. */
    static double[] perChannel(Image reference, Image distorted, PlaneMetric metric) {
        Image[] ab = prepare(reference, distorted);
        double[] result = new double[ab[0].channels()];
        for (int c = 0; c < result.length; c++) result[c] = metric.of(ab[0].plane(c), ab[1].plane(c), ab[0].width(), ab[0].height());
        return result;
    }

    /** Colour images score the mean of their channels, each weighted equally. */
    static double meanOverChannels(double[] channels) {
        double sum = 0;
        for (double s : channels) sum += s;
        return sum / channels.length;
    }

    private static Image asWritten(Image image) {
        return (image.model() == ColorModel.YCBCR ? ColorTransform.toRgb(image) : image).quantized8();
    }
}
