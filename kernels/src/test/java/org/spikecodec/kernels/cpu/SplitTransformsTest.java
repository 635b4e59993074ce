package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The split (multi-threaded) wavelet and blur against their serial reference, bit for bit: with a hostile splitter
 * (random tiny ranges run in shuffled order, so any range that read another's output would see it missing or stale)
 * and with the real fork-join pool of {@link CpuBackend}.
 */
class SplitTransformsTest {

    /** Ignores the grain: cuts [0, n) at random into ranges of 1 to 3 and runs them in a shuffled order. */
    static RangeRunner hostile(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return (n, grain, body) -> {
            List<int[]> ranges = new ArrayList<>();
            for (int from = 0; from < n; ) {
                int to = Math.min(n, from + 1 + r.nextInt(3));
                ranges.add(new int[] {from, to});
                from = to;
            }
            Collections.shuffle(ranges, new java.util.Random(r.nextLong()));
            for (int[] g : ranges) body.run(g[0], g[1]);
        };
    }

    static float[] data(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
        return a;
    }

    static void assertBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]))
                fail(what + ": differs at " + i + ": serial " + want[i] + ", split " + got[i]);
        }
    }

    static final int[][] SIZES = {{1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 5}, {17, 4}, {4, 17}, {33, 31}, {300, 7}, {7, 300},
        {257, 129}, {129, 257}, {520, 300}};

    @Test
    void dwtSplitIsBitIdenticalToSerial() {
        SplittableRandom r = new SplittableRandom(1);
        try (CpuBackend pooled = new CpuBackend(4)) {
            for (int[] s : SIZES) {
                int w = s[0], h = s[1];
                for (int levels : new int[] {0, 1, 3, 6}) {
                    float[] x = data(r, w * h);
                    float[] want = x.clone(), a = x.clone(), b = x.clone();
                    Cdf97Lifting.forward2d(want, w, h, levels);
                    Cdf97Lifting.forward2d(a, w, h, levels, hostile(r.nextLong()));
                    pooled.dwtForward(b, w, h, levels);
                    assertBits(want, a, "forward, hostile split, " + w + "x" + h + "/" + levels);
                    assertBits(want, b, "forward, pool, " + w + "x" + h + "/" + levels);
                    Cdf97Lifting.inverse2d(want, w, h, levels);
                    Cdf97Lifting.inverse2d(a, w, h, levels, hostile(r.nextLong()));
                    pooled.dwtInverse(b, w, h, levels);
                    assertBits(want, a, "inverse, hostile split, " + w + "x" + h + "/" + levels);
                    assertBits(want, b, "inverse, pool, " + w + "x" + h + "/" + levels);
                }
            }
        }
    }

    /** The offset added inside the inverse's last pass: the floats of the inverse then a separate add (-0f and 0f included). */
    /**
     * Called from tasks of another fork-join pool (as the codec's channels call it from the common pool), the backend
     * forks its parts into that pool: the same bits as serial, with many callers at once, and a failing part still
     * fails the call.
     */
    @Test
    void callsFromAnotherForkJoinPoolGiveTheSameBits() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        java.util.concurrent.ForkJoinPool callers = new java.util.concurrent.ForkJoinPool(3);
        try (CpuBackend pooled = new CpuBackend(4)) {
            List<java.util.concurrent.ForkJoinTask<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int w = 200 + r.nextInt(300), h = 150 + r.nextInt(200), levels = 1 + r.nextInt(5);
                float[] x = data(r, w * h);
                tasks.add(callers.submit(() -> {
                    float[] want = x.clone(), got = x.clone();
                    Cdf97Lifting.forward2d(want, w, h, levels);
                    pooled.dwtForward(got, w, h, levels);
                    assertBits(want, got, "forward from a foreign pool, " + w + "x" + h + "/" + levels);
                    Cdf97Lifting.inverse2d(want, w, h, levels);
                    pooled.dwtInverse(got, w, h, levels);
                    assertBits(want, got, "inverse from a foreign pool, " + w + "x" + h + "/" + levels);
                }));
            }
            for (var task : tasks) task.get();
            // a part that throws (the last rows' part: its body fails) fails the caller's call, inside the pool too
            RuntimeException boom = new IllegalStateException("part failed");
            var failing = callers.submit(() -> pooled.runRangesForTest(1 << 20, 1 << 10, (from, to) -> {
                if (to == 1 << 20) throw boom;
            }));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, failing::get);
            assertSame(boom, rootCause(e));
        } finally {
            callers.shutdown();
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    /** One case of the offset tests: a plane size, levels and an offset, with the test's random source and pooled backend. */
    private interface OffsetCase { void run(SplittableRandom r, CpuBackend pooled, int w, int h, int levels, float offset); }

    /** Runs {@code c} over every size, levels 0, 1, 3, 6 and offsets 0, -0, a fixed and a random one. */
    private static void forOffsetCases(long seed, OffsetCase c) {
        SplittableRandom r = new SplittableRandom(seed);
        try (CpuBackend pooled = new CpuBackend(4)) {
            for (int[] s : SIZES)
                for (int levels : new int[] {0, 1, 3, 6})
                    for (float offset : new float[] {0f, -0f, 117.25f, (float) r.nextGaussian() * 100})
                        c.run(r, pooled, s[0], s[1], levels, offset);
        }
    }

    /** The serial, hostile-split and pooled results of one offset case, each the reference's floats. */
    private static void assertSerialSplitAndPool(float[] want, float[] serial, float[] split, float[] pool, String what) {
        assertBits(want, serial, "serial, " + what);
        assertBits(want, split, "hostile split, " + what);
        assertBits(want, pool, "pool, " + what);
    }

    @Test
    void inverseWithOffsetIsTheInverseThenTheAdd() {
        forOffsetCases(3, (r, pooled, w, h, levels, offset) -> {
            float[] x = data(r, w * h + 3); // samples past w x h are left alone
            x[0] = -0f;
            float[] want = x.clone(), a = x.clone(), b = x.clone(), c = x.clone();
            Cdf97Lifting.inverse2d(want, w, h, levels);
            for (int i = 0; i < w * h; i++) want[i] += offset;
            String what = w + "x" + h + "/" + levels + " + " + offset;
            Cdf97Lifting.inverse2d(a, w, h, levels, offset, RangeRunner.SERIAL);
            Cdf97Lifting.inverse2d(b, w, h, levels, offset, hostile(r.nextLong()));
            pooled.dwtInverse(c, w, h, levels, offset);
            assertSerialSplitAndPool(want, a, b, c, what);
        });
    }

    /** The offset subtracted inside the forward's first pass: the floats of a separate subtract then the forward (-0f and 0f included). */
    @Test
    void forwardWithOffsetIsTheSubtractThenTheForward() {
        forOffsetCases(4, (r, pooled, w, h, levels, offset) -> {
            float[] x = data(r, w * h + 3); // samples past w x h are left alone
            x[0] = -0f;
            x[x.length / 2] = 0f;
            x[w * h - 1] = offset; // x - offset = +0f
            float[] want = x.clone(), a = x.clone(), b = x.clone(), c = x.clone();
            for (int i = 0; i < w * h; i++) want[i] -= offset;
            Cdf97Lifting.forward2d(want, w, h, levels);
            String what = w + "x" + h + "/" + levels + " - " + offset;
            Cdf97Lifting.forward2d(a, w, h, levels, offset, RangeRunner.SERIAL);
            Cdf97Lifting.forward2d(b, w, h, levels, offset, hostile(r.nextLong()));
            pooled.dwtForward(c, w, h, levels, offset);
            assertSerialSplitAndPool(want, a, b, c, what);
        });
    }

    @Test
    void blurSplitIsBitIdenticalToSerial() {
        SplittableRandom r = new SplittableRandom(2);
        try (CpuBackend pooled = new CpuBackend(4)) {
            for (int[] s : SIZES) {
                int w = s[0], h = s[1];
                for (int radius : new int[] {0, 1, 4, 12}) {
                    float[] k = data(r, 2 * radius + 1);
                    float[] x = data(r, w * h);
                    for (boolean adjoint : new boolean[] {false, true}) {
                        float[] want = new float[x.length], a = new float[x.length], b = new float[x.length];
                        if (adjoint) {
                            MirrorConvolution.blurAdjoint(x, want, w, h, k);
                            MirrorConvolution.blurAdjoint(x, a, w, h, k, hostile(r.nextLong()));
                            pooled.separableBlurAdjoint(x, b, w, h, k);
                        } else {
                            MirrorConvolution.blur(x, want, w, h, k);
                            MirrorConvolution.blur(x, a, w, h, k, hostile(r.nextLong()));
                            pooled.separableBlur(x, b, w, h, k);
                        }
                        String what = (adjoint ? "adjoint " : "blur ") + w + "x" + h + " r=" + radius;
                        assertBits(want, a, what + ", hostile split");
                        assertBits(want, b, what + ", pool");
                    }
                }
            }
        }
    }

    @Test
    void inPlaceSplitBlurStillWorks() {
        SplittableRandom r = new SplittableRandom(3);
        float[] k = data(r, 7), x = data(r, 64 * 48);
        float[] want = new float[x.length], inPlace = x.clone();
        MirrorConvolution.blur(x, want, 64, 48, k);
        MirrorConvolution.blur(inPlace, inPlace, 64, 48, k, hostile(9));
        assertBits(want, inPlace, "in-place split blur");
    }
}
