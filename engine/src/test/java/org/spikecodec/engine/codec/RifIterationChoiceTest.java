package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.RifFrontEnd;
import org.spikecodec.kernels.cpu.CpuBackend;

class RifIterationChoiceTest {
    private static final CpuBackend CPU = new CpuBackend(1);

    @AfterAll static void close() { CPU.close(); }

    /** Float MSE of the decoder's output (before rounding), the measure the choice minimises. */
    private static double mse(Image original, Image decoded) {
        double s = 0;
        long n = 0;
        for (int c = 0; c < original.channels(); c++) {
            float[] a = original.plane(c), b = decoded.plane(c);
            for (int i = 0; i < a.length; i++) { s += (a[i] - b[i]) * (a[i] - b[i]); n++; }
        }
        return s / n;
    }

    private static int iterations(SpikeCodec.Encoding e) { return ((TransformSpec.Rif) e.header().transform()).cgMaxIterations(); }

    @Test
    void chosenLimitDecodesCloserAndChangesNothingButTheHeader() throws Exception {
        // camera at about 1 bpp with the three layers of the former default: there the full solve amplifies the
        // high-frequency quantization error (18 -> 26 dB measured on the whole photo when stopped early).
        Image image = TestImages.crop(TestImages.read("camera.png"), 128, 96, 96, 96);
        CodecSettings s = CodecSettings.defaults().withTransform(new TransformSpec.Rif(new double[] {10, 40, 60},
                RifFrontEnd.DEFAULT_CG_TOLERANCE, RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS));
        try (SpikeCodec codec = SpikeCodec.sharing(CPU, s)) {
            SpikeCodec.Encoding full = codec.encodeToBpp(image, 1.0), chosen = codec.withChosenRifIterations(full, image);
            assertTrue(iterations(chosen) < 20, "an early stop at 1 bpp, got " + iterations(chosen));
            RifIterationChoice.Choice c = RifIterationChoice.measure(CPU, image, full.encoded());
            assertEquals(c.iterations(), iterations(chosen));

            SpikeDecoder.Spikes a = codec.readSpikes(full.file()), b = codec.readSpikes(chosen.file());
            assertEquals(full.bytes(), chosen.bytes(), "only a header field changes");
            for (int band = 0; band < a.counts().get(0).size(); band++)
                assertArrayEquals(a.counts().get(0).get(band), b.counts().get(0).get(band), "counts of band " + band);

            double before = mse(image, codec.decode(full.file()).image()), after = mse(image, codec.decode(chosen.file()).image());
            assertEquals(c.originalMse(), before, 1e-3 * before, "the choice sees the decoder's output at the file's limit");
            assertEquals(c.chosenMse(), after, 1e-3 * after, "and at the chosen limit");
            assertTrue(after < 0.7 * before, "MSE " + before + " -> " + after);
        }
    }

    @Test
    void otherFrontEndsAndTheBestLimitAreLeftAlone() throws Exception {
        Image image = TestImages.crop(TestImages.read("camera.png"), 128, 96, 64, 64);
        try (SpikeCodec codec = SpikeCodec.sharing(CPU, CodecSettings.defaults())) {
            SpikeCodec.Encoding dwt = codec.encodeToBpp(image, 1.0);
            assertSame(dwt, codec.withChosenRifIterations(dwt, image));
        }
        // Fine quantization (theta small): every iteration helps, so the file keeps its own limit, byte for byte.
        CodecSettings fine = CodecSettings.defaults().withTransform(new TransformSpec.Rif(new double[] {10, 40, 60}, 1e-4, 60))
                .withLif(CodecSettings.defaults().lif().withThreshold(1e-3));
        try (SpikeCodec codec = SpikeCodec.sharing(CPU, fine)) {
            SpikeCodec.Encoding e = codec.encode(image);
            RifIterationChoice.Choice c = RifIterationChoice.measure(CPU, image, e.encoded());
            assertTrue(c.chosenMse() <= c.originalMse());
            if (c.iterations() == 60) assertArrayEquals(e.file(), codec.withChosenRifIterations(e, image).file());
        }
    }

    @Test
    void colourChoiceWeighsTheChannelsAsRgb() throws Exception {
        Image image = TestImages.crop(TestImages.read("astronaut.png"), 200, 100, 64, 64);
        try (SpikeCodec codec = SpikeCodec.sharing(CPU, CodecSettings.defaults().withTransform(RifFrontEnd.defaultSpec()))) {
            SpikeCodec.Encoding full = codec.encodeToBpp(image, 1.5), chosen = codec.withChosenRifIterations(full, image);
            Image a = codec.decode(full.file()).image(), b = codec.decode(chosen.file()).image();
            // The choice weighs the YCbCr errors by their RGB weights: the RGB error itself must not grow.
            assertTrue(mse(image, b) <= mse(image, a) * 1.0001, mse(image, a) + " -> " + mse(image, b));
            assertEquals(List.of(full.bytes()), List.of(chosen.bytes()));
        }
    }

    @Test
    void refusesAnEncodingOfAnotherFrontEnd() throws Exception {
        Image image = TestImages.crop(TestImages.read("camera.png"), 128, 96, 32, 32);
        CodecSettings three = CodecSettings.defaults().withTransform(new TransformSpec.Rif(new double[] {10, 40, 60}, 1e-5, 200));
        try (SpikeCodec made = SpikeCodec.sharing(CPU, three); SpikeCodec other = SpikeCodec.sharing(CPU, CodecSettings.defaults().withTransform(RifFrontEnd.defaultSpec()))) {
            SpikeCodec.Encoding e = made.encode(image);
            // Its counts would be re-coded from a one-layer analysis: a wrong file, so an error instead.
            assertThrows(IllegalArgumentException.class, () -> other.withChosenRifIterations(e, image));
        }
    }

    /** The encoder's choice of retina configuration keeps the candidate that decodes closest, and writes it as encoded. */
    @Test
    void retinaChoiceKeepsTheClosestCandidate() throws Exception {
        Image image = TestImages.crop(TestImages.read("camera.png"), 64, 48, 200, 150);
        List<TransformSpec.RifScaled> candidates = org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.defaultCandidates();
        try (SpikeCodec codec = SpikeCodec.sharing(CPU, CodecSettings.defaults())) {
            SpikeCodec.Encoding chosen = codec.encodeToBppChoosingRetina(image, 0.5, candidates);
            double best = Double.NEGATIVE_INFINITY;
            for (TransformSpec.RifScaled c : candidates) {
                SpikeCodec one = codec.withSettings(codec.settings().withTransform(c));
                double psnr;
                try {
                    psnr = one.decode(one.withChosenRifIterations(one.encodeToBpp(image, 0.5), image).file()).psnr(image);
                } catch (RateController.UnreachableRate e) {
                    continue;
                }
                best = Math.max(best, psnr);
            }
            assertEquals(best, codec.decode(chosen.file()).psnr(image), 0);
            TransformSpec.RifScaled spec = (TransformSpec.RifScaled) chosen.header().transform();
            assertTrue(candidates.stream().anyMatch(c -> c.withCgMaxIterations(spec.cgMaxIterations()).equals(spec)), spec.toString());
            assertEquals(0.5, chosen.bpp(), 0.5 * 0.03);
        }
    }
}
