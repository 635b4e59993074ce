package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

class CountEntropyEstimateTest {
    static CpuBackend backend;
    static SpikeEncoder encoder;

    @BeforeAll static void open() { backend = new CpuBackend(); encoder = new SpikeEncoder(backend); }
    @AfterAll static void close() { backend.close(); }

    /** Per-band first-order entropy of the real counts, plus a sign bit per firing neuron, in bytes. */
    static double exactBytes(SpikeEncoder.Encoded e) {
        double bits = 0;
        for (List<int[]> channel : e.counts())
            for (int[] band : channel) {
                Map<Integer, Integer> hist = new HashMap<>();
                for (int v : band) hist.merge(Math.abs(v), 1, Integer::sum);
                for (Map.Entry<Integer, Integer> h : hist.entrySet()) {
                    bits -= h.getValue() * Math.log((double) h.getValue() / band.length) / Math.log(2);
                    if (h.getKey() > 0) bits += h.getValue();
                }
            }
        return bits / 8;
    }

    @Test
    void equalsTheCountsEntropyWhenNoBandIsSampled() throws Exception {
        // 96x96 colour: every band fits in the sample, so the estimate sees every neuron the encoder does.
        SpikeEncoder.Analysis a = encoder.analyze(TestImages.crop(TestImages.read("astronaut.png"), 96, 96), new TransformSpec.Dwt(4));
        LifParameters lif = new LifParameters(1, 100, 2, 50, 1.5); // leak and a refractory period: uneven cells, saturation
        CountEntropyEstimate est = new CountEntropyEstimate(a, lif, 0.7);
        for (double theta : new double[] {0.02, 0.3, 1, 4, 20}) {
            SpikeEncoder.Encoded e = encoder.quantize(a, lif.withThreshold(theta), Reconstruction.MIDPOINT, 0.7);
            assertEquals(exactBytes(e), est.bytes(theta), 1e-6 * exactBytes(e) + 1e-9, "theta " + theta);
        }
    }

    @Test
    void sampledBandsStayClose() throws Exception {
        SpikeEncoder.Analysis a = encoder.analyze(TestImages.read("camera.png"), new TransformSpec.Dwt(5)); // HH1 has 65536 neurons
        CountEntropyEstimate est = new CountEntropyEstimate(a, LifParameters.defaults(), 1);
        for (double theta : new double[] {0.3, 1, 3}) {
            SpikeEncoder.Encoded e = encoder.quantize(a, LifParameters.defaults().withThreshold(theta), Reconstruction.MIDPOINT, 1);
            assertEquals(1, est.bytes(theta) / exactBytes(e), 0.05, "theta " + theta);
        }
    }

    @Test
    void emptyThetaIsWhereTheLastNeuronStopsFiring() throws Exception {
        SpikeEncoder.Analysis a = encoder.analyze(TestImages.crop(TestImages.read("coffee.png"), 64, 48), new TransformSpec.Dwt(3));
        CountEntropyEstimate est = new CountEntropyEstimate(a, LifParameters.defaults(), 1);
        double empty = est.emptyTheta();
        assertEquals(0, est.bytes(empty * 1.001));
        assertTrue(est.bytes(empty * 0.999) > 0);
        SpikeEncoder.Encoded silent = encoder.quantize(a, LifParameters.defaults().withThreshold(empty * 1.001), Reconstruction.MIDPOINT, 1);
        SpikeEncoder.Encoded one = encoder.quantize(a, LifParameters.defaults().withThreshold(empty * 0.999), Reconstruction.MIDPOINT, 1);
        assertEquals(0, silent.stats().spikes());
        assertTrue(one.stats().spikes() > 0);
    }

    @Test
    void fallsAsThetaGrows() throws Exception {
        SpikeEncoder.Analysis a = encoder.analyze(TestImages.crop(TestImages.read("chelsea.png"), 120, 90), new TransformSpec.Pixels());
        CountEntropyEstimate est = new CountEntropyEstimate(a, LifParameters.defaults(), 1);
        double last = Double.POSITIVE_INFINITY;
        for (double logTheta = -6; logTheta < 8; logTheta += 0.25) {
            double b = est.bytes(Math.exp(logTheta));
            assertTrue(b <= last, "at log theta " + logTheta);
            last = b;
        }
    }

    @Test
    void aFlatImageNeverFires() {
        SpikeEncoder.Analysis a = encoder.analyze(new org.spikecodec.engine.image.Image(16, 16, org.spikecodec.engine.image.ColorModel.GREY,
                new float[][] {filled(256, 77)}), new TransformSpec.Dwt(2));
        CountEntropyEstimate est = new CountEntropyEstimate(a, LifParameters.defaults(), 1);
        assertEquals(Double.POSITIVE_INFINITY, est.emptyTheta());
        assertEquals(0, est.bytes(1e-6));
    }

    static float[] filled(int n, float v) {
        float[] p = new float[n];
        java.util.Arrays.fill(p, v);
        return p;
    }
}
