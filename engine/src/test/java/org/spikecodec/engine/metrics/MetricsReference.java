package org.spikecodec.engine.metrics;

import java.nio.file.Path;

import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * A photo and a deterministic distortion of it, for which SSIM, MS-SSIM and PSNR were computed once with an
 * independent numpy/scipy transcription of Wang's ssim_index.m and msssim.m (scipy.signal.correlate2d 'valid'
 * with the normalised 11x11 Gaussian; downsampling by a 2x2 mean with symmetric padding, every other sample):
 * {@code src/test/resources/org/spikecodec/engine/metrics/ssim_reference.py}.
 * The distortion is integer arithmetic so both sides compute it identically:
 * {@code clamp(3 v / 4 + 30 + (7 x + 13 y) mod 17 - 8, 0, 255)}.
 */
final class MetricsReference {
    private MetricsReference() {}

    static Image[] cameraPair() throws Exception {
        Image camera = ImageFiles.read(Path.of(MetricsReference.class.getResource("/org/spikecodec/engine/image/camera.png").toURI()));
        int w = camera.width(), h = camera.height();
        float[] src = camera.plane(0), dst = new float[src.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = (int) src[y * w + x];
                dst[y * w + x] = Math.max(0, Math.min(255, v * 3 / 4 + 30 + (7 * x + 13 * y) % 17 - 8));
            }
        return new Image[] {camera, new Image(w, h, ColorModel.GREY, new float[][] {dst})};
    }

    /** The top-left {@code width x height} of both images. */
    static Image[] crop(Image[] pair, int width, int height) {
        Image[] out = new Image[2];
        for (int k = 0; k < 2; k++) {
            float[] p = new float[width * height];
            for (int y = 0; y < height; y++) System.arraycopy(pair[k].plane(0), y * pair[k].width(), p, y * width, width);
            out[k] = new Image(width, height, ColorModel.GREY, new float[][] {p});
        }
        return out;
    }
}
