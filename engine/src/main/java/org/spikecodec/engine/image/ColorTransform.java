package org.spikecodec.engine.image;

/**
 * RGB &lt;-&gt; YCbCr with the JPEG/JFIF full-range matrices (ITU-R BT.601 luma weights): Y in 0..255, Cb and Cr
 * centred on 128, no head- or footroom. The coefficients are derived from Kr and Kb rather than typed as the
 * usual six-decimal constants, so that the inverse is the exact inverse of the forward matrix and a round
 * trip only loses float rounding (well under 1e-3).
 */
public final class ColorTransform {
    private static final double KR = 0.299, KB = 0.114, KG = 1 - KR - KB;
    private static final double CB_SCALE = 2 * (1 - KB); // 1.772
    private static final double CR_SCALE = 2 * (1 - KR); // 1.402
    private static final double CHROMA_OFFSET = 128;

    private ColorTransform() {}

    /** An RGB image converted to YCbCr; the input is left untouched. */
    public static Image toYcbcr(Image rgb) {
        requireModel(rgb, ColorModel.RGB);
        float[] r = rgb.plane(0), g = rgb.plane(1), b = rgb.plane(2);
        int n = r.length;
        float[] y = new float[n], cb = new float[n], cr = new float[n];
        for (int i = 0; i < n; i++) {
            double luma = KR * r[i] + KG * g[i] + KB * b[i];
            y[i] = (float) luma;
            cb[i] = (float) ((b[i] - luma) / CB_SCALE + CHROMA_OFFSET);
            cr[i] = (float) ((r[i] - luma) / CR_SCALE + CHROMA_OFFSET);
        }
        return rgb.withModel(ColorModel.YCBCR, new float[][] {y, cb, cr});
    }

    /** A YCbCr image converted to RGB, without clamping (writers round and clamp); the input is left untouched. */
    public static Image toRgb(Image ycbcr) {
        requireModel(ycbcr, ColorModel.YCBCR);
        int n = ycbcr.plane(0).length;
        return toRgb(ycbcr, new float[n], new float[n], new float[n]);
    }

    /** As {@link #toRgb(Image)}, but into the input's own planes (no new ones: a decoder's memory budget): the input must not be used after. */
    public static Image toRgbInPlace(Image ycbcr) {
        requireModel(ycbcr, ColorModel.YCBCR);
        return toRgb(ycbcr, ycbcr.plane(0), ycbcr.plane(1), ycbcr.plane(2));
    }

    private static Image toRgb(Image ycbcr, float[] r, float[] g, float[] b) {
        float[] y = ycbcr.plane(0), cb = ycbcr.plane(1), cr = ycbcr.plane(2);
        int n = y.length;
        for (int i = 0; i < n; i++) {
            double luma = y[i], u = cb[i] - CHROMA_OFFSET, v = cr[i] - CHROMA_OFFSET;
            double red = luma + CR_SCALE * v;
            double blue = luma + CB_SCALE * u;
            r[i] = (float) red;
            b[i] = (float) blue;
            g[i] = (float) ((luma - KR * red - KB * blue) / KG);
        }
        return ycbcr.withModel(ColorModel.RGB, new float[][] {r, g, b});
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
