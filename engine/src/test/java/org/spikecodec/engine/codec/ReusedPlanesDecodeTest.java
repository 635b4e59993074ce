package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/** {@link SpikeDecoder#decode(byte[], Image)}: a decode into an earlier image's planes gives a new decode's samples. */
class ReusedPlanesDecodeTest {
    static CpuBackend backend;
    static SpikeEncoder encoder;
    static SpikeDecoder decoder;

    @BeforeAll static void open() { backend = new CpuBackend(2); encoder = new SpikeEncoder(backend); decoder = new SpikeDecoder(backend); }
    @AfterAll static void close() { backend.close(); }

    /**
     * Random sizes, colour or grey, every front end: a busy image decoded first, then a mostly flat one at a high
     * threshold (its finest bands nearly all zero counts, which a new plane does not need written) into its planes.
     */
    @Test
    void reusedPlanesGiveTheSamplesOfNewOnes() throws Exception {
        SplittableRandom rnd = new SplittableRandom(1202);
        int reusedDwt = 0;
        for (int trial = 0; trial < 40; trial++) {
            int w = 1 + rnd.nextInt(150), h = 1 + rnd.nextInt(150);
            boolean colour = rnd.nextBoolean();
            TransformSpec spec = switch (rnd.nextInt(4)) {
                case 0 -> new TransformSpec.Rif(new double[] {5 + rnd.nextInt(20)}, 1e-4, 200);
                case 1 -> new TransformSpec.Pixels();
                default -> new TransformSpec.Dwt(rnd.nextInt(0, 6));
            };
            Reconstruction rec = Reconstruction.values()[rnd.nextInt(Reconstruction.values().length)];
            String what = w + "x" + h + (colour ? " RGB " : " grey ") + spec + " " + rec;
            byte[] busy = encoder.encode(noise(rnd, w, h, colour), settings(spec, 0.05, rec)).file();
            byte[] flat = encoder.encode(TestImages.synthetic(rnd, w, h, colour), settings(spec, 4 + rnd.nextDouble(8), rec)).file();

            Image expected = decoder.decode(flat).image();
            Image earlier = decoder.decode(busy).image();
            float[][] earlierPlanes = planes(earlier);
            Image decoded = decoder.decode(flat, earlier).image();
            assertEquals(expected.model(), decoded.model(), what);
            for (int c = 0; c < expected.channels(); c++)
                assertArrayEquals(expected.plane(c), decoded.plane(c), what + ", plane " + c);
            if (spec instanceof TransformSpec.Dwt) {
                for (int c = 0; c < decoded.channels(); c++) assertSame(earlierPlanes[c], decoded.plane(c), what + ": the planes are reused");
                reusedDwt++;
            }
        }
        assertTrue(reusedDwt >= 10, "trials with the wavelet: " + reusedDwt);
    }

    /** Planes of another size or number, or shared between channels, are left alone: new planes, the same samples. */
    @Test
    void imagesThatDoNotFitAreLeftAlone() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] file = colourFile(rnd, 96, 64);
        Image expected = decoder.decode(file).image();
        float[] shared = filled(rnd, 96 * 64);
        Image[] misfits = {
            new Image(96, 64, ColorModel.RGB, new float[][] {shared, shared, shared}), // a grey image spread over RGB
            new Image(64, 96, ColorModel.RGB, new float[][] {filled(rnd, 6144), filled(rnd, 6144), filled(rnd, 6144)}),
            new Image(96, 64, ColorModel.GREY, new float[][] {filled(rnd, 6144)}),
        };
        for (Image misfit : misfits) {
            float[][] before = planes(misfit);
            float[][] copies = Arrays.stream(before).map(float[]::clone).toArray(float[][]::new);
            Image decoded = decoder.decode(file, misfit).image();
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(expected.plane(c), decoded.plane(c), misfit + ", plane " + c);
                for (float[] p : before) assertNotSame(p, decoded.plane(c), misfit + ": not reused");
            }
            for (int c = 0; c < before.length; c++) assertArrayEquals(copies[c], before[c], misfit + ": left alone");
        }
    }

    /** A file refused before any decoding (here: its CRC) leaves the image as it was. */
    @Test
    void aRefusedFileLeavesTheImageAlone() throws Exception {
        byte[] file = colourFile(new SplittableRandom(8), 40, 30);
        Image earlier = decoder.decode(file).image();
        Image copy = earlier.copy();
        file[file.length - 1] ^= 0x40;
        assertThrows(InvalidInputException.class, () -> decoder.decode(file, earlier));
        for (int c = 0; c < 3; c++) assertArrayEquals(copy.plane(c), earlier.plane(c));
    }

    /** A synthetic colour photo through the wavelet at 0.5. */
    private static byte[] colourFile(SplittableRandom rnd, int w, int h) {
        return encoder.encode(TestImages.synthetic(rnd, w, h, true), settings(new TransformSpec.Dwt(3), 0.5, Reconstruction.MIDPOINT)).file();
    }

    private static CodecSettings settings(TransformSpec spec, double threshold, Reconstruction rec) {
        return new CodecSettings(spec, LifParameters.defaults().withThreshold(threshold), rec, 1);
    }

    private static Image noise(SplittableRandom rnd, int w, int h, boolean colour) {
        ColorModel m = colour ? ColorModel.RGB : ColorModel.GREY;
        float[][] p = new float[m.channels][];
        for (int c = 0; c < p.length; c++) {
            p[c] = new float[w * h];
            for (int i = 0; i < p[c].length; i++) p[c][i] = rnd.nextInt(256);
        }
        return new Image(w, h, m, p);
    }

    private static float[] filled(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextDouble(-100, 300);
        return a;
    }

    private static float[][] planes(Image img) {
        float[][] p = new float[img.channels()][];
        for (int c = 0; c < p.length; c++) p[c] = img.plane(c);
        return p;
    }
}
