package org.spikecodec.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.TestImages;

class SsimTest {
    /**
     * SSIM the slow, obvious way: for each valid window position, weighted sums over the 2-D Gaussian window
     * built directly from exp(-(dx^2 + dy^2) / 2 sigma^2), shrunk to the image along short axes.
     */
    static double directSsim(float[] x, float[] y, int width, int height) {
        int kw = Math.min(11, width), kh = Math.min(11, height);
        double cx = (kw - 1) / 2.0, cy = (kh - 1) / 2.0;
        double[][] w = new double[kh][kw];
        double total = 0;
        for (int j = 0; j < kh; j++)
            for (int i = 0; i < kw; i++) total += w[j][i] = Math.exp(-((i - cx) * (i - cx) + (j - cy) * (j - cy)) / (2 * 1.5 * 1.5));
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2), sum = 0;
        int positions = 0;
        for (int top = 0; top + kh <= height; top++) {
            for (int left = 0; left + kw <= width; left++) {
                double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                for (int j = 0; j < kh; j++) {
                    for (int i = 0; i < kw; i++) {
                        double weight = w[j][i] / total, a = x[(top + j) * width + left + i], b = y[(top + j) * width + left + i];
                        mx += weight * a;
                        my += weight * b;
                        sxx += weight * a * a;
                        syy += weight * b * b;
                        sxy += weight * a * b;
                    }
                }
                double vx = sxx - mx * mx, vy = syy - my * my, cov = sxy - mx * my;
                sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                positions++;
            }
        }
        return sum / positions;
    }

    static Image noisy(Image image, double sigma, long seed) {
        Random random = new Random(seed);
        Image out = image.copy();
        for (int c = 0; c < out.channels(); c++) {
            float[] p = out.plane(c);
            for (int i = 0; i < p.length; i++) p[i] += (float) (sigma * random.nextGaussian());
        }
        return out.quantized8();
    }

    @Test
    void identicalImagesScoreExactlyOne() {
        Image a = TestImages.random(new Random(1), 40, 30, ColorModel.RGB);
        assertEquals(1.0, Ssim.of(a, a.copy()), 0);
        Image smooth = TestImages.smooth(64, 48, 2);
        assertEquals(1.0, Ssim.of(smooth, smooth.copy()), 0);
    }

    @Test
    void matchesDirectImplementation() {
        Random random = new Random(7);
        int[][] sizes = {{40, 33}, {11, 11}, {12, 50}, {64, 64}, {5, 20}, {20, 3}, {1, 1}, {2, 7}};
        for (int[] size : sizes) {
            Image a = TestImages.smooth(size[0], size[1], random.nextLong());
            Image b = noisy(a, 25, random.nextLong());
            double expected = directSsim(a.plane(0), b.plane(0), size[0], size[1]);
            assertEquals(expected, Ssim.of(a, b), 1e-6, size[0] + "x" + size[1]);
            // Unrelated random images give SSIM near 0, another regime for the comparison.
            Image r1 = TestImages.random(random, size[0], size[1], ColorModel.GREY), r2 = TestImages.random(random, size[0], size[1], ColorModel.GREY);
            assertEquals(directSsim(r1.plane(0), r2.plane(0), size[0], size[1]), Ssim.of(r1, r2), 1e-6, size[0] + "x" + size[1]);
        }
    }

    /**
     * The squares and the cross product formed where the horizontal pass reads them (JDK 19+) give the same doubles as
     * formed once a row into arrays (before 19), bit for bit, on samples that are not 8-bit integers too (MS-SSIM's
     * halved scales are not).
     */
    @Test
    void productsFormedWhereReadGiveTheSameDoubles() {
        Random random = new Random(11);
        int[][] sizes = {{40, 33}, {11, 11}, {12, 50}, {64, 64}, {5, 20}, {20, 3}, {1, 1}, {2, 7}, {129, 17}};
        for (int[] size : sizes) {
            int n = size[0] * size[1];
            float[] x = new float[n], y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(256) + (random.nextBoolean() ? 0 : random.nextFloat());
                y[i] = random.nextInt(256) + (random.nextBoolean() ? 0 : random.nextFloat());
            }
            GaussianSsim.Result where = GaussianSsim.compute(x, y, size[0], size[1], true), once = GaussianSsim.compute(x, y, size[0], size[1], false);
            assertEquals(Double.doubleToRawLongBits(once.ssim()), Double.doubleToRawLongBits(where.ssim()), size[0] + "x" + size[1]);
            assertEquals(Double.doubleToRawLongBits(once.contrastStructure()), Double.doubleToRawLongBits(where.contrastStructure()), size[0] + "x" + size[1]);
        }
    }

    @Test
    void tinyImagesUseShrunkWindow() {
        // 1x1: variances vanish, leaving the luminance term (2 x y + C1) / (x^2 + y^2 + C1).
        Image a = new Image(1, 1, ColorModel.GREY, new float[][] {{100}});
        Image b = new Image(1, 1, ColorModel.GREY, new float[][] {{120}});
        double c1 = Math.pow(0.01 * 255, 2);
        assertEquals((2 * 100 * 120 + c1) / (100 * 100 + 120 * 120 + c1), Ssim.of(a, b), 1e-12);
        assertEquals(1.0, Ssim.of(a, a), 0);
    }

    @Test
    void colourIsTheMeanOfChannels() {
        Random random = new Random(9);
        Image a = TestImages.random(random, 30, 20, ColorModel.RGB), b = noisy(a, 30, 10);
        double[] channels = Ssim.perChannel(a, b);
        assertEquals(3, channels.length);
        for (int c = 0; c < 3; c++)
            assertEquals(directSsim(a.plane(c), b.plane(c), 30, 20), channels[c], 1e-6);
        assertEquals((channels[0] + channels[1] + channels[2]) / 3, Ssim.of(a, b), 1e-15);
    }

    @Test
    void decreasesAsNoiseGrows() {
        Image a = TestImages.smooth(96, 80, 11);
        double previous = 1;
        for (double sigma : new double[] {1, 3, 6, 12, 25, 50, 100}) {
            double s = Ssim.of(a, noisy(a, sigma, 12));
            assertTrue(s < previous, "SSIM " + s + " at noise " + sigma + " not below " + previous);
            previous = s;
        }
        assertTrue(previous < 0.3, "heavy noise still scores " + previous);
    }

    @Test
    void isSymmetric() {
        Random random = new Random(13);
        Image a = TestImages.smooth(50, 45, 14), b = noisy(a, 20, random.nextLong());
        assertEquals(Ssim.of(a, b), Ssim.of(b, a), 1e-12);
    }

    @Test
    void luminanceAndContrastChanges() {
        Image a = TestImages.smooth(80, 80, 15);
        Image brighter = a.copy(), flatter = a.copy(), inverted = a.copy();
        for (int i = 0; i < a.plane(0).length; i++) {
            float v = a.plane(0)[i];
            brighter.plane(0)[i] = v + 15;
            flatter.plane(0)[i] = 128 + (v - 128) * 0.5f;
            inverted.plane(0)[i] = 255 - v;
        }
        double shifted = Ssim.of(a, brighter), reduced = Ssim.of(a, flatter), negative = Ssim.of(a, inverted);
        // A brightness shift keeps structure and contrast, so SSIM stays high but below 1.
        assertTrue(shifted > 0.95 && shifted < 1, "brightness shift: " + shifted);
        // Halving contrast costs more than a small shift, yet the structure is intact.
        assertTrue(reduced < shifted && reduced > 0.5, "contrast halved: " + reduced);
        assertTrue(negative < 0, "inverted image: " + negative);
    }

    @Test
    void matchesIndependentNumpyReferenceOnCamera() throws Exception {
        Image[] pair = MetricsReference.cameraPair();
        // Values from a numpy/scipy transcription of ssim_index.m (correlate2d 'valid'), see MetricsReference.
        assertEquals(0.752256476944, Ssim.of(pair[0], pair[1]), 1e-9);
        Image[] crop = MetricsReference.crop(pair, 300, 211);
        assertEquals(0.735949727685, Ssim.of(crop[0], crop[1]), 1e-9);
        assertEquals(22.449121258598, Psnr.of(pair[0], pair[1]), 1e-9);
    }
}
