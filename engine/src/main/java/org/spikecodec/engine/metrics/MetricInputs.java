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
        return prepared(asWritten(reference), distorted, reference);
    }

    /** {@link #prepare} of a reference already {@linkplain #asWritten as written} ({@link ReferenceMetrics}). */
    static Image[] prepared(Image writtenReference, Image distorted) {
        return prepared(writtenReference, distorted, writtenReference);
    }

    private static Image[] prepared(Image a, Image distorted, Image reference) {
        if (reference.width() != distorted.width() || reference.height() != distorted.height())
            throw new IllegalArgumentException("cannot compare images of different sizes: " + reference + " and " + distorted);
        Image b = asWritten(distorted);
        if (a.model() != b.model())
            throw new IllegalArgumentException("cannot compare a " + reference.model() + " image with a " + distorted.model() + " one");
        return new Image[] {a, b};
    }

    /** A metric of one plane pair. */
    interface PlaneMetric { double of(float[] x, float[] y, int width, int height); }

    /** The metric of each channel (grey, or R, G, B) of the prepared images. */
    static double[] perChannel(Image reference, Image distorted, PlaneMetric metric) {
        Image[] ab = prepare(reference, distorted);
        return perPreparedChannel(ab[0], ab[1], metric);
    }

    /** The metric of each channel of two prepared images. */
    static double[] perPreparedChannel(Image a, Image b, PlaneMetric metric) {
        double[] result = new double[a.channels()];
        for (int c = 0; c < result.length; c++) result[c] = metric.of(a.plane(c), b.plane(c), a.width(), a.height());
        return result;
    }

    /** Colour images score the mean of their channels, each weighted equally. */
    static double meanOverChannels(double[] channels) {
        double sum = 0;
        for (double s : channels) sum += s;
        return sum / channels.length;
    }

    static Image asWritten(Image image) {
        return (image.model() == ColorModel.YCBCR ? ColorTransform.toRgb(image) : image).quantized8();
    }
}
