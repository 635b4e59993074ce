package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The encoder's interleaved double sums (channel mean, centroid statistics) against exact sums. */
class EncoderSumsTest {
    private static double exactSum(float[] a, float gain, boolean abs) {
        BigDecimal s = BigDecimal.ZERO;
        for (float v : a) s = s.add(new BigDecimal(abs ? Math.abs(v) * gain : v));
        return s.doubleValue();
    }

    @Test
    void everyLengthAndTailSumsEveryElement() {
        Random rnd = new Random(11);
        for (int n = 0; n < 40; n++) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextInt(511) - 255); // integers: every double sum is exact
            assertEquals(exactSum(a, 1f, false), SpikeEncoder.sum(a), 0, "length " + n);
            assertEquals(exactSum(a, 0.75f, true), SpikeEncoder.sumAbs(a, 0.75f), 0, "length " + n);
        }
    }

    @Test
    void largePlanesStayWithinDoubleRoundingOfTheExactSum() {
        Random rnd = new Random(12);
        float[] a = new float[1_000_003];
        for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextGaussian() * 60 + 120);
        double exact = exactSum(a, 1f, false);
        assertEquals(exact, SpikeEncoder.sum(a), Math.abs(exact) * 1e-12);
        float gain = 1.37f;
        double exactAbs = exactSum(a, gain, true);
        assertEquals(exactAbs, SpikeEncoder.sumAbs(a, gain), exactAbs * 1e-12);
        // the mean as the header stores it: the float of the exact mean
        assertEquals((float) (exact / a.length), (float) (SpikeEncoder.sum(a) / a.length));
    }
}
