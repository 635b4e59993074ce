package org.spikecodec.engine.lif;

import java.util.Locale;

/** Where the decoder puts a coefficient inside its quantizer cell [I_N, I_{N+1}). Ids are written in files. */
public enum Reconstruction {
    /** Cell midpoint: the default, unbiased for a flat density within the cell. */
    MIDPOINT(0),
    /** Lower edge I_N: what the public LIFQ reference code returns (rate read-out then time read-out). */
    LOWER(1),
    /** Centroid of the cell under a Laplacian density fitted per band by the encoder. */
    CENTROID(2);

    public final int id;

    Reconstruction(int id) { this.id = id; }

    public static Reconstruction fromId(int id) {
        for (Reconstruction r : values()) if (r.id == id) return r;
        throw new IllegalArgumentException("unknown reconstruction id " + id);
    }

    public static Reconstruction parse(String s) {
        for (Reconstruction r : values()) if (r.name().toLowerCase(Locale.ROOT).equals(s)) return r;
        throw new IllegalArgumentException("unknown reconstruction '" + s + "' (expected midpoint, lower or centroid)");
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
