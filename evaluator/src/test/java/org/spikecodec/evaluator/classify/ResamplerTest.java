package org.spikecodec.evaluator.classify;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The model-input resize: values computed by hand, and bit-identity with the plain per-line formulation it replaced. */
class ResamplerTest {

    @Test
    void halvingAWidthAveragesWithTheWidenedTriangle() {
        // 4 -> 2 samples: scale 2, support 2; output 0 is centred at 1.0 and takes j = -1..2 with weights
        // 1 - |j + 0.5 - 1| / 2 = 0.25, 0.75, 0.75, 0.25 (j = 3 falls outside; j = -1 clamps to sample 0), sum 2.
        float[] out = Resampler.resize(new float[] {1, 2, 3, 4}, 4, 1, 2, 1);
        assertEquals((0.25 * 1 + 0.75 * 1 + 0.75 * 2 + 0.25 * 3) / 2, out[0], 1e-6);
        assertEquals((0.25 * 2 + 0.75 * 3 + 0.75 * 4 + 0.25 * 4) / 2, out[1], 1e-6);
    }

    @Test
    void aConstantImageStaysConstantAtAnySize() {
        float[] flat = new float[37 * 23];
        java.util.Arrays.fill(flat, 0.3f);
        for (float v : Resampler.resize(flat, 37, 23, 224, 224)) assertEquals(0.3f, v, 1e-6f);
        for (float v : Resampler.resize(flat, 37, 23, 5, 3)) assertEquals(0.3f, v, 1e-6f);
    }

    @Test
    void matchesThePerLineFormulationBitForBitOnRandomSizes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            int sw = 1 + rnd.nextInt(700), sh = 1 + rnd.nextInt(500), dw = 1 + rnd.nextInt(300), dh = 1 + rnd.nextInt(300);
            float[] src = new float[sw * sh];
            for (int i = 0; i < src.length; i++) src[i] = rnd.nextFloat() * 255;
            float[] expected = perLine(src, sw, sh, dw, dh), actual = Resampler.resize(src, sw, sh, dw, dh);
            for (int i = 0; i < expected.length; i++)
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), sw + "x" + sh + " -> " + dw + "x" + dh + " at " + i);
        }
    }

    /** The reference: each line's weights computed afresh, the vertical pass walking columns (the earlier code). */
    private static float[] perLine(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) return src.clone();
        float[] tmp = new float[dw * sh];
        for (int y = 0; y < sh; y++) pass(src, y * sw, 1, sw, tmp, y * dw, 1, dw);
        float[] dst = new float[dw * dh];
        for (int x = 0; x < dw; x++) pass(tmp, x, dw, sh, dst, x, dw, dh);
        return dst;
    }

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
