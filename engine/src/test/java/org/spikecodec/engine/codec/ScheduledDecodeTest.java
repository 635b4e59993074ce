package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The scheduled decode ({@link TaskGraph}: blocks of every channel in one queue, the longest chain first) gives the
 * nested decode's image and, on corrupt files, its error, whatever the runners and the pool.
 */
class ScheduledDecodeTest {
    static CpuBackend backend;
    static SpikeDecoder decoder;
    /** Several blocks a channel in two waves (1024x1024 colour), a grey one-block image, a colour crop of odd size. */
    static List<byte[]> files;

    @BeforeAll static void encode() throws Exception {
        backend = new CpuBackend(2);
        decoder = new SpikeDecoder(backend);
        SpikeEncoder enc = new SpikeEncoder(backend);
        files = List.of(
                enc.encode(BlockParallelismTest.bigPhoto(), CodecSettings.defaults()).file(),
                enc.encode(TestImages.crop(TestImages.read("camera.png"), 200, 120), CodecSettings.defaults()).file(),
                enc.encode(TestImages.crop(TestImages.read("astronaut.png"), 33, 29),
                        new CodecSettings(new TransformSpec.Dwt(3), LifParameters.defaults().withThreshold(2), Reconstruction.CENTROID, 0.7)).file());
    }

    @AfterAll static void close() { backend.close(); }

    @Test
    void sameImageAsTheNestedDecode() throws Exception {
        int[][] poolsAndRunners = {{1, 1}, {1, 2}, {2, 2}, {3, 4}};
        for (byte[] file : files) {
            Image nested = decoder.decode(file, null, 1).image();
            for (int[] pr : poolsAndRunners) {
                ForkJoinPool pool = new ForkJoinPool(pr[0]);
                try {
                    Image scheduled = decoder.decode(file, pool, pr[1]).image();
                    assertEquals(nested.channels(), scheduled.channels());
                    for (int c = 0; c < nested.channels(); c++)
                        assertArrayEquals(nested.plane(c), scheduled.plane(c), "pool " + pr[0] + ", runners " + pr[1] + ", channel " + c);
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    /**
     * Payloads corrupted behind valid CRCs (bytes changed in one or more channels, or cut short): both decodes refuse
     * with the same message (the lowest failing channel's, within it the first failing block's) or give the same image.
     */
    @Test
    void corruptPayloadsFailAlike() {
        SplittableRandom rnd = new SplittableRandom(11);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                int refused = 0, trials = 40;
                for (int t = 0; t < trials; t++) {
                    byte[] file = files.get(t % 3 == 2 ? 2 : 0);
                    SpkContainer.Parsed p = SpkContainer.read(file);
                    List<byte[]> payloads = new ArrayList<>(p.channelPayloads());
                    int damaged = 1 + rnd.nextInt(payloads.size());
                    for (int k = 0; k < damaged; k++) {
                        int c = rnd.nextInt(payloads.size());
                        byte[] b = payloads.get(c).clone();
                        if (rnd.nextInt(4) == 0) b = java.util.Arrays.copyOf(b, rnd.nextInt(1, b.length));
                        else for (int i = 0; i < 1 + rnd.nextInt(3); i++) b[rnd.nextInt(1, b.length)] ^= (byte) (1 + rnd.nextInt(255));
                        payloads.set(c, b);
                    }
                    byte[] bad = SpkContainer.write(p.header(), payloads);
                    String nested = outcome(() -> decoder.decode(bad, null, 1));
                    String scheduled = outcome(() -> decoder.decode(bad, pool, 2));
                    assertEquals(nested, scheduled, "trial " + t);
                    if (nested.startsWith("refused")) refused++;
                }
                assertTrue(refused > trials / 2, refused + " of " + trials + " refused: the corruption misses the counts");
            });
        } finally {
            pool.shutdown();
        }
    }

    @FunctionalInterface
    private interface Decode { SpikeDecoder.Decoded run() throws InvalidInputException; }

    /** "refused: message", or a digest of the image. */
    private static String outcome(Decode d) {
        try {
            Image img = d.run().image();
            int h = 1;
            for (int c = 0; c < img.channels(); c++) h = 31 * h + java.util.Arrays.hashCode(img.plane(c));
            return "decoded " + h;
        } catch (InvalidInputException e) {
            return "refused: " + e.getMessage();
        }
    }
}
