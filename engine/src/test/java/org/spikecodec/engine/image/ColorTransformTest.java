package org.spikecodec.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ColorTransformTest {
    @Test
    void roundTripIsWithin1e3() {
        Random random = new Random(1);
        Image rgb = TestImages.random(random, 37, 23, ColorModel.RGB);
        // Include the corners of the RGB cube, where chroma is largest.
        for (int corner = 0; corner < 8; corner++)
            for (int c = 0; c < 3; c++) rgb.plane(c)[corner] = ((corner >> c) & 1) * 255f;
        Image back = ColorTransform.toRgb(ColorTransform.toYcbcr(rgb));
        assertEquals(ColorModel.RGB, back.model());
        double worst = 0;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < rgb.plane(c).length; i++) worst = Math.max(worst, Math.abs(back.plane(c)[i] - rgb.plane(c)[i]));
        assertEquals(0, worst, 1e-3);
    }

    @Test
    void matchesJfifValues() {
        Image rgb = new Image(3, 1, ColorModel.RGB, new float[][] {{255, 0, 128}, {0, 255, 128}, {0, 0, 128}});
        Image ycc = ColorTransform.toYcbcr(rgb);
        // Pure red, pure green (JFIF: Y = .299R + .587G + .114B, Cb = -.168736R - .331264G + .5B + 128, ...), grey.
        assertEquals(76.245, ycc.plane(0)[0], 1e-3);
        assertEquals(128 - 0.168736 * 255, ycc.plane(1)[0], 1e-3);
        assertEquals(128 + 0.5 * 255, ycc.plane(2)[0], 1e-3);
        assertEquals(149.685, ycc.plane(0)[1], 1e-3);
        assertEquals(128 - 0.331264 * 255, ycc.plane(1)[1], 1e-3);
        assertEquals(128 - 0.418688 * 255, ycc.plane(2)[1], 1e-3);
        assertEquals(128, ycc.plane(0)[2], 1e-4);
        assertEquals(128, ycc.plane(1)[2], 1e-4);
        assertEquals(128, ycc.plane(2)[2], 1e-4);
    }

    /** The decoder converts in place to stay within its memory budget: the same floats as a conversion into new planes. */
    @Test
    void inPlaceConversionGivesTheSameSamples() {
        Random rnd = new Random(3);
        int n = 1000;
        float[][] p = new float[3][n];
        for (float[] plane : p) for (int i = 0; i < n; i++) plane[i] = rnd.nextFloat() * 255;
        Image ycbcr = new Image(40, 25, ColorModel.YCBCR, p);
        Image copied = ColorTransform.toRgb(ycbcr);
        Image inPlace = ColorTransform.toRgbInPlace(ycbcr);
        assertEquals(copied, inPlace);
        assertEquals(ColorModel.RGB, inPlace.model());
        assertSame(p[0], inPlace.plane(0));
    }

    /**
     * Cut into parts on the common pool (what JVMs before 19 run) or whole (JDK 19 on): the same floats, whichever this
     * JVM picks. Sizes where the parts are uneven, one over the minimum and several; samples outside 0..255 too.
     */
    @Test
    void partsGiveTheSameFloatsAsOneLoop() {
        Random rnd = new Random(11);
        int[][] sizes = {{1000, 500}, {(2 * ColorTransform.MIN_PART + 7) / 3, 3}, {363, 361}, {5, 3}};
        for (int[] wh : sizes) {
            float[][] p = new float[3][wh[0] * wh[1]];
            for (float[] plane : p) for (int i = 0; i < plane.length; i++) plane[i] = rnd.nextFloat() * 350 - 50;
            Image rgb = new Image(wh[0], wh[1], ColorModel.RGB, p);
            Image ycc = ColorTransform.toYcbcr(rgb, 1);
            Image rgbBack = ColorTransform.toRgbInPlace(ycc.copy(), 1);
            for (int parts : new int[] {2, 3, 7, 64}) {
                String where = wh[0] + "x" + wh[1] + " in " + parts + " parts";
                assertPlanesEqual(ycc, ColorTransform.toYcbcr(rgb, parts), where);
                assertPlanesEqual(rgbBack, ColorTransform.toRgbInPlace(ycc.copy(), parts), where);
            }
        }
    }

    private static void assertPlanesEqual(Image expected, Image actual, String where) {
        assertEquals(expected.model(), actual.model(), where);
        for (int c = 0; c < 3; c++) assertArrayEquals(expected.plane(c), actual.plane(c), where + ", plane " + c);
    }

    @Test
    void rejectsWrongModels() {
        Image grey = Image.blank(2, 2, ColorModel.GREY);
        assertThrows(IllegalArgumentException.class, () -> ColorTransform.toYcbcr(grey));
        assertThrows(IllegalArgumentException.class, () -> ColorTransform.toRgb(grey));
        assertThrows(IllegalArgumentException.class, () -> ColorTransform.toRgb(Image.blank(2, 2, ColorModel.RGB)));
    }
}
