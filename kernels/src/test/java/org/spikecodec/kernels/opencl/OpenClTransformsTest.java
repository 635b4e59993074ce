package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The OpenCL DWT and mirror blur (and its adjoint) against the cpu backend, bit for bit (the raw float bits,
 * so that +0.0 and -0.0 differ), on the real OpenCL runtime of this machine (PoCL in CI). Skipped, with the
 * probe's reason, where no OpenCL device is available.
 */
class OpenClTransformsTest extends OpenClDeviceTest {

    @Test
    void transformsRunOnTheDevice() {
        assertArrayEquals(new boolean[] {true, true}, cl.transformsOnDevice(), "cdf97.cl and mirror_blur.cl must build");
    }

    /** Gaussian values over many magnitudes, with zeros of both signs and a few subnormals. */
    static float[] data(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(16)) {
                case 0 -> a[i] = 0f;
                case 1 -> a[i] = -0f;
                case 2 -> a[i] = Float.intBitsToFloat(r.nextInt(1, 0x00800000)) * (r.nextBoolean() ? 1 : -1);
                case 3 -> a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30)));
                default -> a[i] = (float) (r.nextGaussian() * 100);
            }
        }
        return a;
    }

    static void assertBitsEqual(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                fail(what + ": differs at " + i + ": cpu " + want[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(want[i]))
                        + "), opencl " + got[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(got[i])) + ")");
            }
        }
    }

    static final int[][] DWT_SIZES = {{1, 1}, {1, 2}, {2, 1}, {1, 7}, {7, 1}, {1, 64}, {64, 1}, {1, 257}, {257, 1}, {2, 2},
        {3, 3}, {2, 3}, {3, 2}, {5, 4}, {4, 5}, {9, 9}, {13, 17}, {17, 13}, {31, 29}, {97, 61}, {61, 97}, {100, 3},
        {3, 100}, {127, 128}, {128, 127}, {64, 64}, {257, 129}, {129, 257}, {512, 512}};

    @Test
    void dwtForwardAndInverseBitIdenticalToCpu() {
        assertTrue(cl.variants().localRows(), "the default runs rows in local memory");
        dwtMatchesCpu(cl, "rows in local memory");
        try (OpenClBackend perSample = new OpenClBackend(cl.device(), cl.variants().withLocalRows(false))) {
            dwtMatchesCpu(perSample, "rows per sample");
        }
    }

    private void dwtMatchesCpu(OpenClBackend cl, String variant) {
        SplittableRandom r = new SplittableRandom(97);
        int cases = 0;
        for (int[] s : DWT_SIZES) {
            int w = s[0], h = s[1];
            for (int levels = 0; levels <= 8; levels++) {
                float[] x = data(r, w * h);
                float[] a = x.clone(), b = x.clone();
                cpu.dwtForward(a, w, h, levels);
                cl.dwtForward(b, w, h, levels);
                assertBitsEqual(a, b, variant + ", forward " + w + "x" + h + " levels " + levels);
                if (CpuBackend.dwtEffectiveLevels(w, h, levels) > 0)
                    assertTrue(cl.lastTiming().kernelNanos() > 0, "forward ran no kernel: " + cl.lastTiming());
                cpu.dwtInverse(a, w, h, levels);
                cl.dwtInverse(b, w, h, levels);
                assertBitsEqual(a, b, variant + ", inverse of forward " + w + "x" + h + " levels " + levels);
                float[] y = data(r, w * h);
                a = y.clone();
                b = y.clone();
                cpu.dwtInverse(a, w, h, levels);
                cl.dwtInverse(b, w, h, levels);
                assertBitsEqual(a, b, variant + ", inverse " + w + "x" + h + " levels " + levels);
                cases += 3;
            }
        }
        System.out.println("DWT, " + variant + ": " + cases + " OpenCL/cpu comparisons, bit-identical");
    }

    /** Taller than one launch's dimension 1 ({@link ClCommands#MAX_DIM1}): the passes go in several launches. */
    @Test
    void dwtOfPlanesTallerThanOneLaunchMatchesCpu() {
        SplittableRandom r = new SplittableRandom(65);
        for (int[] s : new int[][] {{3, ClCommands.MAX_DIM1 + 300}, {ClCommands.MAX_DIM1 + 7, 2}}) {
            float[] x = data(r, s[0] * s[1]);
            float[] a = x.clone(), b = x.clone();
            cpu.dwtForward(a, s[0], s[1], 5);
            cl.dwtForward(b, s[0], s[1], 5);
            assertBitsEqual(a, b, "forward " + s[0] + "x" + s[1]);
            cpu.dwtInverse(a, s[0], s[1], 5);
            cl.dwtInverse(b, s[0], s[1], 5);
            assertBitsEqual(a, b, "inverse " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void dwtOnALongerArrayLeavesTheTailAndMatchesCpu() {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = data(r, 37 * 23 + 11);
        float[] a = x.clone(), b = x.clone();
        cpu.dwtForward(a, 37, 23, 4);
        cl.dwtForward(b, 37, 23, 4);
        assertBitsEqual(a, b, "forward on a longer array");
        for (int i = 37 * 23; i < x.length; i++) assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(b[i]));
        cpu.dwtInverse(a, 37, 23, 4);
        cl.dwtInverse(b, 37, 23, 4);
        assertBitsEqual(a, b, "inverse on a longer array");
        assertThrows(IllegalArgumentException.class, () -> cl.dwtForward(new float[3], 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> cl.dwtForward(new float[4], 2, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> cl.dwtInverse(new float[4], 0, 2, 1));
    }

    static final int[][] BLUR_SIZES = {{1, 1}, {1, 2}, {2, 1}, {1, 5}, {5, 1}, {1, 40}, {40, 1}, {2, 2}, {3, 3}, {4, 7}, {7, 4},
        {9, 10}, {10, 9}, {19, 19}, {20, 21}, {31, 17}, {64, 48}, {101, 3}, {3, 101}, {257, 129}};

    /** Normalised Gaussian of radius r (symmetric, as the retina filter uses), or random weights with zeros of both signs. */
    static float[] kernel(SplittableRandom rnd, int r, boolean gaussian) {
        float[] k = new float[2 * r + 1];
        if (gaussian) {
            double sigma = Math.max(0.5, r / 3.0), sum = 0;
            double[] g = new double[k.length];
            for (int i = 0; i < k.length; i++) sum += g[i] = Math.exp(-0.5 * (i - r) * (i - r) / (sigma * sigma));
            for (int i = 0; i < k.length; i++) k[i] = (float) (g[i] / sum);
        } else {
            for (int i = 0; i < k.length; i++) {
                int c = rnd.nextInt(10);
                k[i] = c == 0 ? 0f : c == 1 ? -0f : (float) rnd.nextGaussian();
            }
        }
        return k;
    }

    @Test
    void blurAndAdjointBitIdenticalToCpu() {
        SplittableRandom rnd = new SplittableRandom(19);
        int cases = 0;
        for (int[] s : BLUR_SIZES) {
            int w = s[0], h = s[1];
            for (int r : new int[] {0, 1, 3, 9}) {
                for (boolean gaussian : new boolean[] {true, false}) {
                    float[] k = kernel(rnd, r, gaussian);
                    float[] x = data(rnd, w * h);
                    compareBlur(x, w, h, k, false);
                    compareBlur(x, w, h, k, true);
                    cases += 2;
                }
            }
        }
        for (int r : new int[] {3, 9}) {
            float[] k = kernel(rnd, r, true);
            float[] x = data(rnd, 512 * 512);
            compareBlur(x, 512, 512, k, false);
            compareBlur(x, 512, 512, k, true);
            cases += 2;
        }
        System.out.println("blur: " + cases + " OpenCL/cpu comparisons, bit-identical");
    }

    private static void compareBlur(float[] x, int w, int h, float[] k, boolean adjoint) {
        float[] want = new float[x.length], got = new float[x.length];
        Arrays.fill(got, Float.NaN);
        if (adjoint) { cpu.separableBlurAdjoint(x, want, w, h, k); cl.separableBlurAdjoint(x, got, w, h, k); }
        else { cpu.separableBlur(x, want, w, h, k); cl.separableBlur(x, got, w, h, k); }
        assertBitsEqual(want, got, (adjoint ? "adjoint " : "blur ") + w + "x" + h + " kernel " + k.length);
        assertTrue(cl.lastTiming().kernelNanos() > 0, "ran no kernel: " + cl.lastTiming());
    }

    @Test
    void blurInPlaceAndArgumentChecks() {
        SplittableRandom rnd = new SplittableRandom(23);
        float[] k = kernel(rnd, 3, true);
        float[] x = data(rnd, 30 * 20);
        for (boolean adjoint : new boolean[] {false, true}) {
            float[] a = x.clone(), b = x.clone();
            if (adjoint) { cpu.separableBlurAdjoint(a, a, 30, 20, k); cl.separableBlurAdjoint(b, b, 30, 20, k); }
            else { cpu.separableBlur(a, a, 30, 20, k); cl.separableBlur(b, b, 30, 20, k); }
            assertBitsEqual(a, b, "in place, adjoint=" + adjoint);
        }
        assertThrows(IllegalArgumentException.class, () -> cl.separableBlur(new float[6], new float[6], 2, 3, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> cl.separableBlur(new float[6], new float[5], 2, 3, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> cl.separableBlurAdjoint(new float[6], new float[6], 3, 3, new float[3]));
    }

    /** Measurement only (printed, not asserted beyond equality): DWT 5 levels and blur on 2048x2048. */
    @Test
    void timing2048() {
        int w = 2048, h = 2048;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = new float[w * h];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian() * 50;
        float[] a = x.clone(), b = x.clone();
        cl.dwtForward(b.clone(), w, h, 5); // warm-up
        long t0 = System.nanoTime();
        cl.dwtForward(b, w, h, 5);
        long wall = System.nanoTime() - t0;
        ProfiledBackend.Timing tm = cl.lastTiming();
        cpu.dwtForward(a.clone(), w, h, 5);
        long c0 = System.nanoTime();
        cpu.dwtForward(a, w, h, 5);
        long cpuNanos = System.nanoTime() - c0;
        assertBitsEqual(a, b, "DWT 2048");
        System.out.printf("dwtForward 2048x2048, 5 levels on %s: kernels %.1f ms, transfers %.1f ms, wall %.1f ms; Java %.1f ms%n",
                cl.device().name(), tm.kernelNanos() / 1e6, tm.transferNanos() / 1e6, wall / 1e6, cpuNanos / 1e6);
        for (int r : new int[] {3, 9}) {
            float[] k = kernel(rnd, r, true);
            for (boolean adjoint : new boolean[] {false, true}) {
                float[] want = new float[x.length], got = new float[x.length];
                if (adjoint) cl.separableBlurAdjoint(x, got, w, h, k); else cl.separableBlur(x, got, w, h, k); // warm-up
                t0 = System.nanoTime();
                if (adjoint) cl.separableBlurAdjoint(x, got, w, h, k); else cl.separableBlur(x, got, w, h, k);
                wall = System.nanoTime() - t0;
                tm = cl.lastTiming();
                if (adjoint) cpu.separableBlurAdjoint(x, want, w, h, k); else cpu.separableBlur(x, want, w, h, k);
                c0 = System.nanoTime();
                if (adjoint) cpu.separableBlurAdjoint(x, want, w, h, k); else cpu.separableBlur(x, want, w, h, k);
                cpuNanos = System.nanoTime() - c0;
                assertBitsEqual(want, got, "blur 2048");
                System.out.printf("%s 2048x2048, kernel %d on %s: kernels %.1f ms, transfers %.1f ms, wall %.1f ms; Java %.1f ms%n",
                        adjoint ? "separableBlurAdjoint" : "separableBlur", k.length, cl.device().name(), tm.kernelNanos() / 1e6,
                        tm.transferNanos() / 1e6, wall / 1e6, cpuNanos / 1e6);
            }
        }
    }
}
