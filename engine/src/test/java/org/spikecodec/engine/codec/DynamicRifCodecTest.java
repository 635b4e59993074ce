package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.DynamicLifQuantizer;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.lif.SteppedLifEncoder;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.spikes.SpikeTrains;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.IntegratedRifFrontEnd;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The dynamic retina path (rif-dynamic) through the codec: the counts it writes, the read-out, the round trip. */
class DynamicRifCodecTest {
    static final TransformSpec.RifDynamic SPEC = new TransformSpec.RifDynamic(10, 10, 8, 1e-5, 200);
    static CpuBackend cpu;
    static Image grey, colour;

    @BeforeAll static void setUp() throws Exception {
        cpu = new CpuBackend();
        grey = TestImages.crop(TestImages.read("camera.png"), 180, 200, 64, 48);
        colour = TestImages.crop(TestImages.read("astronaut.png"), 150, 60, 40, 36);
    }

    @AfterAll static void close() { cpu.close(); }

    private record Coded(SpikeEncoder.Analysis analysis, SpikeEncoder.Encoded encoded) {}

    /** The image through the dynamic front end, its neurons at these LIF parameters (midpoint read-out). */
    private static Coded code(Image img, LifParameters lif) {
        SpikeEncoder.Analysis a = new SpikeEncoder(cpu).analyze(img, SPEC);
        return new Coded(a, new SpikeEncoder(cpu).quantize(a, lif, Reconstruction.MIDPOINT, 1));
    }

    private static CodecSettings settings(double theta, Reconstruction rec) {
        return new CodecSettings(SPEC, LifParameters.defaults().withThreshold(theta), rec, 1.0);
    }

    /**
     * The counts in the file are those of the stepped neuron integrating each drive plane times the neuron gain, as
     * {@link SteppedLifEncoder} runs it from the LIF parameters alone (dt = T / steps); not the snapshot's.
     */
    @Test
    void countsAreTheSteppedNeuronsOverTheRetinaDrive() {
        LifParameters lif = LifParameters.defaults().withThreshold(0.4);
        Coded coded = code(grey, lif);
        SpikeEncoder.Analysis a = coded.analysis();
        SpikeEncoder.Encoded e = coded.encoded();
        float g = SpikeEncoder.neuronGain(a.layout().get(0), 1f);
        float[] drive = a.drives().get(0).clone();
        for (int i = 0; i < drive.length; i++) drive[i] *= g;
        int neurons = grey.width() * grey.height();
        SteppedLifEncoder.Result stepped = new SteppedLifEncoder(lif, lif.window() / SPEC.steps()).encode(cpu, drive, neurons, SPEC.stepsPerPlane(), SPEC.steps());
        int[] counts = e.counts().get(0).get(0);
        int fired = 0, differ = 0;
        SpikeEncoder enc = new SpikeEncoder(cpu);
        int[] snapshot = enc.quantize(enc.analyze(grey, new TransformSpec.Rif(new double[] {10}, 1e-5, 200)), lif, Reconstruction.MIDPOINT, 1).counts().get(0).get(0);
        for (int i = 0; i < neurons; i++) {
            assertEquals(stepped.total(i), counts[i], "neuron " + i);
            if (counts[i] != 0) fired++;
            if (counts[i] != snapshot[i]) differ++;
        }
        assertTrue(fired > neurons / 4, "too few neurons fire to test anything: " + fired);
        assertTrue(differ > neurons / 10, "the dynamic counts should not be the snapshot's: " + differ + " differ");
    }

    /**
     * The read-out model: a firing neuron's time-averaged input (what the decoder estimates) falls inside the cell of
     * its count under the assumed drive shape for most neurons; the others (a centre-surround mix unlike the shape's,
     * or an input that changes sign within the window) are off by a fraction of a cell.
     */
    @Test
    void mostTimeAveragedInputsFallInTheirCountsCell() {
        LifParameters lif = LifParameters.defaults().withThreshold(0.2);
        Coded coded = code(grey, lif);
        SpikeEncoder.Analysis a = coded.analysis();
        SpikeEncoder.Encoded e = coded.encoded();
        DynamicLifQuantizer q = (DynamicLifQuantizer) SpikeEncoder.quantizer(new IntegratedRifFrontEnd(SPEC, cpu), lif);
        int[] n = e.counts().get(0).get(0);
        float[] j = a.bands().get(0).get(0);
        float g = SpikeEncoder.neuronGain(a.layout().get(0), 1f);
        float[] t = q.thresholds(SpikeEncoder.maxMagnitude(n) + 1);
        int fired = 0, inside = 0, sameSign = 0;
        for (int i = 0; i < n.length; i++) {
            if (n[i] == 0) continue;
            fired++;
            float v = Math.abs(j[i]) * g;
            int k = Math.abs(n[i]);
            if (v >= t[k - 1] && (k == t.length || v < t[k])) inside++;
            if (Math.signum(j[i]) == Integer.signum(n[i])) sameSign++;
        }
        System.out.printf("rif-dynamic read-out: %d of %d firing neurons' time-averaged inputs inside their cell, %d of the same sign%n", inside, fired, sameSign);
        assertTrue(fired > 500, "fired " + fired);
        assertTrue(inside > 0.7 * fired, inside + " of " + fired + " inside their cell");
        assertTrue(sameSign > 0.97 * fired, sameSign + " of " + fired + " with the sign of their count");
    }

    /**
     * Grey and colour round trips: the header says rif-dynamic, the decoder reads the encoder's counts, and with the CG
     * count the encoder chooses (as {@code spikecodec encode} does; a converged inverse amplifies the quantization error,
     * docs/rate-distortion.md) PSNR rises with the rate. (Not without bound: with 80 steps the counts near the step
     * count fall in coarse cells, floor(80 / s) for a period of s steps, and the RGB crop loses 0.4 dB from theta 0.25
     * to 0.06.)
     */
    @Test
    void roundTripsAndGetsBetterWithMoreSpikes() throws Exception {
        SpikeEncoder enc = new SpikeEncoder(cpu);
        SpikeDecoder dec = new SpikeDecoder(cpu);
        for (Image img : List.of(grey, colour)) {
            double previousPsnr = Double.NEGATIVE_INFINITY;
            long previousBytes = 0;
            for (double theta : new double[] {4, 1, 0.25}) {
                for (Reconstruction rec : Reconstruction.values()) {
                    SpikeEncoder.Encoded e = enc.encode(img, settings(theta, rec));
                    assertEquals(SPEC, e.header().transform());
                    SpikeDecoder.Spikes s = dec.readSpikes(e.file());
                    assertEquals(SPEC, s.header().transform());
                    for (int c = 0; c < img.channels(); c++) assertArrayEquals(e.counts().get(c).get(0), s.counts().get(c).get(0));
                    SpikeDecoder.Decoded d = dec.decode(e.file());
                    assertEquals(img.model(), d.image().model());
                    if (rec != Reconstruction.MIDPOINT) continue;
                    e = RifIterationChoice.choose(cpu, img, e);
                    assertEquals(SPEC.withCgMaxIterations(((TransformSpec.Retina) e.header().transform()).cgMaxIterations()), e.header().transform());
                    d = dec.decode(e.file());
                    double psnr = Psnr.of(img, d.image());
                    System.out.printf("rif-dynamic %s theta %.2f: %d bytes, PSNR %.2f dB%n", img.model(), theta, e.file().length, psnr);
                    assertTrue(e.file().length > previousBytes, "more bytes as theta falls");
                    assertTrue(psnr > previousPsnr, "PSNR " + psnr + " at theta " + theta + " after " + previousPsnr);
                    previousPsnr = psnr;
                    previousBytes = e.file().length;
                }
            }
            assertTrue(previousPsnr > 30, img.model() + ": only " + previousPsnr + " dB at the finest threshold");
        }
    }

    /** The `spikes` command's trains for the dynamic path: as many spike times as the coded count, on step boundaries in (0, T]. */
    @Test
    void spikeTrainsFollowTheSteppedNeuron() {
        LifParameters lif = LifParameters.defaults().withThreshold(0.3);
        Coded coded = code(colour, lif);
        SpikeEncoder.Analysis a = coded.analysis();
        SpikeEncoder.Encoded e = coded.encoded();
        double dt = lif.window() / SPEC.steps();
        int firing = 0;
        for (int c = 0; c < 3; c++) {
            for (SpikeTrains.Neuron n : SpikeTrains.of(a, e, c, 0, new SpikeTrains.Region(3, 5, 20, 12))) {
                assertEquals(Math.abs(n.count()), n.timesMs().length, "neuron " + n.x() + "," + n.y() + " channel " + c);
                double previous = 0;
                for (double t : n.timesMs()) {
                    assertTrue(t > previous && t <= lif.window() + 1e-9, "time " + t);
                    assertEquals(Math.rint(t / dt), t / dt, 1e-9, "on a step");
                    previous = t;
                }
                if (n.count() != 0) firing++;
            }
        }
        assertTrue(firing > 100, "firing " + firing);
    }
}
