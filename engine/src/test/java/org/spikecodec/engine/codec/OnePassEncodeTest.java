package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.entropy.EntropyStats;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * {@link SpikeEncoder#encode} runs each channel from its plane to its coded stream in one task; its files must be
 * those of the two-stage path ({@code quantize(analyze(...))}) that the rate search uses, for every front end.
 */
class OnePassEncodeTest {

    @Test
    void oneTaskPerChannelWritesTheBytesOfTheTwoStagePath() throws Exception {
        List<TransformSpec> specs = List.of(new TransformSpec.Dwt(5), new TransformSpec.Dwt(1), new TransformSpec.Pixels(),
                new TransformSpec.Rif(new double[] {10}, 1e-5, 200), DynamicRifCodecTest.SPEC);
        SplittableRandom rnd = new SplittableRandom(41);
        try (CpuBackend backend = new CpuBackend(2)) {
            SpikeEncoder enc = new SpikeEncoder(backend);
            for (TransformSpec spec : specs)
                for (boolean colour : new boolean[] {true, false}) {
                    Image image = TestImages.synthetic(rnd, 61 + rnd.nextInt(40), 37 + rnd.nextInt(40), colour);
                    Image copy = image.copy();
                    for (double theta : new double[] {0.05, 0.4}) {
                        CodecSettings s = new CodecSettings(spec, LifParameters.defaults().withThreshold(theta), Reconstruction.MIDPOINT, 1.3);
                        AtomicLong frontEndDone = new AtomicLong();
                        long t0 = System.nanoTime();
                        SpikeEncoder.Encoded one = enc.encode(image, s, frontEndDone);
                        long t1 = System.nanoTime();
                        SpikeEncoder.Encoded two = enc.quantize(enc.analyze(image, spec), s.lif(), s.reconstruction(), s.chromaGain());
                        String what = spec + (colour ? " colour" : " grey") + " theta " + theta;
                        assertArrayEquals(two.file(), one.file(), what);
                        assertEquals(two.stats(), one.stats(), what);
                        assertEquals(two.payloadBytes(), one.payloadBytes(), what);
                        for (int c = 0; c < two.counts().size(); c++)
                            for (int b = 0; b < two.counts().get(c).size(); b++)
                                assertArrayEquals(two.counts().get(c).get(b), one.counts().get(c).get(b), what + " channel " + c + " band " + b);
                        assertStatsOfCounts(one, what);
                        assertTrue(frontEndDone.get() >= t0 && frontEndDone.get() <= t1, what + ": the front end's end lies within the call");
                        assertEquals(copy, image, what + ": the caller's image is left as it was");
                    }
                }
        }
    }

    /** The statistics the coder gathers on the way are those of the counts themselves. */
    private static void assertStatsOfCounts(SpikeEncoder.Encoded e, String what) {
        long neurons = 0, active = 0, spikes = 0;
        double bits = 0;
        for (List<int[]> channel : e.counts()) {
            bits += EntropyStats.firstOrderBits(channel);
            for (int[] band : channel)
                for (int v : band) {
                    neurons++;
                    active += v != 0 ? 1 : 0;
                    spikes += Math.abs(v);
                }
        }
        assertEquals(neurons, e.stats().neurons(), what);
        assertEquals(active, e.stats().activeNeurons(), what);
        assertEquals(spikes, e.stats().spikes(), what);
        assertEquals(bits, e.stats().firstOrderBits(), 1e-9 * Math.max(1, bits), what);
    }
}
