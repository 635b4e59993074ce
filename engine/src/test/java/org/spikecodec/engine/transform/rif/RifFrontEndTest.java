package org.spikecodec.engine.transform.rif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

class RifFrontEndTest {
    /** Low-pass, band-pass and surround-dominated layers (the default until issue 14): these tests are about the solver with several layers. */
    static final TransformSpec.Rif THREE_LAYERS = new TransformSpec.Rif(new double[] {10, 40, 60}, RifFrontEnd.DEFAULT_CG_TOLERANCE, RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS);

    private static final CpuBackend CPU = new CpuBackend(1);

    @AfterAll static void close() { CPU.close(); }

    /** Mean-removed synthetic "photo": smooth random field, a few sharp-edged rectangles, mild noise. */
    static float[] testImage(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] f = new float[w * h];
        for (int i = 0; i < f.length; i++) f[i] = (float) rnd.nextGaussian() * 40;
        float[] s = new float[f.length];
        CPU.separableBlur(f, s, w, h, RetinaFilter.gaussianKernel(3));
        for (int r = 0; r < 6; r++) {
            int x0 = rnd.nextInt(w), y0 = rnd.nextInt(h), x1 = Math.min(w, x0 + 1 + rnd.nextInt(w / 2 + 1)), y1 = Math.min(h, y0 + 1 + rnd.nextInt(h / 2 + 1));
            float v = (float) (rnd.nextGaussian() * 50);
            for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) s[y * w + x] += v;
        }
        for (int i = 0; i < s.length; i++) s[i] += (float) rnd.nextGaussian() * 2;
        double mean = 0;
        for (float v : s) mean += v;
        mean /= s.length;
        for (int i = 0; i < s.length; i++) s[i] -= (float) mean;
        return s;
    }

    static double psnr(float[] ref, float[] x) {
        double se = 0;
        for (int i = 0; i < ref.length; i++) { double d = ref[i] - x[i]; se += d * d; }
        return 10 * Math.log10(255.0 * 255.0 / (se / ref.length));
    }

    @Test
    void layoutOneFullSizeBandPerLayer() {
        RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(new double[] {10, 40, 2.5, 80, 5, 6, 7, 8, 9}, 1e-5, 50), CPU);
        List<BandShape> l = fe.layout(37, 21);
        assertEquals(9, l.size());
        assertEquals("t=10ms", l.get(0).name());
        assertEquals("t=2.5ms", l.get(2).name());
        for (int i = 0; i < l.size(); i++) {
            assertEquals(37, l.get(i).width());
            assertEquals(21, l.get(i).height());
            assertEquals(Math.min(i, RifFrontEnd.MAX_CONTEXT), l.get(i).context());
            assertTrue(l.get(i).gain() > 0 && Double.isFinite(l.get(i).gain()));
        }
        assertEquals(l, fe.layout(37, 21), "layout is a pure function of the spec and size");
    }

    @Test
    void forwardIsLinear() {
        RifFrontEnd fe = new RifFrontEnd(THREE_LAYERS, CPU);
        int w = 45, h = 31;
        float[] x = testImage(w, h, 1), y = testImage(w, h, 2), z = new float[w * h];
        float ca = 1.5f, cb = -0.75f;
        for (int i = 0; i < z.length; i++) z[i] = ca * x[i] + cb * y[i];
        List<float[]> fx = fe.forward(x, w, h), fy = fe.forward(y, w, h), fz = fe.forward(z, w, h);
        for (int t = 0; t < fz.size(); t++) {
            double maxAbs = 0;
            for (float v : fz.get(t)) maxAbs = Math.max(maxAbs, Math.abs(v));
            for (int i = 0; i < z.length; i++)
                assertEquals(ca * fx.get(t)[i] + cb * fy.get(t)[i], fz.get(t)[i], 1e-5 * maxAbs, "layer " + t + " at " + i);
        }
    }

    @Test
    void forwardIsTheDifferenceOfGaussians() {
        // A delta in the middle of a large image: layer = a G_C - b G_S sampled, summing to (a - b).
        RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(new double[] {10, 40, 80}, 1e-5, 50), CPU);
        int w = 41, h = 41;
        float[] d = new float[w * h];
        d[20 * w + 20] = 1;
        List<float[]> layers = fe.forward(d, w, h);
        for (int t = 0; t < 3; t++) {
            double sum = 0;
            for (float v : layers.get(t)) sum += v;
            assertEquals(fe.a(t) - fe.b(t), sum, 1e-4 * fe.a(t));
        }
        // Band-pass near 40 ms: the DC gain is ~3% of the centre weight.
        assertEquals(0.03, 1 - fe.b(1) / fe.a(1), 0.001);
    }

    @Test
    void roundTripWithoutQuantization() {
        int w = 96, h = 80;
        float[] f = testImage(w, h, 3);
        RifFrontEnd fe = new RifFrontEnd(THREE_LAYERS, CPU);
        RifFrontEnd.Reconstruction rec = fe.reconstruct(fe.forward(f, w, h), w, h);
        double p = psnr(f, rec.plane());
        assertTrue(rec.converged(), "CG converged");
        assertTrue(p > 60, "round-trip PSNR " + p);
        double[] res = rec.relativeResiduals();
        assertTrue(res[res.length - 1] < RifFrontEnd.DEFAULT_CG_TOLERANCE);
        assertTrue(res[res.length - 1] < 1e-3 * res[0], "residual decreased");
    }

    @Test
    void roundTripOtherLayerSetsAndTinySizes() {
        double[][] sets = {{10}, {5, 20, 40}, {10, 40, 80}, {40, 80, 120}};
        int[][] sizes = {{1, 1}, {1, 13}, {17, 1}, {5, 4}, {33, 40}};
        for (double[] set : sets) {
            RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(set, 1e-6, 2000), CPU);
            for (int[] s : sizes) {
                int w = s[0], h = s[1];
                float[] f = testImage(Math.max(w, 2), Math.max(h, 2), w * 31 + h);
                f = java.util.Arrays.copyOf(f, w * h);
                f[0] += 20; // a DC component even in the 1x1 case
                RifFrontEnd.Reconstruction rec = fe.reconstruct(fe.forward(f, w, h), w, h);
                assertTrue(rec.converged(), java.util.Arrays.toString(set) + " " + w + "x" + h);
                assertTrue(psnr(f, rec.plane()) > 55, java.util.Arrays.toString(set) + " " + w + "x" + h + ": " + psnr(f, rec.plane()));
            }
        }
    }

    @Test
    void cgStopsOnTheResidualCriterion() {
        int w = 64, h = 64;
        float[] f = testImage(w, h, 4);
        for (double tol : new double[] {1e-2, 1e-3, 1e-4}) {
            RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(THREE_LAYERS.layerTimesMs(), tol, 1000), CPU);
            RifFrontEnd.Reconstruction rec = fe.reconstruct(fe.forward(f, w, h), w, h);
            double[] res = rec.relativeResiduals();
            int k = rec.iterations();
            assertEquals(k + 1, res.length);
            assertTrue(res[k] < tol, "stopped below tolerance");
            for (int i = 0; i < k; i++) assertTrue(res[i] >= tol, "did not stop at the first residual below tolerance");
        }
        // The iteration cap wins when the tolerance cannot be reached in time.
        RifFrontEnd capped = new RifFrontEnd(new TransformSpec.Rif(THREE_LAYERS.layerTimesMs(), 1e-9, 3), CPU);
        RifFrontEnd.Reconstruction rec = capped.reconstruct(capped.forward(f, w, h), w, h);
        assertEquals(3, rec.iterations());
        assertFalse(rec.converged());
    }

    @Test
    void warmStartIsNoWorseThanZero() {
        int w = 64, h = 64;
        float[] f = testImage(w, h, 5);
        RifFrontEnd fe = new RifFrontEnd(THREE_LAYERS, CPU);
        List<float[]> layers = fe.forward(f, w, h);
        RifFrontEnd.Reconstruction warm = fe.reconstruct(layers, w, h, true), cold = fe.reconstruct(layers, w, h, false);
        assertTrue(warm.converged() && cold.converged());
        assertTrue(warm.iterations() <= cold.iterations(), warm.iterations() + " vs " + cold.iterations());
        assertArrayEquals(warm.plane(), fe.reconstruct(layers, w, h, true).plane(), "deterministic");
    }

    @Test
    void gainsNormaliseThePeakResponse() {
        double[] set = {5, 10, 40, 60, 80};
        RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(set, 1e-6, 100), CPU);
        List<BandShape> shapes = fe.layout(8, 8);
        float[] kc = fe.filter().kernelC(), ks = fe.filter().kernelS();
        for (int t = 0; t < set.length; t++) {
            double max = 0;
            for (int i = 0; i <= 200; i++)
                for (int j = 0; j <= 200; j++) {
                    double wx = Math.PI * i / 200, wy = Math.PI * j / 200;
                    double hr = fe.a(t) * RetinaFilter.kernelResponse(kc, wx) * RetinaFilter.kernelResponse(kc, wy)
                              - fe.b(t) * RetinaFilter.kernelResponse(ks, wx) * RetinaFilter.kernelResponse(ks, wy);
                    max = Math.max(max, Math.abs(hr));
                }
            assertEquals(1.0, max * shapes.get(t).gain(), 2e-3, "layer " + set[t]);
        }
        // A constant image: the gained layer is c (a - b) gain, at most c in magnitude (unit peak gain).
        int w = 9, h = 7;
        float[] c = new float[w * h];
        java.util.Arrays.fill(c, 10f);
        List<float[]> layers = fe.forward(c, w, h);
        for (int t = 0; t < set.length; t++) {
            double expect = 10 * (fe.a(t) - fe.b(t));
            for (float v : layers.get(t)) assertEquals(expect, v, 1e-4 * fe.a(t) * 10);
            assertTrue(Math.abs(expect * shapes.get(t).gain()) <= 10 * (1 + 1e-9));
        }
    }

    @Test
    void observerSeesWhatADecoderWithThatLimitReturns() {
        int w = 48, h = 40;
        float[] f = testImage(w, h, 6);
        RifFrontEnd fe = new RifFrontEnd(THREE_LAYERS, CPU);
        List<float[]> layers = fe.forward(f, w, h);
        for (float[] l : layers) for (int i = 0; i < l.length; i++) l[i] += (float) Math.sin(i * 0.7) * 3; // not an exact image: CG runs long
        float[][] seen = new float[8][];
        fe.reconstruct(layers, w, h, (k, x) -> { if (k < seen.length) seen[k] = x.clone(); });
        for (int k = 1; k < seen.length; k++) {
            RifFrontEnd capped = new RifFrontEnd(new TransformSpec.Rif(THREE_LAYERS.layerTimesMs(), THREE_LAYERS.cgTolerance(), k), CPU);
            assertArrayEquals(capped.reconstruct(layers, w, h).plane(), seen[k], "iterate " + k);
        }
    }

    @Test
    void gammaKernelScaleCancelsInWhatTheNeuronsSee() {
        // The spec's gamma kernel has unit area (a 1/n! factor); OplTemporalResponse leaves it out, so a(t) and b(t)
        // are n! = 120 times larger. The peak gain divides it out again: the gained layers agree to float rounding
        // (not bit for bit: 120 is not a power of two), and the weights gain^2 a^2 of the inverse likewise.
        int w = 40, h = 36;
        float[] f = testImage(w, h, 7);
        RetinaFilter filter = RetinaFilter.DEFAULT;
        float[][] cs = filter.blurPair(CPU, f, w, h);
        double[] times = {10, 40, 60};
        double[] a = new double[3], b = new double[3], a1 = new double[3], b1 = new double[3];
        for (int t = 0; t < 3; t++) { a[t] = filter.a(times[t]); b[t] = filter.b(times[t]); a1[t] = a[t] / 120; b1[t] = b[t] / 120; }
        double[] g = RifFrontEnd.peakGains(filter, a, b), g1 = RifFrontEnd.peakGains(filter, a1, b1);
        for (int t = 0; t < 3; t++) {
            assertEquals(120, g1[t] / g[t], 1e-9);
            float[] x = new float[w * h], y = new float[w * h];
            RetinaFilter.combine(a[t], b[t], cs[0], cs[1], x);
            RetinaFilter.combine(a1[t], b1[t], cs[0], cs[1], y);
            double max = 0;
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] * g[t]));
            for (int i = 0; i < x.length; i++) assertEquals(x[i] * g[t], y[i] * g1[t], 1e-5 * max, "layer " + t + " at " + i);
        }
    }
}
