package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Cdf97LiftingTest {

    /** T.800 Table F.4 analysis filters (not derived from the lifting code), indexed by |tap|. */
    private static final double[] LOW_TAPS = {0.602949018236360, 0.266864118442875, -0.078223266528990, -0.016864118442875, 0.026748757410810};
    private static final double[] HIGH_TAPS = {1.115087052456994, -0.591271763114250, -0.057543526228500, 0.091271763114250};

    private static final int[][] SIZES = {
        {1, 1}, {1, 2}, {2, 1}, {2, 2}, {1, 3}, {3, 1}, {1, 17}, {17, 1}, {1, 100}, {100, 1}, {3, 3}, {5, 7}, {7, 5},
        {4, 9}, {13, 31}, {31, 13}, {64, 64}, {63, 65}, {97, 89}, {128, 33}, {2, 50}, {50, 2}, {257, 3},
    };

    private static float[] randomPlane(int n, long seed) {
        Random rnd = new Random(seed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = rnd.nextInt(256);
        return p;
    }

    private static int mirror(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    /** One level of 1-D analysis by direct convolution with whole-sample symmetric extension, in Mallat order. */
    private static double[] directAnalysis(double[] x) {
        int n = x.length;
        if (n == 1) return x.clone();
        int nL = (n + 1) / 2, nH = n / 2;
        double[] out = new double[n];
        for (int k = 0; k < nL; k++) {
            double s = 0;
            for (int t = -4; t <= 4; t++) s += LOW_TAPS[Math.abs(t)] * x[mirror(2 * k + t, n)];
            out[k] = s;
        }
        for (int k = 0; k < nH; k++) {
            double s = 0;
            for (int t = -3; t <= 3; t++) s += HIGH_TAPS[Math.abs(t)] * x[mirror(2 * k + 1 + t, n)];
            out[nL + k] = s;
        }
        return out;
    }

    /** Multi-level 1-D analysis by iterating {@link #directAnalysis} on the low band. */
    private static double[] directAnalysis(double[] x, int levels) {
        double[] out = x.clone();
        for (int l = 0, n = x.length; l < levels && n > 1; l++, n = (n + 1) / 2) {
            double[] region = Arrays.copyOf(out, n);
            System.arraycopy(directAnalysis(region), 0, out, 0, n);
        }
        return out;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void perfectReconstructionForManySizesAndLevels() {
        long seed = 1;
        for (int[] s : SIZES) {
            for (int levels = 0; levels <= 8; levels++) {
                int w = s[0], h = s[1];
                float[] original = randomPlane(w * h, seed++);
                float[] p = original.clone();
                Cdf97Lifting.forward2d(p, w, h, levels);
                if (Cdf97Lifting.effectiveLevels(w, h, levels) > 0 && w * h > 1)
                    assertFalse(Arrays.equals(p, original), "forward changed nothing for " + w + "x" + h);
                Cdf97Lifting.inverse2d(p, w, h, levels);
                for (int i = 0; i < p.length; i++)
                    assertEquals(original[i], p[i], 1e-3, w + "x" + h + " levels " + levels + " at " + i);
            }
        }
    }

    @Test
    void effectiveLevelsStopAtOneByOne() {
        assertEquals(0, Cdf97Lifting.effectiveLevels(1, 1, 5));
        assertEquals(1, Cdf97Lifting.effectiveLevels(2, 1, 5));
        assertEquals(2, Cdf97Lifting.effectiveLevels(3, 3, 5));
        assertEquals(3, Cdf97Lifting.effectiveLevels(5, 8, 5));
        assertEquals(6, Cdf97Lifting.effectiveLevels(33, 2, 12));
        assertEquals(2, Cdf97Lifting.effectiveLevels(1000, 1000, 2));
        // Asking for more levels than the size supports gives exactly the supported transform.
        float[] a = randomPlane(13 * 7, 5), b = a.clone();
        Cdf97Lifting.forward2d(a, 13, 7, 4);
        Cdf97Lifting.forward2d(b, 13, 7, 12);
        assertArrayEquals(a, b);
    }

    @Test
    void oneLevelMatchesDirectConvolutionIn1d() {
        for (int n = 2; n <= 41; n++) checkAgainstDirect(n, 1, 100 + n);
        checkAgainstDirect(256, 1, 7);
        checkAgainstDirect(509, 1, 8);
    }

    @Test
    void multiLevelMatchesIteratedDirectConvolutionIn1d() {
        for (int n : new int[] {5, 16, 37, 64, 101, 255, 256}) for (int levels = 2; levels <= 6; levels++) checkAgainstDirect(n, levels, n * 10L + levels);
    }

    /** Checks the signal as a row (horizontal pass) and as a column (vertical pass). */
    private static void checkAgainstDirect(int n, int levels, long seed) {
        float[] x = randomPlane(n, seed);
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) xd[i] = x[i];
        double[] expected = directAnalysis(xd, levels);
        double scale = Math.max(1, maxAbs(x));
        for (boolean asRow : new boolean[] {true, false}) {
            float[] p = x.clone();
            if (asRow) Cdf97Lifting.forward2d(p, n, 1, levels);
            else Cdf97Lifting.forward2d(p, 1, n, levels);
            for (int i = 0; i < n; i++)
                assertEquals(expected[i], p[i], 1e-4 * scale, (asRow ? "row" : "column") + " n=" + n + " levels=" + levels + " at " + i);
        }
    }

    @Test
    void oneLevel2dIsSeparableDirectConvolution() {
        for (int[] s : new int[][] {{9, 7}, {16, 16}, {21, 2}, {3, 30}}) {
            int w = s[0], h = s[1];
            float[] x = randomPlane(w * h, w * 31L + h);
            double[][] rows = new double[h][w];
            for (int y = 0; y < h; y++) for (int i = 0; i < w; i++) rows[y][i] = x[y * w + i];
            for (int y = 0; y < h; y++) rows[y] = directAnalysis(rows[y]);
            for (int i = 0; i < w; i++) {
                double[] col = new double[h];
                for (int y = 0; y < h; y++) col[y] = rows[y][i];
                col = directAnalysis(col);
                for (int y = 0; y < h; y++) rows[y][i] = col[y];
            }
            float[] p = x.clone();
            Cdf97Lifting.forward2d(p, w, h, 1);
            for (int y = 0; y < h; y++)
                for (int i = 0; i < w; i++) assertEquals(rows[y][i], p[y * w + i], 1e-4 * 255, w + "x" + h + " at " + i + "," + y);
        }
    }

    @Test
    void constantGoesToLowBandWithUnitDcGain() {
        for (int[] s : new int[][] {{64, 64}, {37, 23}, {1, 19}, {19, 1}, {2, 2}}) {
            int w = s[0], h = s[1], levels = 3;
            float[] p = new float[w * h];
            Arrays.fill(p, 100f);
            Cdf97Lifting.forward2d(p, w, h, levels);
            int lw = w, lh = h;
            for (int l = 0; l < Cdf97Lifting.effectiveLevels(w, h, levels); l++) {
                lw = (lw + 1) / 2;
                lh = (lh + 1) / 2;
            }
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    float expected = i < lw && y < lh ? 100f : 0f;
                    assertEquals(expected, p[y * w + i], 1e-3, w + "x" + h + " at " + i + "," + y);
                }
            }
        }
    }

    @Test
    void polynomialsUpToCubicVanishInInteriorHighPass() {
        int n = 128, nL = n / 2;
        for (int degree = 1; degree <= 3; degree++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                double t = (i - n / 2.0) / 8.0;
                x[i] = (float) (3 + 2 * t + (degree >= 2 ? 0.5 * t * t : 0) + (degree >= 3 ? 0.1 * t * t * t : 0));
            }
            double scale = maxAbs(x);
            float[] p = x.clone();
            Cdf97Lifting.forward2d(p, n, 1, 1);
            // High coefficient k sits at 2k+1 and its analysis filter reaches 3 samples either way.
            for (int k = 2; k < nL - 2; k++) assertEquals(0, p[nL + k], 2e-5 * scale, "degree " + degree + " high " + k);
            // The ramp is not killed at the mirrored ends: the test can see a border.
            if (degree == 1) assertTrue(Math.abs(p[nL + nL - 1]) > 1e-2, "border high coefficient of a ramp");
        }
    }

    @Test
    void isDeterministicAndRejectsBadArguments() {
        float[] a = randomPlane(50 * 30, 9), b = a.clone();
        Cdf97Lifting.forward2d(a, 50, 30, 3);
        Cdf97Lifting.forward2d(b, 50, 30, 3);
        assertArrayEquals(a, b);
        assertThrows(IllegalArgumentException.class, () -> Cdf97Lifting.forward2d(new float[3], 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Cdf97Lifting.inverse2d(new float[4], 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Cdf97Lifting.inverse2d(new float[4], 2, 2, -1));
    }

    /**
     * The vertical pass as a pipeline down the rows ({@code forward2d}) against the strip-wise pass it replaced, bit for
     * bit (raw bits, -0f included): odd and even sizes, heights and widths from 1, widths past a strip of columns, all
     * level counts, on the serial and a hostile split runner.
     */
    @Test
    void pipelinedForwardIsBitIdenticalToStripwise() {
        int[] widths = {1, 2, 3, 4, 5, 7, 8, 16, 17, 33, 255, 256, 257, 300, 511, 512, 513, 1100};
        // past the ring of odd rows (its size a power of two with no slack at 10, 11, 27..30, 59..62)
        int[] heights = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 27, 28, 29, 30, 31, 32, 33, 59, 60, 61, 62, 64, 65, 100, 129, 300};
        SplittableRandom r = new SplittableRandom(11);
        for (int w : widths) {
            for (int h : heights) {
                if ((long) w * h > 40_000 && h > 33 && h != 300) continue; // big planes: a few heights are enough
                for (int levels = 0; levels <= 6; levels++) {
                    float[] x = SplitTransformsTest.data(r, w * h + 2); // samples past w x h are left alone
                    for (int i = 0; i < x.length; i += 1 + r.nextInt(9)) x[i] = r.nextBoolean() ? -0f : 0f;
                    float[] want = x.clone(), serial = x.clone(), split = x.clone();
                    Cdf97Lifting.forward2dStripwise(want, w, h, levels);
                    Cdf97Lifting.forward2d(serial, w, h, levels, RangeRunner.SERIAL);
                    Cdf97Lifting.forward2d(split, w, h, levels, SplitTransformsTest.hostile(r.nextLong()));
                    SplitTransformsTest.assertBits(want, serial, "pipelined, " + w + "x" + h + "/" + levels);
                    SplitTransformsTest.assertBits(want, split, "pipelined, hostile split, " + w + "x" + h + "/" + levels);
                }
            }
        }
        // all zeros of both signs: the sign of every zero the lifting makes must come out the same
        for (int[] s : new int[][] {{7, 5}, {16, 9}, {33, 2}, {2, 33}}) {
            float[] x = new float[s[0] * s[1]];
            for (int i = 0; i < x.length; i++) x[i] = r.nextBoolean() ? -0f : 0f;
            float[] want = x.clone(), got = x.clone();
            Cdf97Lifting.forward2dStripwise(want, s[0], s[1], 3);
            Cdf97Lifting.forward2d(got, s[0], s[1], 3);
            SplitTransformsTest.assertBits(want, got, "signed zeros, " + s[0] + "x" + s[1]);
        }
    }

    /**
     * The transform's floats, pinned: a fingerprint of every sample after forward and after inverse, on fixed inputs of
     * many sizes and level counts, as computed by the transform before its loops were restructured for speed (the
     * files it makes must not change). A rewrite that changes any sample's arithmetic or order changes the value.
     */
    @Test
    void floatsArePinned() {
        int[][] sizes = {{1, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 3}, {5, 7}, {7, 5}, {4, 9}, {13, 31}, {31, 13}, {64, 64}, {63, 65},
            {97, 89}, {128, 33}, {2, 50}, {50, 2}, {257, 3}, {3, 257}, {301, 517}, {517, 301}, {1024, 700}};
        long h = 1;
        for (int[] s : sizes) {
            for (int levels : new int[] {1, 3, 5, 9}) {
                Random r = new Random(s[0] * 31L + s[1] + levels);
                float[] p = new float[s[0] * s[1]];
                for (int i = 0; i < p.length; i++) p[i] = (float) (r.nextGaussian() * 50);
                Cdf97Lifting.forward2d(p, s[0], s[1], levels);
                for (float v : p) h = h * 1000003 + Float.floatToRawIntBits(v);
                Cdf97Lifting.inverse2d(p, s[0], s[1], levels);
                for (float v : p) h = h * 1000003 + Float.floatToRawIntBits(v);
            }
        }
        assertEquals(0x9966d9d64e00f4f0L, h);
    }
}
