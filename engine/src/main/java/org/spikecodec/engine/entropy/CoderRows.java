package org.spikecodec.engine.entropy;

import java.util.Arrays;

/** Row buffers of one band: coded symbols of the current row and the two above, counts of the current row and the one above. Two zero cells pad each side. */
final class CoderRows {
    int[] s0, s1, s2, v0, v1;
    /** Version 3: nonzero symbols per chunk of the current row and of the one above. */
    int[] c0, c1;

    CoderRows(int maxWidth) {
        int n = maxWidth + 4;
        s0 = new int[n];
        s1 = new int[n];
        s2 = new int[n];
        v0 = new int[n];
        v1 = new int[n];
        c0 = new int[maxWidth / TiledCountCoder.CHUNK + 1];
        c1 = new int[c0.length];
    }

    void reset() {
        reset(s0.length - 4);
    }

    /**
     * Zeros what a band of width {@code w} reads: cells {@code [0, w + 4)} and {@code ceil(w / CHUNK)} chunk counts
     * (a block has many segments, and most bands are much narrower than the widest).
     */
    void reset(int w) {
        Arrays.fill(s0, 0, w + 4, 0);
        Arrays.fill(s1, 0, w + 4, 0);
        Arrays.fill(s2, 0, w + 4, 0);
        Arrays.fill(v0, 0, w + 4, 0);
        Arrays.fill(v1, 0, w + 4, 0);
        int chunks = Math.min(c0.length, (w + TiledCountCoder.CHUNK - 1) / TiledCountCoder.CHUNK);
        Arrays.fill(c0, 0, chunks, 0);
        Arrays.fill(c1, 0, chunks, 0);
    }

    void nextRow() {
        int[] t = s2;
        s2 = s1;
        s1 = s0;
        s0 = t;
        t = v1;
        v1 = v0;
        v0 = t;
        t = c1;
        c1 = c0;
        c0 = t;
    }
}
