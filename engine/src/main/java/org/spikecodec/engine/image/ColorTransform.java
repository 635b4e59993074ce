package org.spikecodec.engine.image;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.spikecodec.engine.JitVectorization;

/**
 * RGB &lt;-&gt; YCbCr with the JPEG/JFIF full-range matrices (ITU-R BT.601 luma weights): Y in 0..255, Cb and Cr
 * centred on 128, no head- or footroom. The coefficients are derived from Kr and Kb rather than typed as the
 * usual six-decimal constants, so that the inverse is the exact inverse of the forward matrix and a round
 * trip only loses float rounding (well under 1e-3).
 *
 * <p>Each sample is computed alike whatever the JVM: the loops run whole, or cut into parts on the common pool, and
 * give the same floats either way. Which depends on whether C2 vectorizes them: since JDK 19 (JDK-8283091) it compiles
 * the float-to-double conversions into vector instructions, and one whole loop on one thread is the fastest (Java 25:
 * 1.2-1.7 ms for the in-place conversion of 3.4 MP; parts on 2 threads took 1.5 to 2.4 times as long); before, each sample
 * costs a scalar double division or two, and parts on every core win (Java 17, 2 threads, medians: in place 5.1-6.3 ms
 * instead of 7.1-8.5, to YCbCr with its new planes 8.6 instead of 10.8-14.6).
 */
public final class ColorTransform {
    private static final double KR = 0.299, KB = 0.114, KG = 1 - KR - KB;
    private static final double CB_SCALE = 2 * (1 - KB); // 1.772
    private static final double CR_SCALE = 2 * (1 - KR); // 1.402
    private static final double CHROMA_OFFSET = 128;
    /** Parts per conversion: one where C2 vectorizes the loop (JDK 19 on), else four for each thread a parallel stream runs on (the pool's and the caller). */
    private static final int PARTS = JitVectorization.FLOAT_DOUBLE_CONVERSIONS ? 1 : 4 * (ForkJoinPool.getCommonPoolParallelism() + 1);
    /** No part smaller than this: below it, forking costs more than it saves. */
    static final int MIN_PART = 1 << 16;

    private ColorTransform() {}

    /** An RGB image converted to YCbCr; the input is left untouched. */
    public static Image toYcbcr(Image rgb) {
        return toYcbcr(rgb, PARTS);
    }

    /** {@link #toYcbcr(Image)} in up to {@code parts} parts (the same floats for any number). */
    static Image toYcbcr(Image rgb, int parts) {
        requireModel(rgb, ColorModel.RGB);
        float[] r = rgb.plane(0), g = rgb.plane(1), b = rgb.plane(2);
        int n = r.length;
        float[] y = new float[n], cb = new float[n], cr = new float[n];
        if (partsFor(n, parts) > 1) {
            inParts(n, parts, (from, to) -> toYcbcr(r, g, b, y, cb, cr, from, to));
        } else {
            // The whole planes in this loop from a constant 0, which Java 25's C2 vectorizes (in a method of its own, or
            // from a variable start, it ran 3 to 4 times slower).
            for (int i = 0; i < n; i++) {
                double luma = luma(r[i], g[i], b[i]);
                y[i] = (float) luma;
                cb[i] = chroma(b[i], luma, CB_SCALE);
                cr[i] = chroma(r[i], luma, CR_SCALE);
            }
        }
        return rgb.withModel(ColorModel.YCBCR, new float[][] {y, cb, cr});
    }

    /** Samples from..to: the same floats as the whole loop (JVMs before 19 run both as scalar code). */
    private static void toYcbcr(float[] r, float[] g, float[] b, float[] y, float[] cb, float[] cr, int from, int to) {
        for (int i = from; i < to; i++) {
            double luma = luma(r[i], g[i], b[i]);
            y[i] = (float) luma;
            cb[i] = chroma(b[i], luma, CB_SCALE);
            cr[i] = chroma(r[i], luma, CR_SCALE);
        }
    }

    private static double luma(float r, float g, float b) { return KR * r + KG * g + KB * b; }

    private static float chroma(float primary, double luma, double scale) { return (float) ((primary - luma) / scale + CHROMA_OFFSET); }

    /** A YCbCr image converted to RGB, without clamping (writers round and clamp); the input is left untouched. */
    public static Image toRgb(Image ycbcr) {
        requireModel(ycbcr, ColorModel.YCBCR);
        int n = ycbcr.plane(0).length;
        return toRgb(ycbcr, new float[n], new float[n], new float[n], PARTS);
    }

    /** As {@link #toRgb(Image)}, but into the input's own planes (no new ones: a decoder's memory budget): the input must not be used after. */
    public static Image toRgbInPlace(Image ycbcr) {
        requireModel(ycbcr, ColorModel.YCBCR);
        return toRgbInPlace(ycbcr, PARTS);
    }

    /** {@link #toRgbInPlace(Image)} in up to {@code parts} parts (the same floats for any number). */
    static Image toRgbInPlace(Image ycbcr, int parts) {
        requireModel(ycbcr, ColorModel.YCBCR);
        return toRgb(ycbcr, ycbcr.plane(0), ycbcr.plane(1), ycbcr.plane(2), parts);
    }

    private static Image toRgb(Image ycbcr, float[] r, float[] g, float[] b, int parts) {
        float[] y = ycbcr.plane(0), cb = ycbcr.plane(1), cr = ycbcr.plane(2);
        int n = y.length;
        if (partsFor(n, parts) > 1) {
            inParts(n, parts, (from, to) -> toRgb(y, cb, cr, r, g, b, from, to));
        } else {
            // The whole planes in this loop from a constant 0, which Java 25's C2 vectorizes (in a method of its own, or
            // from a variable start, it ran 3 to 4 times slower).
            for (int i = 0; i < n; i++) {
                double luma = y[i], red = luma + CR_SCALE * (cr[i] - CHROMA_OFFSET), blue = luma + CB_SCALE * (cb[i] - CHROMA_OFFSET);
                r[i] = (float) red;
                b[i] = (float) blue;
                g[i] = green(luma, red, blue);
            }
        }
        return ycbcr.withModel(ColorModel.RGB, new float[][] {r, g, b});
    }

    /** Samples from..to: the same floats as the whole loop; sample by sample, so that the output may be the input. */
    private static void toRgb(float[] y, float[] cb, float[] cr, float[] r, float[] g, float[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            double luma = y[i], red = luma + CR_SCALE * (cr[i] - CHROMA_OFFSET), blue = luma + CB_SCALE * (cb[i] - CHROMA_OFFSET);
            r[i] = (float) red;
            b[i] = (float) blue;
            g[i] = green(luma, red, blue);
        }
    }

    private static float green(double luma, double red, double blue) { return (float) ((luma - KR * red - KB * blue) / KG); }

    private static int partsFor(int n, int parts) {
        return (int) Math.max(1, Math.min(parts, (long) n / MIN_PART));
    }

    @FunctionalInterface
    private interface Range { void run(int from, int to); }

    /** Samples 0..n in up to {@code parts} contiguous parts of at least {@link #MIN_PART}, on the common pool when more than one. */
    private static void inParts(int n, int parts, Range range) {
        int k = partsFor(n, parts);
        IntStream.range(0, k).parallel().forEach(p -> range.run((int) ((long) n * p / k), (int) ((long) n * (p + 1) / k)));
    }

    /**
     * How much an error in each of Y, Cb, Cr weighs in the mean squared error of the RGB image it converts to:
     * the squared norm of the matching column of the YCbCr-to-RGB matrix, over 3. An encoder that aims at RGB
     * MSE gives channel c a quantizer gain proportional to sqrt(weight) (equal slopes across channels).
     */
    public static double[] rgbErrorWeights() {
        double gCb = -KB * CB_SCALE / KG, gCr = -KR * CR_SCALE / KG;
        return new double[] {1, (CB_SCALE * CB_SCALE + gCb * gCb) / 3, (CR_SCALE * CR_SCALE + gCr * gCr) / 3};
    }

    private static void requireModel(Image image, ColorModel expected) {
        if (image.model() != expected)
            throw new IllegalArgumentException("expected a " + expected + " image, got " + image);
    }
}
