package org.spikecodec.engine.image;

import java.util.Random;

/** Images for tests. */
public final class TestImages {
    private TestImages() {}

    /** Uniformly random integer samples 0..255. */
    public static Image random(Random random, int width, int height, ColorModel model) {
        float[][] planes = new float[model.channels][width * height];
        for (float[] p : planes)
            for (int i = 0; i < p.length; i++) p[i] = random.nextInt(256);
        return new Image(width, height, model, planes);
    }

    /** A smooth, photo-like grey pattern with some texture, integer samples 0..255. */
    public static Image smooth(int width, int height, long seed) {
        Random random = new Random(seed);
        float[] p = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                p[y * width + x] = Math.round(128 + 60 * Math.sin(x / 7.0) * Math.cos(y / 11.0) + 30 * Math.sin((x + y) / 23.0)
                        + 10 * random.nextGaussian());
        return new Image(width, height, ColorModel.GREY, new float[][] {p}).quantized8();
    }
}
