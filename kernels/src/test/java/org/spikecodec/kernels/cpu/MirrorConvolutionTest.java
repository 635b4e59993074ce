package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MirrorConvolutionTest {

    private static float[] gaussian(double sigma, int r) {
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        float[] f = new float[k.length];
        for (int i = 0; i < k.length; i++) f[i] = (float) (k[i] / s);
        return f;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    /** Direct 2-D sum over the separable kernel with the mirror index, in double. */
    private static double[] naive(float[] src, int w, int h, float[] k) {
        int r = k.length / 2;
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int dy = -r; dy <= r; dy++)
                    for (int dx = -r; dx <= r; dx++)
                        s += (double) k[dy + r] * k[dx + r] * src[naiveMirror(y + dy, h) * w + naiveMirror(x + dx, w)];
                out[y * w + x] = s;
            }
        return out;
    }

    /** Reflection by repeated folding, written independently of {@link MirrorConvolution#mirror}. */
    private static int naiveMirror(int i, int n) {
        if (n == 1) return 0;
        while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
        return i;
    }

    @Test
    void mirrorIndexIsWholeSampleSymmetric() {
        assertEquals(1, MirrorConvolution.mirror(-1, 5));
        assertEquals(3, MirrorConvolution.mirror(5, 5));
        assertEquals(0, MirrorConvolution.mirror(8, 5));
        assertEquals(1, MirrorConvolution.mirror(9, 5));
        assertEquals(0, MirrorConvolution.mirror(-7, 1));
        for (int n = 1; n < 9; n++)
            for (int i = -40; i < 40; i++) assertEquals(naiveMirror(i, n), MirrorConvolution.mirror(i, n), "i=" + i + " n=" + n);
    }

    @Test
    void adjointIdentityHoldsForManySizes() {
        Random rnd = new Random(1);
        int[][] sizes = {{1, 1}, {1, 17}, {23, 1}, {2, 2}, {3, 5}, {5, 3}, {7, 9}, {19, 4}, {31, 33}, {64, 50}, {2, 40}};
        for (float[] k : new float[][] {gaussian(0.75, 3), gaussian(2.25, 9), {0.1f, 0.2f, 0.4f, 0.2f, 0.1f}}) {
            for (int[] s : sizes) {
                int w = s[0], h = s[1];
                float[] x = random(rnd, w * h), y = random(rnd, w * h);
                float[] bx = new float[w * h], aty = new float[w * h];
                MirrorConvolution.blur(x, bx, w, h, k);
                MirrorConvolution.blurAdjoint(y, aty, w, h, k);
                double lhs = dot(bx, y), rhs = dot(x, aty);
                double scale = Math.sqrt(dot(bx, bx) * dot(y, y)) + 1e-30;
                assertEquals(lhs, rhs, 1e-5 * scale, "size " + w + "x" + h + " taps " + k.length);
            }
        }
    }

    @Test
    void adjointDiffersFromBlurNearBorders() {
        // A mirror-extended blur is not symmetric as a matrix: if this failed the adjoint would be trivial.
        float[] k = gaussian(2.25, 9);
        int w = 16, h = 12;
        float[] delta = new float[w * h];
        delta[0] = 1;
        float[] b = new float[w * h], a = new float[w * h];
        MirrorConvolution.blur(delta, b, w, h, k);
        MirrorConvolution.blurAdjoint(delta, a, w, h, k);
        double diff = 0;
        for (int i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
        assertTrue(diff > 1e-3, "adjoint equals blur at the corner: " + diff);
    }

    @Test
    void blurMatchesNaiveConvolution() {
        Random rnd = new Random(2);
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {4, 3}, {13, 11}, {40, 7}};
        for (float[] k : new float[][] {gaussian(0.75, 3), gaussian(2.25, 9)}) {
            for (int[] s : sizes) {
                int w = s[0], h = s[1];
                float[] x = random(rnd, w * h), out = new float[w * h];
                MirrorConvolution.blur(x, out, w, h, k);
                double[] ref = naive(x, w, h, k);
                for (int i = 0; i < out.length; i++) assertEquals(ref[i], out[i], 1e-5, "size " + w + "x" + h + " at " + i);
            }
        }
    }

    @Test
    void constantImageStaysConstant() {
        float[] k = gaussian(2.25, 9);
        for (int[] s : new int[][] {{1, 1}, {1, 5}, {3, 2}, {64, 48}}) {
            int w = s[0], h = s[1];
            float[] x = new float[w * h], out = new float[w * h];
            java.util.Arrays.fill(x, 117.5f);
            MirrorConvolution.blur(x, out, w, h, k);
            for (float v : out) assertEquals(117.5f, v, 117.5f * 1e-5f);
        }
    }

    @Test
    void inPlaceIsAllowed() {
        Random rnd = new Random(3);
        float[] k = gaussian(0.75, 3);
        float[] x = random(rnd, 20 * 9), out = new float[x.length], adj = new float[x.length];
        MirrorConvolution.blur(x, out, 20, 9, k);
        MirrorConvolution.blurAdjoint(x, adj, 20, 9, k);
        float[] y = x.clone(), z = x.clone();
        MirrorConvolution.blur(y, y, 20, 9, k);
        MirrorConvolution.blurAdjoint(z, z, 20, 9, k);
        assertArrayEquals(out, y);
        assertArrayEquals(adj, z);
    }

    /**
     * The blur and its adjoint run row by row, each band of output rows with its own ring of rows (rows next to a
     * band's edges made again by the next band): any split of the rows into bands, and in place, must give the serial
     * bits, for every size, including images shorter or narrower than the kernel (mirrored more than once).
     */
    @Test
    void bandsAndInPlaceGiveTheSerialBits() {
        Random rnd = new Random(4);
        RangeRunner bands = (n, grain, body) -> { // bands of random sizes, in random order
            java.util.List<int[]> parts = new java.util.ArrayList<>();
            for (int from = 0; from < n; ) { int to = Math.min(n, from + 1 + rnd.nextInt(Math.max(1, n / 2))); parts.add(new int[] {from, to}); from = to; }
            java.util.Collections.shuffle(parts, rnd);
            for (int[] p : parts) body.run(p[0], p[1]);
        };
        for (int c = 0; c < 300; c++) {
            int w = 1 + rnd.nextInt(c % 3 == 0 ? 6 : 70), h = 1 + rnd.nextInt(c % 4 == 0 ? 6 : 70), r = rnd.nextInt(12);
            float[] k = gaussian(0.3 + r / 3.0, r), x = random(rnd, w * h);
            String size = w + "x" + h + " r " + r;
            assertSplitAndInPlaceGiveSerialBits(MirrorConvolution::blur, "blur", x, w, h, k, bands, size);
            assertSplitAndInPlaceGiveSerialBits(MirrorConvolution::blurAdjoint, "adjoint", x, w, h, k, bands, size);
        }
    }

    /** The blur or its adjoint, as {@link MirrorConvolution} runs them. */
    private interface Operator { void apply(float[] src, float[] dst, int w, int h, float[] kernel, RangeRunner par); }

    private static void assertSplitAndInPlaceGiveSerialBits(Operator op, String name, float[] x, int w, int h, float[] k, RangeRunner bands, String size) {
        float[] serial = new float[x.length], banded = new float[x.length], inPlace = x.clone();
        op.apply(x, serial, w, h, k, RangeRunner.SERIAL);
        op.apply(x, banded, w, h, k, bands);
        op.apply(inPlace, inPlace, w, h, k, bands);
        assertBitsEqual(serial, banded, name + " in bands " + size);
        assertBitsEqual(serial, inPlace, name + " in place " + size);
    }

    private static void assertBitsEqual(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++)
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " at " + i + ": " + want[i] + " vs " + got[i]);
    }
}
