package org.spikecodec.kernels.cpu;

/**
 * Runs a body over disjoint sub-ranges of {@code [0, n)}: on the calling thread ({@link #SERIAL}) or split across a
 * fork-join pool ({@link CpuBackend}). The algorithms written against it (wavelet, blur) give each range elements
 * that no other range reads or writes, so their results do not depend on the split: the multi-threaded backend is
 * bit-identical to the serial reference (tested).
 */
@FunctionalInterface
interface RangeRunner {

    /**
     * Runs {@code body} over disjoint sub-ranges covering {@code [0, n)}, in any order or concurrently;
     * {@code grain} is the shortest range worth a task of its own (a hint: a runner may ignore it).
     */
    void run(int n, int grain, Body body);

    @FunctionalInterface
    interface Body { void run(int from, int to); }

    /** Everything on the calling thread, in one call. */
    RangeRunner SERIAL = (n, grain, body) -> { if (n > 0) body.run(0, n); };

    /** Sub-range length for row-wise work: enough rows of {@code width} to make about {@code ops} operations. */
    static int rows(int width, int ops) { return Math.max(1, ops / Math.max(1, width)); }
}
