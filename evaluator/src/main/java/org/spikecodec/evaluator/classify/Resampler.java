package org.spikecodec.evaluator.classify;

/**
 * Separable resampling with a triangle (bilinear) filter widened by the scale factor when shrinking, so that
 * downscaling averages instead of aliasing (what PIL's BILINEAR does, which ImageNet models were trained with).
 * Pixel centres at half-integers; borders clamp.
 *
 * <p>Each axis's taps are computed once per call ({@link Taps}), not once per line, and the vertical pass runs
 * along rows (a row of double accumulators per output row) instead of down strided columns: on a decoded photo this
 * was the evaluator's largest Java cost after the codecs. The sums keep their order (tap by tap, in double), so the
 * output is bit-identical to the per-line, per-column formulation.
 */
final class Resampler {
    private Resampler() {}

    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src.clone();
        Taps across = Taps.of(sw, dw), down = Taps.of(sh, dh);
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) {
            int so = y * sw, d = y * dw;
            for (int i = 0; i < dw; i++) {
                double acc = 0;
                for (int t = across.first[i]; t < across.first[i + 1]; t++) acc += across.weight[t] * src[so + across.source[t]];
                tmp[d + i] = (float) (acc / across.weightSum[i]);
            }
        }
        float[] dst = new float[dw * dh];
        double[] acc = new double[dw];
        for (int i = 0; i < dh; i++) {
            java.util.Arrays.fill(acc, 0);
            for (int t = down.first[i]; t < down.first[i + 1]; t++) {
                double w = down.weight[t];
                int row = down.source[t] * dw;
                for (int x = 0; x < dw; x++) acc[x] += w * tmp[row + x];
            }
            double sum = down.weightSum[i];
            int d = i * dw;
            for (int x = 0; x < dw; x++) dst[d + x] = (float) (acc[x] / sum);
        }
        return dst;
    }

    /**
     * The taps of one axis, n source samples to m: output i takes {@code weight[t] * s[source[t]]} for t in
     * {@code first[i] .. first[i + 1]}, in that order, divided by {@code weightSum[i]}.
     */
    private record Taps(int[] first, int[] source, double[] weight, double[] weightSum) {
        static Taps of(int n, int m) {
            double scale = (double) n / m, support = Math.max(1, scale);
            int[] first = new int[m + 1];
            int cap = (int) Math.min(Integer.MAX_VALUE - 8L, (long) m * ((long) Math.ceil(2 * support) + 3));
            int[] source = new int[cap];
            double[] weight = new double[cap];
            double[] weightSum = new double[m];
            int t = 0;
            for (int i = 0; i < m; i++) {
                double centre = (i + 0.5) * scale;
                int lo = (int) Math.floor(centre - support), hi = (int) Math.ceil(centre + support);
                double wsum = 0;
                for (int j = lo; j <= hi; j++) {
                    double w = 1 - Math.abs((j + 0.5 - centre) / support);
                    if (w <= 0) continue;
                    source[t] = Math.min(n - 1, Math.max(0, j));
                    weight[t++] = w;
                    wsum += w;
                }
                weightSum[i] = wsum;
                first[i + 1] = t;
            }
            return new Taps(first, source, weight, weightSum);
        }
    }
}
