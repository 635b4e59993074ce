package org.spikecodec.engine.transform.rif;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The scaled, subsampled retinas of rif-scaled (issue 14 item 3). */
class ScaledRifFrontEndTest {
    private static final CpuBackend CPU = new CpuBackend(1);

    @AfterAll static void close() { CPU.close(); }

    @Test
    void oneModelRetinaIsTheRifFrontEndBitForBit() {
        int w = 37, h = 23;
        float[] f = RifFrontEndTest.testImage(w, h, 5);
        double[] times = {10, 40};
        RifFrontEnd rif = new RifFrontEnd(new TransformSpec.Rif(times, 1e-5, 40), CPU);
        ScaledRifFrontEnd scaled = new ScaledRifFrontEnd(TransformSpec.RifScaled.uniform(times, 1, 1, 1e-5, 40), CPU);
        List<float[]> a = rif.forward(f, w, h), b = scaled.forward(f, w, h);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 0f);
        assertEquals(rif.layout(w, h), scaled.layout(w, h));
        List<float[]> noisy = noisy(a, 3);
        assertArrayEquals(rif.inverse(noisy, w, h), scaled.inverse(noisy, w, h), 0f);
    }

    /**
     * The encoder's high-rate candidate (issue 14 goal 2) is the retina's onset, before the surround responds: the centre
     * Gaussian alone on the twice finer retina at every pixel. The 6 ms layer it replaces (surround weight 0.2 of the
     * centre's) lost 0.1 to 0.7 dB to it at equal rate on the grey photos at 1.5 and 2 bpp.
     */
    @Test
    void highRateCandidateIsTheCentreAloneOnTheFinerRetina() {
        TransformSpec.RifScaled fine = ScaledRifFrontEnd.parse(ScaledRifFrontEnd.DEFAULT_CANDIDATES[ScaledRifFrontEnd.DEFAULT_CANDIDATES.length - 1]);
        assertEquals(1, fine.layers());
        assertEquals(1, fine.decimations()[0]);
        assertEquals(0.5, fine.sigmaScales()[0]);
        double t = fine.layerTimesMs()[0];
        assertTrue(RetinaFilter.DEFAULT.b(t) < 0.01 * RetinaFilter.DEFAULT.a(t), "surround/centre at " + t + " ms");
    }

    /**
     * At equal rate (the PSNR line through five encodings at 0.96 to 1.04 times the target, so that the 0.3 dB jitter of
     * single encodings at high rate does not decide), the high-rate candidate reaches at least {@code pixels}' PSNR on the
     * keong_macan_grey crop at 1.5 bpp, and passes the 6 ms layer it replaced (measured: +0.29 dB over pixels, +0.72 dB
     * over the 6 ms layer).
     */
    @Test
    void highRateCandidateAtEqualRateBeatsPixelsAndTheSixMsLayer() throws Exception {
        org.spikecodec.engine.image.Image grey = RifErrorAnalysis.lumaCrop(
                org.spikecodec.engine.codec.TestImages.read("keong_macan_grey.png"), 256);
        double[] factors = {0.96, 0.98, 1, 1.02, 1.04};
        double bpp = 1.5;
        double fine = RifScaleAnalysis.psnrAtRate(CPU, grey, ScaledRifFrontEnd.parse(ScaledRifFrontEnd.DEFAULT_CANDIDATES[2]), bpp, factors);
        double pixels = RifScaleAnalysis.psnrAtRate(CPU, grey, new TransformSpec.Pixels(), bpp, factors);
        double sixMs = RifScaleAnalysis.psnrAtRate(CPU, grey, ScaledRifFrontEnd.parse("6:0.5:1"), bpp, factors);
        assertTrue(fine >= pixels, "high-rate candidate " + fine + " dB, pixels " + pixels + " dB");
        assertTrue(fine >= sixMs + 0.3, "high-rate candidate " + fine + " dB, the 6 ms layer " + sixMs + " dB");
    }

    @Test
    void layoutHasOneNeuronEveryDPixels() {
        ScaledRifFrontEnd fe = new ScaledRifFrontEnd(ScaledRifFrontEnd.parse("6:4:4,40:0.5:1:0.5,10:1:3:2"), CPU);
        List<BandShape> l = fe.layout(41, 29);
        assertEquals(3, l.size());
        assertEquals(11, l.get(0).width());
        assertEquals(8, l.get(0).height());
        assertEquals(41 * 29, l.get(1).size());
        assertEquals(14, l.get(2).width());
        assertEquals(10, l.get(2).height());
        // gain: the layer's peak gain times its factor
        double peak = RifFrontEnd.peakGains(RetinaFilter.scaled(0.5), new double[] {RetinaFilter.DEFAULT.a(40)}, new double[] {RetinaFilter.DEFAULT.b(40)})[0];
        assertEquals(0.5 * peak, l.get(1).gain(), 1e-12 * peak);
        List<float[]> bands = fe.forward(RifFrontEndTest.testImage(41, 29, 1), 41, 29);
        for (int i = 0; i < 3; i++) assertEquals(l.get(i).size(), bands.get(i).length);
        // neuron (i, j) of the 4-spaced layer is pixel (4i, 4j) of the full-resolution layer
        RifFrontEnd full = new RifFrontEnd(TransformSpec.RifScaled.uniform(new double[] {6}, 4, 1, 1e-5, 200), CPU, RetinaFilter.scaled(4), 1,
                new double[] {6}, new double[] {1});
        float[] whole = full.forward(RifFrontEndTest.testImage(41, 29, 1), 41, 29).get(0);
        assertEquals(whole[2 * 4 * 41 + 3 * 4], bands.get(0)[2 * 11 + 3], 0f);
    }

    /** The normal operator of a subsampled pyramid is symmetric: the sampling's adjoint is exact. */
    @Test
    void normalOperatorOfSubsampledLayersIsSymmetric() {
        int w = 30, h = 21;
        RifFrontEnd group = new RifFrontEnd(TransformSpec.RifScaled.uniform(new double[] {6, 40}, 2, 3, 1e-5, 200), CPU, RetinaFilter.scaled(2), 3,
                new double[] {6, 40}, new double[] {1, 0.7});
        List<float[]> bands = group.forward(RifFrontEndTest.testImage(w, h, 2), w, h);
        RifFrontEnd.Normal n = group.problem(bands, w, h, false).normal();
        Random r = new Random(3);
        float[] x = new float[w * h], y = new float[w * h], nx = new float[w * h], ny = new float[w * h];
        for (int i = 0; i < x.length; i++) { x[i] = (float) r.nextGaussian(); y[i] = (float) r.nextGaussian(); }
        n.apply(x, nx);
        n.apply(y, ny);
        double a = 0, b = 0, s = 0;
        for (int i = 0; i < x.length; i++) { a += (double) nx[i] * y[i]; b += (double) x[i] * ny[i]; s += Math.abs((double) nx[i] * y[i]); }
        assertEquals(a, b, 1e-5 * s);
    }

    /** A smooth image comes back from a 2-level pyramid; the finer the quantization noise, the closer. */
    @Test
    void pyramidReconstructsWithoutNoiseAndDegradesGracefully() {
        int w = 64, h = 48;
        float[] f = RifFrontEndTest.testImage(w, h, 7);
        ScaledRifFrontEnd fe = new ScaledRifFrontEnd(ScaledRifFrontEnd.parse("6:2:2,40:0.5:1:0.5").withCgMaxIterations(300), CPU);
        List<float[]> bands = fe.forward(f, w, h);
        double clean = RifFrontEndTest.psnr(f, fe.inverse(bands, w, h));
        double noisy = RifFrontEndTest.psnr(f, fe.inverse(noisy(bands, 2), w, h));
        assertTrue(clean > 40, "clean " + clean);
        assertTrue(noisy < clean && noisy > 20, "noisy " + noisy + ", clean " + clean);
        // the subsampled coarse layer alone gives a blurred but faithful image (bilinear warm start, then CG)
        ScaledRifFrontEnd coarse = new ScaledRifFrontEnd(ScaledRifFrontEnd.parse("6:4:4").withCgMaxIterations(20), CPU);
        double c = RifFrontEndTest.psnr(f, coarse.inverse(coarse.forward(f, w, h), w, h));
        assertTrue(c > 15 && c < clean, "coarse " + c);
    }

    @Test
    void bilinearUpsamplingInterpolatesAndHoldsTheEdge() {
        float[] s = {0, 4, 8, 12}; // 2 x 2 samples at pixels (0,0), (2,0), (0,2), (2,2) of a 3 x 4 image
        float[] out = new float[3 * 4];
        RifFrontEnd.upsampleBilinear(s, 2, 2, 2, out, 3, 4);
        assertArrayEquals(new float[] {0, 2, 4, 4, 6, 8, 8, 10, 12, 8, 10, 12}, out, 0f); // rows 2 and 3: the last sample row
    }

    private static List<float[]> noisy(List<float[]> bands, double sigma) {
        Random r = new Random(11);
        List<float[]> out = new ArrayList<>();
        for (float[] b : bands) {
            float[] c = b.clone();
            for (int i = 0; i < c.length; i++) c[i] += (float) (sigma * r.nextGaussian());
            out.add(c);
        }
        return out;
    }
}
