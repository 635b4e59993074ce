package org.spikecodec.engine.image;

import java.util.Arrays;

/**
 * A planar image with samples as floats on the 8-bit scale [0, 255] (decoded images may leave that range
 * until they are written). One plane for grey, three for RGB or YCbCr. Planes are row-major.
 */
public final class Image {
    /** Largest accepted image: 2^26 pixels (8192 x 8192), so that a hostile header cannot ask for more. */
    public static final long MAX_PIXELS = 1L << 26;
    public static final int MAX_SIDE = 1 << 16;

    private final int width;
    private final int height;
    private final ColorModel model;
    private final float[][] planes;

    public Image(int width, int height, ColorModel model, float[][] planes) {
        checkSize(width, height);
        if (planes.length != model.channels)
            throw new IllegalArgumentException(model + " needs " + model.channels + " planes, got " + planes.length);
        for (float[] p : planes)
            if (p.length != width * height) throw new IllegalArgumentException("plane of " + p.length + " samples for " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.model = model;
        this.planes = planes;
    }

    public static Image blank(int width, int height, ColorModel model) {
        checkSize(width, height);
        float[][] p = new float[model.channels][width * height];
        return new Image(width, height, model, p);
    }

    public static void checkSize(long width, long height) {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS)
            throw new IllegalArgumentException("image size " + width + "x" + height + " outside 1x1 .. " + MAX_SIDE
                    + " per side and " + MAX_PIXELS + " pixels");
    }

    public int width() { return width; }
    public int height() { return height; }
    public long pixels() { return (long) width * height; }
    public ColorModel model() { return model; }
    public int channels() { return planes.length; }

    /** The live plane (not a copy): callers that must not share it use {@link #copy()}. */
    public float[] plane(int c) { return planes[c]; }

    public Image copy() {
        float[][] p = new float[planes.length][];
        for (int i = 0; i < p.length; i++) p[i] = planes[i].clone();
        return new Image(width, height, model, p);
    }

    public Image withModel(ColorModel m, float[][] newPlanes) { return new Image(width, height, m, newPlanes); }

    /** Samples rounded and clamped to 0..255, as they would be written to an 8-bit file. */
    public Image quantized8() {
        float[][] p = new float[planes.length][];
        for (int c = 0; c < p.length; c++) {
            float[] s = planes[c], d = new float[s.length];
            for (int i = 0; i < s.length; i++) d[i] = Math.max(0, Math.min(255, Math.round(s[i])));
            p[c] = d;
        }
        return new Image(width, height, model, p);
    }

    @Override public String toString() { return width + "x" + height + " " + model; }

    @Override public boolean equals(Object o) {
        return o instanceof Image i && i.width == width && i.height == height && i.model == model && Arrays.deepEquals(i.planes, planes);
    }

    @Override public int hashCode() { return Arrays.deepHashCode(planes) * 31 + width; }
}
