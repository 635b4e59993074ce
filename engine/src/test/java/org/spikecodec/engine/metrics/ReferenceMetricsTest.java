package org.spikecodec.engine.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/** One reference, many reconstructions: the same bits as Psnr.of and Ssim.of, whatever the models and sample values. */
class ReferenceMetricsTest {

    private static Image random(Random rnd, int w, int h, ColorModel m, boolean whole) {
        float[][] p = new float[m.channels][w * h];
        for (float[] plane : p)
            for (int i = 0; i < plane.length; i++) plane[i] = whole ? rnd.nextInt(256) : rnd.nextFloat() * 300 - 20;
        return new Image(w, h, m, p);
    }

    @Test
    void givesPsnrAndSsimBitForBit() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 24; trial++) {
            int w = 1 + rnd.nextInt(60), h = 1 + rnd.nextInt(40);
            ColorModel refModel = ColorModel.values()[rnd.nextInt(ColorModel.values().length)];
            ColorModel decModel = refModel == ColorModel.GREY ? ColorModel.GREY : (rnd.nextBoolean() ? ColorModel.RGB : ColorModel.YCBCR);
            Image ref = random(rnd, w, h, refModel, rnd.nextBoolean());
            ReferenceMetrics metrics = new ReferenceMetrics(ref);
            for (int k = 0; k < 3; k++) {
                Image dec = random(rnd, w, h, decModel, rnd.nextBoolean());
                ReferenceMetrics.Fidelity f = metrics.of(dec);
                assertEquals(Double.doubleToRawLongBits(Psnr.of(ref, dec)), Double.doubleToRawLongBits(f.psnr()), "psnr, " + refModel + " vs " + decModel);
                assertEquals(Double.doubleToRawLongBits(Ssim.of(ref, dec)), Double.doubleToRawLongBits(f.ssim()), "ssim, " + refModel + " vs " + decModel);
            }
            assertEquals(Double.POSITIVE_INFINITY, new ReferenceMetrics(ref).of(ref).psnr());
        }
    }

    @Test
    void anEightBitReferenceIsUsedAsItIsAndAnyOtherIsQuantized() {
        Image whole = new Image(2, 1, ColorModel.RGB, new float[][] {{0, 255}, {7, 8}, {100, 200}});
        assertTrue(ReferenceMetrics.isWritten(whole));
        assertFalse(ReferenceMetrics.isWritten(new Image(2, 1, ColorModel.GREY, new float[][] {{0, 12.5f}})));
        assertFalse(ReferenceMetrics.isWritten(new Image(2, 1, ColorModel.GREY, new float[][] {{0, 256}})));
        assertFalse(ReferenceMetrics.isWritten(new Image(2, 1, ColorModel.GREY, new float[][] {{-0f, 1}})), "-0 is written as +0");
        assertFalse(ReferenceMetrics.isWritten(new Image(2, 1, ColorModel.GREY, new float[][] {{Float.NaN, 1}})));
        assertFalse(ReferenceMetrics.isWritten(new Image(2, 1, ColorModel.YCBCR, new float[][] {{0, 1}, {128, 128}, {128, 128}})));
    }

    @Test
    void refusesAnotherSizeOrModel() {
        ReferenceMetrics m = new ReferenceMetrics(new Image(2, 2, ColorModel.GREY, new float[][] {{1, 2, 3, 4}}));
        assertThrows(IllegalArgumentException.class, () -> m.of(new Image(2, 1, ColorModel.GREY, new float[][] {{1, 2}})));
        assertThrows(IllegalArgumentException.class, () -> m.of(Image.blank(2, 2, ColorModel.RGB)));
    }
}
