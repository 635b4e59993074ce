package org.spikecodec.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.TestImages;

class MsSsimTest {
    @Test
    void identicalImagesScoreExactlyOne() {
        Image a = TestImages.smooth(200, 180, 1);
        assertEquals(1.0, MsSsim.of(a, a.copy()), 0);
        Image rgb = TestImages.random(new Random(2), 33, 40, ColorModel.RGB);
        assertEquals(1.0, MsSsim.of(rgb, rgb.copy()), 0);
    }

    @Test
    void staysInUnitIntervalAndFallsWithNoise() {
        Image a = TestImages.smooth(180, 170, 3);
        double previous = 1;
        for (double sigma : new double[] {2, 5, 10, 20, 40, 80}) {
            double s = MsSsim.of(a, SsimTest.noisy(a, sigma, 4));
            assertTrue(s > 0 && s <= 1, "MS-SSIM " + s);
            assertTrue(s < previous, "MS-SSIM " + s + " at noise " + sigma + " not below " + previous);
            previous = s;
        }
    }

    @Test
    void isSymmetric() {
        Image a = TestImages.smooth(170, 190, 5), b = SsimTest.noisy(a, 15, 6);
        assertEquals(MsSsim.of(a, b), MsSsim.of(b, a), 1e-12);
    }

    @Test
    void scaleCountShrinksWithTheImage() {
        assertEquals(5, MsSsim.scales(512, 512));
        assertEquals(5, MsSsim.scales(161, 1000)); // ceil(161 / 16) = 11
        assertEquals(4, MsSsim.scales(160, 1000));
        assertEquals(2, MsSsim.scales(22, 22));
        assertEquals(2, MsSsim.scales(21, 64)); // ceil(21 / 2) = 11
        assertEquals(1, MsSsim.scales(20, 64));
        assertEquals(1, MsSsim.scales(1, 1));
    }

    @Test
    void singleScaleIsPlainSsim() {
        Image a = TestImages.smooth(20, 15, 7), b = SsimTest.noisy(a, 20, 8);
        assertEquals(Ssim.of(a, b), MsSsim.of(a, b), 1e-15);
    }

    @Test
    void fewerScalesRenormaliseTheWeights() {
        // 40x40 gets 2 scales: cs at 40x40 and SSIM at 20x20, weights 0.0448 and 0.2856 scaled to sum 1.
        Image a = TestImages.smooth(40, 40, 9), b = SsimTest.noisy(a, 20, 10);
        GaussianSsim.Result fine = GaussianSsim.compute(a.plane(0), b.plane(0), 40, 40);
        GaussianSsim.Result coarse = GaussianSsim.compute(MsSsim.halve(a.plane(0), 40, 40), MsSsim.halve(b.plane(0), 40, 40), 20, 20);
        double total = 0.0448 + 0.2856;
        double expected = Math.pow(fine.contrastStructure(), 0.0448 / total) * Math.pow(coarse.ssim(), 0.2856 / total);
        assertEquals(expected, MsSsim.of(a, b), 1e-15);
    }

    @Test
    void halvingAveragesAndRepeatsTheOddEdge() {
        float[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9}; // 3x3
        float[] half = MsSsim.halve(src, 3, 3);
        assertEquals(4, half.length);
        assertEquals((1 + 2 + 4 + 5) / 4f, half[0]);
        assertEquals((3 + 3 + 6 + 6) / 4f, half[1]);
        assertEquals((7 + 8 + 7 + 8) / 4f, half[2]);
        assertEquals(9f, half[3]);
    }

    @Test
    void anticorrelatedImagesScoreZero() {
        Image a = TestImages.smooth(180, 180, 11), inverted = a.copy();
        for (int i = 0; i < a.plane(0).length; i++) inverted.plane(0)[i] = 255 - a.plane(0)[i];
        assertEquals(0.0, MsSsim.of(a, inverted), 0);
    }

    @Test
    void brightnessShiftHurtsLessThanNoise() {
        Image a = TestImages.smooth(180, 180, 12), brighter = a.copy();
        for (int i = 0; i < a.plane(0).length; i++) brighter.plane(0)[i] = Math.min(255, a.plane(0)[i] + 10);
        double shifted = MsSsim.of(a, brighter), noisy = MsSsim.of(a, SsimTest.noisy(a, 30, 13));
        assertTrue(shifted > noisy && shifted < 1, shifted + " vs " + noisy);
    }

    @Test
    void matchesIndependentNumpyReferenceOnCamera() throws Exception {
        Image[] pair = MetricsReference.cameraPair();
        assertEquals(0.958277190055, MsSsim.of(pair[0], pair[1]), 1e-9);
        // 300x211 has odd sides at several scales (211 -> 106 -> 53 -> 27 -> 14), exercising the edge padding.
        Image[] crop = MetricsReference.crop(pair, 300, 211);
        assertEquals(0.958558105411, MsSsim.of(crop[0], crop[1]), 1e-9);
    }
}
