package org.spikecodec.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.TestImages;

class PsnrTest {
    @Test
    void oneSampleOffByTenIn2x2() {
        Image a = new Image(2, 2, ColorModel.GREY, new float[][] {{10, 20, 30, 40}});
        Image b = new Image(2, 2, ColorModel.GREY, new float[][] {{10, 20, 40, 40}});
        // MSE = 100 / 4 = 25; 10 log10(255^2 / 25) = 34.1514 dB.
        assertEquals(10 * Math.log10(65025.0 / 25), Psnr.of(a, b), 1e-12);
        assertEquals(34.1514, Psnr.of(a, b), 1e-4);
    }

    @Test
    void identicalImagesAreInfinite() {
        Image a = TestImages.random(new Random(3), 9, 4, ColorModel.RGB);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a.copy()));
        // Differences that vanish after 8-bit rounding do not count.
        Image b = a.copy();
        b.plane(1)[5] += 0.3f;
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, b));
    }

    @Test
    void averagesOverAllChannelsAndReportsEach() {
        Image a = new Image(2, 1, ColorModel.RGB, new float[][] {{0, 0}, {0, 0}, {0, 0}});
        Image b = new Image(2, 1, ColorModel.RGB, new float[][] {{6, 0}, {0, 0}, {0, 0}});
        // All channels: MSE = 36 / 6 = 6; red alone: 36 / 2 = 18.
        assertEquals(10 * Math.log10(65025.0 / 6), Psnr.of(a, b), 1e-12);
        assertArrayEquals(new double[] {10 * Math.log10(65025.0 / 18), Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Psnr.perChannel(a, b), 1e-12);
    }

    @Test
    void brightnessShiftOfTwenty() {
        Image a = TestImages.random(new Random(4), 31, 17, ColorModel.GREY);
        float[] p = a.plane(0);
        for (int i = 0; i < p.length; i++) p[i] = 30 + p[i] % 190; // leave room so nothing clips
        Image b = a.copy();
        for (int i = 0; i < p.length; i++) b.plane(0)[i] += 20;
        assertEquals(20 * Math.log10(255 / 20.0), Psnr.of(a, b), 1e-12);
    }

    @Test
    void quantizesAndIsSymmetric() {
        Random random = new Random(5);
        Image a = TestImages.random(random, 13, 11, ColorModel.RGB), b = TestImages.random(random, 13, 11, ColorModel.RGB);
        assertEquals(Psnr.of(a, b), Psnr.of(b, a), 0);
        Image out = a.copy();
        out.plane(0)[0] = -40; // clamps to 0, as it would be written
        out.plane(0)[1] = 400; // clamps to 255
        Image clamped = a.copy();
        clamped.plane(0)[0] = 0;
        clamped.plane(0)[1] = 255;
        assertEquals(Psnr.of(a, clamped), Psnr.of(a, out), 0);
    }

    @Test
    void ycbcrIsComparedAsRgb() {
        Image rgb = TestImages.random(new Random(6), 8, 8, ColorModel.RGB);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(ColorTransform.toYcbcr(rgb), rgb));
    }

    @Test
    void rejectsMismatchedImages() {
        Image grey = Image.blank(4, 4, ColorModel.GREY);
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(grey, Image.blank(4, 4, ColorModel.RGB)));
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(grey, Image.blank(4, 5, ColorModel.GREY)));
    }
}
