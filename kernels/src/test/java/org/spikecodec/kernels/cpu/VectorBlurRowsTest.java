package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blur's horizontal taps on the Vector API against the scalar loops, bit for bit: every row width from 1 to 120
 * (whole vectors and tails), kernels of 1 to 23 taps (random, so that no symmetry hides a wrong order), then whole blurs
 * and adjoints of random sizes down to 1 x n, split by a hostile runner and in place.
 */
class VectorBlurRowsTest {
    private BlurRows vector;

    @BeforeEach
    void loadKernel() {
        assumeTrue(VectorSupport.modulePresent(), "jdk.incubator.vector not in the boot layer");
        assertTrue(VectorSupport.available(), "module present but the vector kernels did not load");
        vector = VectorSupport.blurRows(true);
        assertNotSame(BlurRows.SCALAR, vector);
    }

    private static float[] kernel(SplittableRandom r, int taps) {
        float[] k = new float[taps];
        for (int i = 0; i < taps; i++) k[i] = (float) r.nextDouble(-0.5, 1.0);
        return k;
    }

    @Test
    void tapsAndScatterGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(21);
        for (int w = 1; w <= 120; w++) {
            for (int taps = 1; taps <= 23; taps += 2) {
                float[] k = kernel(r, taps);
                float[] ext = SplitTransformsTest.data(r, w + taps - 1);
                float[] want = new float[w], got = new float[w];
                BlurRows.SCALAR.taps(ext, k, w, want, new float[w]);
                vector.taps(ext, k, w, got, new float[w]);
                SplitTransformsTest.assertBits(want, got, "taps, w " + w + ", " + taps + " taps");
                float[] line = SplitTransformsTest.data(r, w);
                float[] wantExt = new float[w + taps - 1], gotExt = new float[w + taps - 1];
                BlurRows.SCALAR.scatter(line, k, w, wantExt, new float[w]);
                vector.scatter(line, k, w, gotExt, new float[w]);
                SplitTransformsTest.assertBits(wantExt, gotExt, "scatter, w " + w + ", " + taps + " taps");
            }
        }
    }

    @Test
    void wholeBlursGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(22);
        int[][] sizes = {{1, 1}, {1, 40}, {40, 1}, {17, 9}, {33, 64}, {130, 70}, {300, 41}};
        for (int[] s : sizes) {
            int w = s[0], h = s[1];
            for (int taps : new int[] {1, 7, 19, 23}) {
                float[] k = kernel(r, taps);
                float[] x = SplitTransformsTest.data(r, w * h);
                float[] want = new float[w * h], got = new float[w * h];
                MirrorConvolution.blur(x, want, w, h, k, RangeRunner.SERIAL, BlurRows.SCALAR);
                MirrorConvolution.blur(x, got, w, h, k, SplitTransformsTest.hostile(r.nextLong()), vector);
                SplitTransformsTest.assertBits(want, got, "blur " + w + "x" + h + ", " + taps + " taps");
                MirrorConvolution.blurAdjoint(x, want, w, h, k, RangeRunner.SERIAL, BlurRows.SCALAR);
                MirrorConvolution.blurAdjoint(x, got, w, h, k, SplitTransformsTest.hostile(r.nextLong()), vector);
                SplitTransformsTest.assertBits(want, got, "adjoint " + w + "x" + h + ", " + taps + " taps");
                float[] inPlace = x.clone();
                MirrorConvolution.blurAdjoint(inPlace, inPlace, w, h, k, RangeRunner.SERIAL, vector);
                SplitTransformsTest.assertBits(want, inPlace, "adjoint in place " + w + "x" + h);
            }
        }
        try (CpuBackend scalar = new CpuBackend(2, false); CpuBackend vec = new CpuBackend(2, true)) {
            float[] k = kernel(r, 19);
            float[] x = SplitTransformsTest.data(r, 640 * 480);
            float[] want = new float[x.length], got = new float[x.length];
            scalar.separableBlur(x, want, 640, 480, k);
            vec.separableBlur(x, got, 640, 480, k);
            SplitTransformsTest.assertBits(want, got, "the backends' blur");
            scalar.separableBlurAdjoint(x, want, 640, 480, k);
            vec.separableBlurAdjoint(x, got, 640, 480, k);
            SplitTransformsTest.assertBits(want, got, "the backends' adjoint");
        }
    }
}
