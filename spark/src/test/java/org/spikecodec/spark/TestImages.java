package org.spikecodec.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** Small real images for the jobs' tests: crops of data/photos/camera.png (a few kilobytes, coded in milliseconds). */
final class TestImages {
    private TestImages() {}

    /** Writes a 96x64 crop of camera.png at (row, column) as the PNG {@code file} (its folders created). */
    static Path crop(Path file, int row, int column) throws IOException {
        Image cam = ImageFiles.read(Path.of("..", "data", "photos", "camera.png"));
        int w = 96, h = 64;
        float[] p = new float[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(cam.plane(0), (row + y) * cam.width() + column, p, y * w, w);
        Files.createDirectories(file.getParent());
        ImageFiles.write(new Image(w, h, cam.model(), new float[][] {p}), file);
        return file;
    }
}
