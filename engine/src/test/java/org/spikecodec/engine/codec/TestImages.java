package org.spikecodec.engine.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** The repository's natural photos (data/photos) and synthetic images for property tests. */
public final class TestImages {
    private TestImages() {}

    public static Path photo(String name) {
        for (Path dir : new Path[] {Path.of("data", "photos"), Path.of("..", "data", "photos")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("test photo " + name + " not found under data/photos");
    }

    public static Image read(String name) throws IOException { return ImageFiles.read(photo(name)); }

    /** A top-left crop, to keep slow front ends fast in tests. */
    public static Image crop(Image img, int w, int h) { return crop(img, 0, 0, w, h); }

    /** The {@code w x h} crop whose top-left corner is at {@code (x0, y0)}. */
    public static Image crop(Image img, int x0, int y0, int w, int h) {
        float[][] p = new float[img.channels()][w * h];
        for (int c = 0; c < img.channels(); c++)
            for (int y = 0; y < h; y++) System.arraycopy(img.plane(c), (y0 + y) * img.width() + x0, p[c], y * w, w);
        return new Image(w, h, img.model(), p);
    }

    /** Smooth structure plus noise: something like a photo, at any size. */
    public static Image synthetic(SplittableRandom rnd, int w, int h, boolean colour) {
        ColorModel m = colour ? ColorModel.RGB : ColorModel.GREY;
        float[][] p = new float[m.channels][w * h];
        for (int c = 0; c < m.channels; c++) {
            double fx = rnd.nextDouble(0.01, 0.3), fy = rnd.nextDouble(0.01, 0.3), ph = rnd.nextDouble(6.3), noise = rnd.nextDouble(0, 20);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    double v = 128 + 80 * Math.sin(fx * x + ph) * Math.cos(fy * y) + (x > w / 2 ? 30 : -30) + noise * rnd.nextGaussian();
                    p[c][y * w + x] = (float) Math.max(0, Math.min(255, Math.round(v)));
                }
        }
        return new Image(w, h, m, p);
    }
}
