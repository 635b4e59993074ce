package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.image.Image;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * A colour image large enough for several entropy-coded blocks per channel (1024x1024: four, in two waves) gives the
 * same file and the same decoded image whatever the number of threads the coder's blocks run on, and its counts
 * round-trip exactly.
 */
class BlockParallelismTest {
    /** astronaut.png (512x512) mirrored into 1024x1024, so that the image has the statistics of a photo. */
    private static Image bigPhoto() throws Exception {
        Image p = TestImages.read("astronaut.png");
        int w = p.width(), h = p.height();
        float[][] planes = new float[p.channels()][4 * w * h];
        for (int c = 0; c < p.channels(); c++)
            for (int y = 0; y < 2 * h; y++)
                for (int x = 0; x < 2 * w; x++)
                    planes[c][y * 2 * w + x] = p.plane(c)[(y < h ? y : 2 * h - 1 - y) * w + (x < w ? x : 2 * w - 1 - x)];
        return new Image(2 * w, 2 * h, p.model(), planes);
    }

    @Test
    void sameBytesAndImageOnAnyNumberOfThreads() throws Exception {
        Image img = bigPhoto();
        try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
            SpikeCodec.Encoding reference = codec.encode(img);
            byte[] file = reference.file();
            assertEquals(SpkContainer.VERSION, file[SpkContainer.MAGIC.length]);
            float[] decoded = codec.decode(file).image().plane(0);
            for (int threads : new int[] {1, 2, 5}) {
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    assertArrayEquals(file, pool.submit(() -> codec.encode(img).file()).get(), threads + " threads: other bytes");
                    assertArrayEquals(decoded, pool.submit(() -> codec.decode(file).image().plane(0)).get(), threads + " threads: other image");
                } finally {
                    pool.shutdown();
                }
            }
            // The counts the decoder reads are the encoder's, band by band.
            List<List<int[]>> counts = new SpikeDecoder(new CpuBackend(2)).readSpikes(file).counts();
            List<List<int[]>> original = reference.encoded().counts();
            long coefficients = 0;
            for (int c = 0; c < counts.size(); c++)
                for (int b = 0; b < counts.get(c).size(); b++) {
                    assertArrayEquals(original.get(c).get(b), counts.get(c).get(b), "channel " + c + " band " + b);
                    coefficients += counts.get(c).get(b).length;
                }
            assertTrue(coefficients > 3 * (1 << 19), coefficients + " coefficients: too few for several blocks a channel");
        }
    }
}
