package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

class ThetaSearchTest {
    static final double[] GRID = {0.05, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75, 1, 1.5, 2};
    static CpuBackend backend;
    static SpikeEncoder encoder;

    @BeforeAll static void open() { backend = new CpuBackend(); encoder = new SpikeEncoder(backend); }
    @AfterAll static void close() { backend.close(); }

    static ThetaSearch search(Image img, TransformSpec spec, LifParameters lif) {
        return new RateController(encoder, RateController.Measure.PAYLOAD).search(encoder.analyze(img, spec), lif, Reconstruction.MIDPOINT, 1);
    }

    /** The sweep's targets: the grid, then four bisection probes between 0.25 and 0.35. */
    static List<Double> sweepTargets() {
        List<Double> t = new ArrayList<>();
        for (double r : GRID) t.add(r);
        double lo = Math.log(0.25), hi = Math.log(0.35);
        for (int i = 0; i < 4; i++) {
            double mid = (lo + hi) / 2;
            t.add(Math.exp(mid));
            if (i % 2 == 0) hi = mid; else lo = mid;
        }
        return t;
    }

    @Test
    void aSweepOnAPhotoCostsAboutOneEncodingPerTarget() throws Exception {
        for (String photo : new String[] {"camera.png", "coffee.png"}) {
            Image img = TestImages.read(photo);
            ThetaSearch s = search(img, new TransformSpec.Dwt(5), LifParameters.defaults());
            List<Double> targets = sweepTargets();
            int afterFirstTwo = 0;
            for (int i = 0; i < targets.size(); i++) {
                double t = targets.get(i);
                RateController.Result r = s.encodeToBpp(t, 0.02);
                assertEquals(t, r.encoded().payloadBytes() * 8.0 / img.pixels(), 0.02 * t, photo + " at " + t);
                if (i >= 2) {
                    assertTrue(r.steps() <= 3, photo + " at " + t + ": " + r.steps() + " encodings");
                    afterFirstTwo += r.steps();
                }
            }
            // Measured: about 1.1 per target after the first two; the bracketing search of before took about 3.
            assertTrue(afterFirstTwo <= 1.25 * (targets.size() - 2), photo + ": " + afterFirstTwo + " encodings for " + (targets.size() - 2) + " targets");
        }
    }

    @Test
    void aTargetMetByAnEarlierEncodingCostsNone() throws Exception {
        ThetaSearch s = search(TestImages.crop(TestImages.read("astronaut.png"), 200, 150), new TransformSpec.Dwt(4), LifParameters.defaults());
        RateController.Result first = s.encodeToBpp(0.5, 0.02);
        int before = s.encodings();
        RateController.Result again = s.encodeToBpp(0.5 * 1.004, 0.02);
        assertEquals(0, again.steps());
        assertEquals(before, s.encodings());
        assertSame(first.encoded(), again.encoded());
    }

    @Test
    void belowTheEmptyFileIsUnreachableAndSaysSoQuickly() throws Exception {
        // On the whole file: its header alone is above the target.
        ThetaSearch s = new RateController(encoder).search(encoder.analyze(TestImages.crop(TestImages.read("camera.png"), 64, 64),
                new TransformSpec.Dwt(3)), LifParameters.defaults(), Reconstruction.MIDPOINT, 1);
        RateController.UnreachableRate e = assertThrows(RateController.UnreachableRate.class, () -> s.encodeToBpp(0.01, 0.02));
        assertTrue(e.getMessage().contains("smallest file"), e.getMessage());
        assertEquals(RateController.UnreachableRate.Side.BELOW_SMALLEST, e.side());
        assertEquals(0.01, e.targetBpp());
        assertEquals(e.nearest().file().length * 8.0 / (64 * 64), e.nearestBpp(), 1e-12, "the numbers the caller words");
        assertFalse(e.getMessage().contains("--"), "the engine names no command-line flag: " + e.getMessage());
        assertEquals(0, e.nearest().stats().spikes(), "the nearest is the file without spikes");
        assertTrue(s.encodings() <= 4, s.encodings() + " encodings");
    }

    @Test
    void keptEncodingsHoldTheirFileNotTheirCountsAndGiveTheSameCounts() throws Exception {
        Image img = TestImages.crop(TestImages.read("coffee.png"), 120, 90);
        SpikeEncoder.Analysis a = encoder.analyze(img, new TransformSpec.Dwt(3));
        ThetaSearch s = new RateController(encoder).search(a, LifParameters.defaults(), Reconstruction.MIDPOINT, 1);
        RateController.Result r = s.encodeToBpp(0.8, 0.02);
        assertInstanceOf(CountsOnDemand.class, r.encoded().counts(), "the search keeps 4 bytes a neuron otherwise");
        SpikeEncoder.Encoded direct = encoder.quantize(a, r.encoded().header().lif(), Reconstruction.MIDPOINT, 1);
        assertArrayEquals(direct.file(), r.encoded().file());
        assertEquals(direct.counts().size(), r.encoded().counts().size());
        for (int c = 0; c < direct.counts().size(); c++)
            for (int b = 0; b < direct.counts().get(c).size(); b++)
                assertArrayEquals(direct.counts().get(c).get(b), r.encoded().counts().get(c).get(b), "channel " + c + " band " + b);
    }

    @Test
    void aTinyCropBelowItsEmptyFileIsUnreachableToo() throws Exception {
        // 16x16 of camera.png at 0.01 bpp (a target of 0.32 bytes): once wrote an 85-byte file holding one spike, 60
        // encodings later, with exit 0 and a warning.
        Image img = TestImages.crop(TestImages.read("camera.png"), 100, 100, 16, 16);
        ThetaSearch s = new RateController(encoder).search(encoder.analyze(img, new TransformSpec.Dwt(3)), LifParameters.defaults(),
                Reconstruction.MIDPOINT, 1);
        RateController.UnreachableRate e = assertThrows(RateController.UnreachableRate.class, () -> s.encodeToBpp(0.01, 0.02));
        assertEquals(RateController.UnreachableRate.Side.BELOW_SMALLEST, e.side());
        assertEquals(0, e.nearest().stats().spikes(), "the nearest is the file without spikes");
        assertTrue(s.encodings() <= 6, s.encodings() + " encodings");
    }

    @Test
    void aboveTheHighestRateIsUnreachable() throws Exception {
        // A refractory period caps every neuron at T / Delta + 1 = 6 spikes: the rate saturates.
        ThetaSearch s = search(TestImages.crop(TestImages.read("coffee.png"), 32, 32), new TransformSpec.Dwt(2), new LifParameters(1, 1000, 1, 50, 10));
        RateController.UnreachableRate e = assertThrows(RateController.UnreachableRate.class, () -> s.encodeToBpp(40, 0.02));
        assertTrue(e.getMessage().contains("highest rate"), e.getMessage());
        assertEquals(RateController.UnreachableRate.Side.ABOVE_HIGHEST, e.side());
        assertTrue(e.nearestBpp() < 40, e.nearestBpp() + " bpp");
        assertTrue(e.nearest().payloadBytes() * 8.0 / (32 * 32) < 40);
        assertTrue(s.encodings() < 60, s.encodings() + " encodings");
    }

    @Test
    void aTinyImageEndsWithTheNearestWholeByteOrAClearError() throws Exception {
        ThetaSearch s = search(TestImages.crop(TestImages.read("astronaut.png"), 8, 8), new TransformSpec.Dwt(2), LifParameters.defaults());
        for (double t : new double[] {0.05, 0.5, 1, 2, 4, 8}) {
            int before = s.encodings();
            try {
                RateController.Result r = s.encodeToBpp(t, 0.02);
                assertEquals(t * 8, r.encoded().payloadBytes(), Math.max(0.02 * t * 8, 12), "8x8 at " + t);
            } catch (RateController.UnreachableRate e) {
                assertTrue(t <= 0.5, "only a target below the empty file is out of reach here: " + t + ", " + e.getMessage());
            }
            assertTrue(s.encodings() - before <= 25, (s.encodings() - before) + " encodings at " + t);
        }
    }

    @Test
    void aFlatImageHasOneFile() {
        float[] grey = new float[40 * 30];
        java.util.Arrays.fill(grey, 90);
        ThetaSearch s = search(new Image(40, 30, ColorModel.GREY, new float[][] {grey}), new TransformSpec.Dwt(3), LifParameters.defaults());
        RateController.UnreachableRate above = assertThrows(RateController.UnreachableRate.class, () -> s.encodeToBpp(1, 0.02));
        assertTrue(above.getMessage().contains("highest rate"), above.getMessage());
        RateController.UnreachableRate below = assertThrows(RateController.UnreachableRate.class, () -> s.encodeToBpp(1e-5, 0.02));
        assertTrue(below.getMessage().contains("smallest file"), below.getMessage());
        double only = above.nearest().payloadBytes() * 8.0 / (40 * 30);
        assertEquals(only, s.encodeToBpp(only, 0.02).encoded().payloadBytes() * 8.0 / (40 * 30), 1e-12);
        assertEquals(1, s.encodings());
    }

    @Test
    void rejectsNonsense() throws Exception {
        ThetaSearch s = search(TestImages.crop(TestImages.read("camera.png"), 16, 16), new TransformSpec.Dwt(2), LifParameters.defaults());
        assertThrows(IllegalArgumentException.class, () -> s.encodeToBpp(0, 0.02));
        assertThrows(IllegalArgumentException.class, () -> s.encodeToBpp(Double.NaN, 0.02));
        assertThrows(IllegalArgumentException.class, () -> s.encodeToBpp(1, -0.1));
        assertEquals(0, s.encodings());
    }
}
