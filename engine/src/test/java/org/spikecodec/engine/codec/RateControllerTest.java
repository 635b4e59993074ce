package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.RifFrontEnd;
import org.spikecodec.kernels.cpu.CpuBackend;

class RateControllerTest {
    static CpuBackend backend;
    static SpikeEncoder encoder;

    @BeforeAll static void open() { backend = new CpuBackend(); encoder = new SpikeEncoder(backend); }
    @AfterAll static void close() { backend.close(); }

    @Test
    void hitsEveryTargetWithinThreePercentOnAPhoto() throws Exception {
        for (String photo : new String[] {"camera.png", "coffee.png"}) {
            SpikeEncoder.Analysis a = encoder.analyze(TestImages.read(photo), new TransformSpec.Dwt(5));
            for (double bpp : new double[] {0.1, 0.25, 0.5, 1, 2}) {
                RateController.Result r = new RateController(encoder).encodeToBpp(a, bpp, LifParameters.defaults(), Reconstruction.MIDPOINT, 1);
                assertEquals(bpp, r.encoded().stats().bpp(), bpp * RateController.TOLERANCE, photo + " at " + bpp + " bpp");
                assertEquals(r.encoded().file().length * 8.0 / a.pixels(), r.encoded().stats().bpp(), 1e-12, "the rate is the file");
                assertTrue(r.steps() < 40, "search steps " + r.steps());
            }
        }
    }

    @Test
    void worksForEveryFrontEndAndOddParameters() throws Exception {
        Image img = TestImages.crop(TestImages.read("astronaut.png"), 160, 120);
        TransformSpec[] specs = {new TransformSpec.Rif(RifFrontEnd.DEFAULT_LAYERS_MS, 1e-4, 100), new TransformSpec.Pixels(), new TransformSpec.Dwt(2)};
        for (TransformSpec spec : specs) {
            SpikeEncoder.Analysis a = encoder.analyze(img, spec);
            LifParameters start = new LifParameters(1e-3, 30, 2, 80, 1); // far from the answer, with a refractory period
            RateController.Result r = new RateController(encoder).encodeToBpp(a, 0.8, start, Reconstruction.MIDPOINT, 0.5);
            assertEquals(0.8, r.encoded().stats().bpp(), 0.8 * RateController.TOLERANCE, spec.toString());
            assertEquals(30, r.encoded().header().lif().tau(), "only theta is searched");
        }
    }

    @Test
    void targetBelowTheEmptyFileIsAClearError() throws Exception {
        SpikeEncoder.Analysis a = encoder.analyze(TestImages.crop(TestImages.read("camera.png"), 32, 32), new TransformSpec.Dwt(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RateController(encoder).encodeToBpp(a, 0.01, LifParameters.defaults(), Reconstruction.MIDPOINT, 1));
        assertTrue(e.getMessage().contains("smallest file"), e.getMessage());
    }
}
