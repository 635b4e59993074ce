package org.spikecodec.engine.image;

/** How the planes of an {@link Image} are to be read. Ids are written in {@code .spk} files. */
public enum ColorModel {
    GREY(1, 1), RGB(2, 3), YCBCR(3, 3);

    public final int id;
    public final int channels;

    ColorModel(int id, int channels) { this.id = id; this.channels = channels; }

    public static ColorModel fromId(int id) {
        for (ColorModel m : values()) if (m.id == id) return m;
        throw new IllegalArgumentException("unknown colour model id " + id);
    }
}
