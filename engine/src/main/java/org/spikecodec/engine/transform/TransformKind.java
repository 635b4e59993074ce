package org.spikecodec.engine.transform;

import java.util.Locale;

/** Front-end families, with the stable ids written in {@code .spk} files. */
public enum TransformKind {
    DWT(1), RIF(2), PIXELS(3),
    /** The retina filter's response integrated over time by each neuron ("dynamic quantization"; spike-coding.md 2.3). */
    RIF_DYNAMIC(4),
    /** Snapshot retina layers on a scaled retina (sigmas times a factor) whose neurons sit every D pixels (issue 14). */
    RIF_SCALED(5);

    public final int id;

    TransformKind(int id) { this.id = id; }

    public String cliName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static TransformKind fromId(int id) {
        for (TransformKind k : values()) if (k.id == id) return k;
        throw new IllegalArgumentException("unknown transform id " + id);
    }

    public static TransformKind parse(String s) {
        for (TransformKind k : values()) if (k.cliName().equals(s)) return k;
        throw new IllegalArgumentException("unknown transform '" + s + "' (expected dwt, rif, rif-scaled, rif-dynamic or pixels)");
    }
}
