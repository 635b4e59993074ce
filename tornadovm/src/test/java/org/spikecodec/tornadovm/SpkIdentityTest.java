package org.spikecodec.tornadovm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.transform.TransformSpec;

/**
 * The project's rule through TornadoVM: a {@code .spk} file written with {@code --backend tornadovm} is the cpu backend's,
 * byte for byte, and decodes to the same planes, for the wavelet front end (thresholding, read-out, CDF 9/7 both ways)
 * and the retina-inspired one (blurs and their adjoints in its conjugate-gradient decoder).
 */
class SpkIdentityTest {

    @Test
    void dwtFilesAndDecodingsAreTheCpuBackends() throws Exception {
        same(CodecSettings.defaults(), photo(203, 150));
    }

    @Test
    void rifFilesAndDecodingsAreTheCpuBackends() throws Exception {
        same(CodecSettings.defaults().withTransform(new TransformSpec.Rif(new double[] {2.0}, 1e-3, 20)), photo(64, 48));
    }

    private static void same(CodecSettings settings, BufferedImage photo) throws Exception {
        try (SpikeCodec cpu = SpikeCodec.open("cpu", settings); SpikeCodec tvm = SpikeCodec.open("tornadovm", settings)) {
            byte[] expect = cpu.encode(photo).file(), got = tvm.encode(photo).file();
            assertArrayEquals(expect, got, ".spk through TornadoVM");
            Image a = cpu.decode(expect).image(), b = tvm.decode(expect).image();
            assertEquals(a, b, "decoded planes through TornadoVM");
        }
    }

    /** A smooth gradient with texture and noise: every band gets spikes. */
    private static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(w * 31 + h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int g = (int) Math.max(0, Math.min(255, 128 + 70 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + r.nextGaussian() * 12));
                img.setRGB(x, y, (g << 16) | ((255 - g) << 8) | ((x * 255 / w + g) / 2));
            }
        return img;
    }
}
