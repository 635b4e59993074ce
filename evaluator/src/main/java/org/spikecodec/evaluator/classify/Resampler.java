package org.spikecodec.evaluator.classify;

/**
 * Separable resampling with a triangle (bilinear) filter widened by the scale factor when shrinking, so that
 * downscaling averages instead of aliasing (what PIL's BILINEAR does, which ImageNet models were trained with).
 * Pixel centres at half-integers; borders clamp.
 */
final class Resampler {
    private Resampler() {}

    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src.clone();
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) pass(src, y * sw, 1, sw, tmp, y * dw, 1, dw);
        float[] dst = new float[dw * dh];
        for (int x = 0; x < dw; x++) pass(tmp, x, dw, sh, dst, x, dw, dh);
        return dst;
    }

    /** One 1-D line: n source samples at stride {@code ss} to m destination samples at stride {@code ds}. */
    private static void pass(float[] s, int so, int ss, int n, float[] d, int dof, int ds, int m) {
        double scale = (double) n / m, support = Math.max(1, scale);
        for (int i = 0; i < m; i++) {
            double centre = (i + 0.5) * scale;
            int lo = (int) Math.floor(centre - support), hi = (int) Math.ceil(centre + support);
            double acc = 0, wsum = 0;
            for (int j = lo; j <= hi; j++) {
                double w = 1 - Math.abs((j + 0.5 - centre) / support);
                if (w <= 0) continue;
                int k = Math.min(n - 1, Math.max(0, j));
                acc += w * s[so + k * ss];
                wsum += w;
            }
            d[dof + i * ds] = (float) (acc / wsum);
        }
    }
}
