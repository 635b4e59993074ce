package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against the scalar reference, bit for bit, on random and adversarial inputs and tables. The
 * kernels' tests run with {@code --add-modules jdk.incubator.vector} on every JDK (see kernels/pom.xml), so this runs
 * on Java 17 too, where the backend would otherwise take the scalar path.
 */
class VectorLifThresholdingTest {
    private static LifKernel vector;

    @BeforeAll
    static void load() {
        assumeTrue(VectorSupport.modulePresent(), "jdk.incubator.vector not in the boot layer");
        assertTrue(VectorSupport.available(), "module present but the vector kernel did not load");
        vector = VectorSupport.kernel(true);
        assertTrue(vector != LifKernel.SCALAR);
        System.out.println("VectorLifThresholdingTest: " + vector);
    }

    private static final float[] GAINS = {1f, 0.37f, 3.1e5f, 1e-30f, 0f, -1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE};

    /** Strictly increasing positive table (the contract's kind), spread over a few decades. */
    private static float[] increasing(SplittableRandom r, int n) {
        float[] t = new float[n];
        float v = (float) (r.nextDouble() * 0.5 + 1e-3);
        for (int k = 0; k < n; k++) {
            t[k] = v;
            v = Math.max(Math.nextUp(v), v + (float) (r.nextDouble() * (r.nextInt(4) == 0 ? 2.0 : 0.05)));
        }
        return t;
    }

    /** Tables outside the contract (duplicates, unsorted, NaN, infinities, negatives): the scalar bisection's result still. */
    private static List<float[]> odd(SplittableRandom r) {
        List<float[]> out = new ArrayList<>();
        out.add(new float[] {1f, 1f, 1f, 2f, 2f, 3f});
        out.add(new float[] {-0f, 0f, Float.MIN_VALUE, 1f, Float.POSITIVE_INFINITY});
        out.add(new float[] {Float.NEGATIVE_INFINITY, -1f, 0f, Float.MAX_VALUE});
        out.add(new float[] {3f, 1f, Float.NaN, 2f, 0.5f, 7f, Float.NaN});
        out.add(new float[] {Float.NaN});
        float[] u = new float[33];
        for (int k = 0; k < u.length; k++) u[k] = (float) (r.nextDouble() * 10 - 2);
        out.add(u);
        return out;
    }

    /** Every threshold, its neighbours and negatives, specials, random magnitudes; divided by gain where it helps. */
    private static float[] inputs(SplittableRandom r, float[] t, float gain, int maxPerTable) {
        List<Float> v = new ArrayList<>();
        float[] specials = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            Math.nextDown(Float.MIN_NORMAL), -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -3e-42f, 1e30f, 1f, -1f};
        for (float s : specials) v.add(s);
        int step = Math.max(1, t.length * 6 / Math.max(1, maxPerTable));
        for (int k = r.nextInt(step); k < t.length; k += step) {
            for (float c : new float[] {t[k], Math.nextUp(t[k]), Math.nextDown(t[k])}) {
                v.add(c);
                v.add(-c);
                if (gain != 0f && Float.isFinite(gain)) v.add(c / gain); // may land exactly on t[k] after the multiply
            }
        }
        float hi = t.length == 0 ? 10f : Math.abs(t[t.length - 1]) * 1.2f;
        if (!Float.isFinite(hi) || hi == 0f) hi = 10f;
        for (int k = 0; k < 2000; k++) {
            float x = switch (k % 4) {
                case 0 -> (float) (r.nextDouble() * hi);
                case 1 -> (float) (-r.nextDouble() * hi);
                case 2 -> Float.intBitsToFloat(r.nextInt()); // any bit pattern
                default -> (float) (r.nextGaussian() * hi / 4);
            };
            v.add(x);
        }
        float[] a = new float[v.size()];
        for (int k = 0; k < a.length; k++) a[k] = v.get(k);
        // shuffle so that equal-looking lanes are spread over vectors
        for (int k = a.length - 1; k > 0; k--) { int j = r.nextInt(k + 1); float s = a[k]; a[k] = a[j]; a[j] = s; }
        return a;
    }

    private static void checkThreshold(float[] in, float gain, float[] t, String what) {
        // odd offsets and lengths: a scalar tail and unaligned vectors
        for (int off : new int[] {0, 3}) {
            int len = in.length - off - (off == 0 ? 0 : 5);
            int[] want = new int[len + 7], got = new int[len + 7];
            Arrays.fill(want, 12345);
            Arrays.fill(got, 12345);
            LifThresholding.threshold(in, off, len, gain, t, want, 7);
            vector.threshold(in, off, len, gain, t, got, 7);
            if (!Arrays.equals(want, got)) {
                for (int i = 0; i < want.length; i++) {
                    if (want[i] != got[i]) {
                        float x = in[off + i - 7];
                        throw new AssertionError(what + ": x=" + x + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ") gain=" + gain
                                + " scalar=" + want[i] + " vector=" + got[i]);
                    }
                }
            }
        }
    }

    @Test
    void thresholdIsBitExactOnRandomTables() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 3, 17, 64, 1000, 100_000}) {
            float[] t = increasing(r, n);
            for (float gain : GAINS) checkThreshold(inputs(r, t, gain, n > 1000 ? 6000 : n + 1), gain, t, "n=" + n);
        }
    }

    /** Strictly increasing tables made to take each path of the vector kernel: buckets with K = 1, 2, 3, and bisection. */
    @Test
    void thresholdIsBitExactOnEveryPath() {
        SplittableRandom r = new SplittableRandom(29);
        List<String> seen = new ArrayList<>();
        for (int cluster = 1; cluster <= 4; cluster++) {
            for (int n : new int[] {1, 2, 5, 24, 25, 64, VectorLifThresholding.MAX_TREE + 1, VectorLifThresholding.MAX_TREE + 40, 300}) {
                float[] t = increasing(r, n);
                // pack `cluster` consecutive floats at a few places: no bucketing can split them
                for (int at = 0; at + cluster <= n && cluster > 1; at += Math.max(cluster, n / 3)) {
                    for (int j = 1; j < cluster; j++) t[at + j] = Math.nextUp(t[at + j - 1]);
                }
                if (!isStrictlyIncreasing(t)) continue;
                String path = VectorLifThresholding.path(t);
                seen.add(path.replaceAll(" B=.*", ""));
                for (float gain : GAINS) checkThreshold(inputs(r, t, gain, n + 1), gain, t, "n=" + n + " " + path);
            }
        }
        float[] even = new float[VectorLifThresholding.MAX_TREE + 3]; // evenly spaced: one entry a bucket
        for (int k = 0; k < even.length; k++) even[k] = 0.5f + k;
        String evenPath = VectorLifThresholding.path(even);
        seen.add(evenPath.replaceAll(" B=.*", ""));
        for (float gain : GAINS) checkThreshold(inputs(r, even, gain, even.length + 1), gain, even, "even " + evenPath);
        for (String p : new String[] {"tree", "buckets K=1", "buckets K=2", "buckets K=3", "bisection"}) assertTrue(seen.contains(p), p + " not exercised: " + seen);
        assertEquals("bisection", VectorLifThresholding.path(new float[] {1f, 1f, 2f}));
        assertEquals("bisection", VectorLifThresholding.path(new float[] {1f, Float.NaN, 2f}));
        assertEquals("tree", VectorLifThresholding.path(new float[] {1f, Float.POSITIVE_INFINITY}));
        assertEquals("zeros", VectorLifThresholding.path(new float[0]));
    }

    private static boolean isStrictlyIncreasing(float[] t) {
        for (int k = 1; k < t.length; k++) if (!(t[k - 1] < t[k])) return false;
        return true;
    }

    @Test
    void thresholdIsBitExactOnLargeTable() {
        SplittableRandom r = new SplittableRandom(11);
        float[] t = increasing(r, 1 << 20);
        checkThreshold(inputs(r, t, 1f, 6000), 1f, t, "n=2^20");
        checkThreshold(inputs(r, t, 0.37f, 6000), 0.37f, t, "n=2^20");
    }

    @Test
    void thresholdMirrorsTheScalarBisectionOnTablesOutsideTheContract() {
        SplittableRandom r = new SplittableRandom(13);
        for (float[] t : odd(r)) {
            for (float gain : GAINS) checkThreshold(inputs(r, t, gain, 100), gain, t, Arrays.toString(t));
        }
    }

    @Test
    void thresholdOfShortArrays() {
        SplittableRandom r = new SplittableRandom(17);
        float[] t = increasing(r, 17);
        for (int len = 0; len <= 70; len++) {
            float[] in = new float[len];
            for (int i = 0; i < len; i++) in[i] = (float) (r.nextGaussian() * 5);
            int[] want = new int[len], got = new int[len];
            LifThresholding.threshold(in, 0, len, 1f, t, want, 0);
            vector.threshold(in, 0, len, 1f, t, got, 0);
            assertArrayEquals(want, got, "len " + len);
        }
    }

    /**
     * A random table of n entries for the property test: mostly strictly increasing ones of every kind the paths
     * distinguish (spacing over many decades, clusters of adjacent floats, subnormal, negative and infinite
     * entries), sometimes one outside the contract (duplicates, unsorted, NaN).
     */
    private static float[] randomTable(SplittableRandom r, int n) {
        float[] t;
        switch (r.nextInt(6)) {
            case 0 -> { // random bit patterns of positive floats, sorted: any exponent, subnormals included
                t = new float[n];
                for (int k = 0; k < n; k++) t[k] = Float.intBitsToFloat(r.nextInt(0x7f800000));
                Arrays.sort(t);
            }
            case 1 -> { // adjacent floats in runs
                t = increasing(r, n);
                for (int k = 1; k < n; k++) if (r.nextInt(3) == 0) t[k] = Math.nextUp(t[k - 1]);
                for (int k = 1; k < n; k++) if (!(t[k] > t[k - 1])) t[k] = Math.nextUp(t[k - 1]);
            }
            case 2 -> { // starts below zero, maybe at -inf, maybe ends at +inf
                t = increasing(r, n);
                float shift = (float) (r.nextDouble() * 3);
                for (int k = 0; k < n; k++) t[k] -= shift;
                for (int k = 1; k < n; k++) if (!(t[k] > t[k - 1])) t[k] = Math.nextUp(t[k - 1]);
                if (r.nextBoolean()) t[0] = Float.NEGATIVE_INFINITY;
                if (n > 1 && r.nextBoolean()) t[n - 1] = Float.POSITIVE_INFINITY;
            }
            case 3 -> { // outside the contract
                t = increasing(r, n);
                for (int k = 0; k < n; k++) {
                    switch (r.nextInt(8)) {
                        case 0 -> t[k] = Float.NaN;
                        case 1 -> t[k] = t[r.nextInt(n)];
                        case 2 -> t[k] = (float) (r.nextDouble() * 10);
                        default -> { }
                    }
                }
            }
            default -> t = increasing(r, n);
        }
        return t;
    }

    /** For every entry: itself, its float neighbours, their negatives, and the same divided by the gain; specials; random. */
    private static float[] adjacentInputs(SplittableRandom r, float[] t, float gain) {
        float[] specials = {0f, -0f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, -Float.MAX_VALUE, 3e-42f};
        List<Float> v = new ArrayList<>();
        for (float s : specials) v.add(s);
        for (float e : t) {
            for (float c : new float[] {e, Math.nextUp(e), Math.nextDown(e)}) {
                v.add(c);
                v.add(-c);
                float q = c / gain; // lands on or next to the entry after the kernel's multiply
                for (float d : new float[] {q, Math.nextUp(q), Math.nextDown(q)}) { v.add(d); v.add(-d); }
            }
        }
        for (int k = 0; k < 64; k++) v.add(Float.intBitsToFloat(r.nextInt()));
        float[] a = new float[v.size()];
        for (int k = 0; k < a.length; k++) a[k] = v.get(k);
        for (int k = a.length - 1; k > 0; k--) { int j = r.nextInt(k + 1); float s = a[k]; a[k] = a[j]; a[j] = s; }
        return a;
    }

    /** One of {@link #GAINS} a quarter of the time, else a random positive gain over many decades. */
    private static float randomGain(SplittableRandom r) {
        return r.nextInt(4) == 0 ? GAINS[r.nextInt(GAINS.length)] : (float) Math.exp(r.nextGaussian() * 3);
    }

    /** Property: for random tables of every length 1..200, inputs at and next to each entry, any offset and length. */
    @Test
    void thresholdIsBitExactForEveryTableLengthUpTo200() {
        SplittableRandom r = new SplittableRandom(31);
        java.util.Set<String> paths = new java.util.TreeSet<>();
        for (int round = 0; round < 3; round++) {
            for (int n = 1; n <= 200; n++) {
                float[] t = randomTable(r, n);
                paths.add(VectorLifThresholding.path(t).replaceAll(" .*", ""));
                float gain = randomGain(r);
                float[] in = adjacentInputs(r, t, gain);
                int off = r.nextInt(Math.min(40, in.length)), len = r.nextInt(in.length - off + 1), outOff = r.nextInt(20);
                int[] want = new int[outOff + len + 3], got = new int[outOff + len + 3];
                Arrays.fill(want, -777);
                Arrays.fill(got, -777);
                LifThresholding.threshold(in, off, len, gain, t, want, outOff);
                vector.threshold(in, off, len, gain, t, got, outOff);
                for (int i = 0; i < want.length; i++) {
                    if (want[i] != got[i]) {
                        float x = i < outOff || i >= outOff + len ? Float.NaN : in[off + i - outOff];
                        throw new AssertionError("n=" + n + " path=" + VectorLifThresholding.path(t) + " gain=" + gain + " out[" + i + "] x=" + x
                                + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ") scalar=" + want[i] + " vector=" + got[i]
                                + " table=" + Arrays.toString(t));
                    }
                }
            }
        }
        assertEquals(java.util.Set.of("tree", "buckets", "bisection"), paths);
    }

    /** Property: random levels of every length 1..200, every count up to past the top, both signs, the extremes. */
    @Test
    void readoutIsBitExactForEveryLevelCountUpTo200() {
        SplittableRandom r = new SplittableRandom(37);
        for (int size = 1; size <= 200; size++) {
            int n = size;
            float[] levels = new float[n];
            for (int k = 1; k < n; k++) levels[k] = r.nextInt(10) == 0 ? Float.intBitsToFloat(r.nextInt()) : levels[k - 1] + (float) r.nextDouble();
            List<Integer> c = new ArrayList<>(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -Integer.MAX_VALUE));
            for (int k = 0; k <= n + 1; k++) { c.add(k); c.add(-k); }
            for (int k = 0; k < 40; k++) c.add(r.nextInt());
            java.util.Collections.shuffle(c, new java.util.Random(r.nextLong()));
            int[] counts = c.stream().mapToInt(Integer::intValue).toArray();
            float gain = randomGain(r);
            int off = r.nextInt(20), len = r.nextInt(counts.length - off + 1), outOff = r.nextInt(20);
            float[] want = new float[outOff + len + 3], got = new float[outOff + len + 3];
            Arrays.fill(want, -7f);
            Arrays.fill(got, -7f);
            LifThresholding.readout(counts, off, len, levels, gain, want, outOff);
            vector.readout(counts, off, len, levels, gain, got, outOff);
            for (int i = 0; i < want.length; i++) {
                int at = i;
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        () -> "n=" + n + " gain=" + gain + " out[" + at + "] count=" + (at < outOff || at >= outOff + len ? "-" : counts[off + at - outOff]));
            }
        }
    }

    @Test
    void readoutIsBitExact() {
        SplittableRandom r = new SplittableRandom(19);
        for (int n : new int[] {1, 2, 3, 17, 64, 1000}) {
            float[] levels = new float[n];
            for (int k = 1; k < n; k++) levels[k] = levels[k - 1] + (float) (r.nextDouble() * 3 + 1e-3);
            checkReadout(r, levels, "n=" + n);
        }
    }

    /**
     * Counts at and past the table's ends, both signs, the int extremes (at the start and in the last vector, which
     * overlaps the one before when there is a tail), random ones; gains of every kind; two offsets (with and without a tail).
     */
    private static void checkReadout(SplittableRandom r, float[] levels, String what) {
        int[] counts = readoutCounts(r, levels.length, 5000);
        for (float gain : new float[] {1f, 0.37f, 3.1e5f, 0f, -0f, -2f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE}) {
            for (int off : new int[] {0, 5}) {
                int len = counts.length - off - (off == 0 ? 0 : 3);
                float[] want = new float[len + 2], got = new float[len + 2];
                LifThresholding.readout(counts, off, len, levels, gain, want, 2);
                vector.readout(counts, off, len, levels, gain, got, 2);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                            () -> what + " gain=" + gain + " off=" + off);
                }
            }
        }
    }

    private static int[] readoutSpecials(int n) {
        return new int[] {0, 1, -1, n - 1, -(n - 1), n, -n, n + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -Integer.MAX_VALUE};
    }

    /** {@code length} counts for a table of n levels: the specials first and last, random ones between. */
    private static int[] readoutCounts(SplittableRandom r, int n, int length) {
        int[] specials = readoutSpecials(n), counts = new int[length];
        for (int i = 0; i < length; i++) {
            counts[i] = switch (i % 3) {
                case 0 -> r.nextInt(-n - 2, n + 3);
                case 1 -> r.nextInt();
                default -> r.nextInt(-n, n + 1);
            };
        }
        for (int k = 0; k < specials.length && k < length; k++) counts[k] = counts[length - 1 - k] = specials[k];
        return counts;
    }

    /**
     * Every length up to three vectors and a bit, at offsets that put the specials anywhere: shorter than a vector (the
     * scalar code), whole vectors, and a tail read out by a last vector overlapping the one before; every read-out path.
     */
    @Test
    void readoutOfShortArraysAndTails() {
        SplittableRandom r = new SplittableRandom(47);
        int lanes = VectorLifThresholding.MAX_TREE / 4;
        for (int n : new int[] {1, 3, lanes, lanes + 1, 2 * lanes, 2 * lanes + 1, 100}) {
            float[] levels = new float[n];
            for (int k = 1; k < n; k++) levels[k] = levels[k - 1] + (float) (r.nextDouble() * 3 + 1e-3);
            int[] specials = readoutSpecials(n);
            for (int len = 0; len <= 3 * lanes + 1; len++) {
                for (int at = 0; at < specials.length; at++) {
                    int off = r.nextInt(4), outOff = r.nextInt(4);
                    int[] counts = readoutCounts(r, n, off + len + 3);
                    if (len > 0) counts[off + (at * 7) % len] = specials[at]; // one special at a place that moves with at
                    float gain = at % 3 == 0 ? Float.NaN : at % 3 == 1 ? -0.37f : 2.5f;
                    float[] want = new float[outOff + len + 2], got = new float[outOff + len + 2];
                    Arrays.fill(want, 7f);
                    Arrays.fill(got, 7f);
                    LifThresholding.readout(counts, off, len, levels, gain, want, outOff);
                    vector.readout(counts, off, len, levels, gain, got, outOff);
                    for (int i = 0; i < want.length; i++) {
                        int ii = i, l = len;
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                                () -> "n=" + n + " len=" + l + " gain=" + gain + " out[" + ii + "] count="
                                        + (ii < outOff || ii >= outOff + l ? "-" : counts[off + ii - outOff]));
                    }
                }
            }
        }
    }

    /**
     * The tests above run each path for too short a time to reach the JIT's last tier (C2): they check the Java
     * fallbacks that the interpreter and C1 run for every Vector API operation (C1 intrinsifies none). What the codec
     * runs once warm is C2's code, with the operations intrinsified, so this test first runs every path, with tables
     * of each shape the code branches on and with tails (so that no branch is left to a deoptimization), until every
     * path's best call costs less than {@value #WARM_NS_PER_ELEMENT} ns an element (C2's code a few at most, the
     * fallbacks hundreds) or {@value #WARM_BUDGET_S} s pass, and then makes the adversarial comparisons of the other
     * tests again, edge cases included (NaN, infinities, counts past the table and the int extremes, tails).
     */
    @Test
    void compiledCodeIsBitExact() {
        SplittableRandom r = new SplittableRandom(43);
        int lanes = VectorLifThresholding.MAX_TREE / 4;
        List<float[]> tables = new ArrayList<>();
        // the tree over one, two and four table vectors, each with and without the extra entry of a full table
        for (int n : new int[] {3, lanes, lanes + 1, 2 * lanes, 2 * lanes + 1, 4 * lanes}) tables.add(increasing(r, n));
        // buckets with one, two and three entries a bucket (runs of adjacent floats no bucketing can split), bisection
        for (int run = 1; run <= 3; run++) {
            float[] t = new float[4 * lanes + 20];
            for (int k = 0; k < t.length; k++) t[k] = 0.5f + k;
            for (int j = 1; j < run; j++) t[10 + j] = Math.nextUp(t[10 + j - 1]);
            tables.add(t);
        }
        tables.add(new float[] {3f, 1f, Float.NaN, 2f, 0.5f, 7f, Float.NaN});
        List<String> paths = new ArrayList<>();
        for (float[] t : tables) paths.add(VectorLifThresholding.path(t).replaceAll(" B=.*", ""));
        assertEquals(List.of("tree", "tree", "tree", "tree", "tree", "tree", "buckets K=1", "buckets K=2", "buckets K=3", "bisection"), paths);
        // levels read out by one table vector, by two (the largest such table too), by a gather
        List<float[]> levelTables = new ArrayList<>();
        for (int n : new int[] {4, lanes, lanes + 1, 2 * lanes, 2 * lanes + 1}) {
            float[] lv = new float[n];
            for (int k = 1; k < n; k++) lv[k] = lv[k - 1] + (float) (r.nextDouble() * 3 + 1e-3);
            levelTables.add(lv);
        }
        float[] odd = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, -3f, Float.intBitsToFloat(0x7fa00001), Float.MIN_VALUE, 5f};
        for (int n : new int[] {lanes, 2 * lanes}) levelTables.add(Arrays.copyOf(odd, n)); // zeros past the odd entries

        float[] in = new float[64 * lanes + 7];
        for (int i = 0; i < in.length; i++) in[i] = (float) (r.nextGaussian() * 30);
        int[] counts = new int[in.length], thresholded = new int[in.length];
        for (int i = 0; i < counts.length; i++) counts[i] = r.nextInt(-2 * lanes - 3, 2 * lanes + 4);
        float[] out = new float[in.length];
        List<LifKernel.Thresholder> th = new ArrayList<>();
        for (float[] t : tables) th.add(vector.thresholder(t));
        List<LifKernel.Readouter> ro = new ArrayList<>();
        for (float[] lv : levelTables) ro.add(vector.readouter(lv, 0.7f));
        // Twice: a comparison that takes a branch the warm-up did not may deoptimize a path; the second warm-up
        // compiles it again, with that branch.
        for (int pass = 1; pass <= 2; pass++) {
            long[] best = new long[th.size() + ro.size()];
            Arrays.fill(best, Long.MAX_VALUE);
            long start = System.nanoTime(), worst = Long.MAX_VALUE;
            int rounds = 0;
            while (worst > WARM_NS_PER_ELEMENT * in.length && System.nanoTime() - start < WARM_BUDGET_S * 1_000_000_000L) {
                int len = in.length - (rounds % 3 == 0 ? 7 : rounds % 3 == 1 ? 0 : in.length - 5); // no tail, a tail, only a tail
                for (int k = 0; k < best.length; k++) {
                    long t0 = System.nanoTime();
                    if (k < th.size()) th.get(k).threshold(in, 0, len, 0.9f, thresholded, 0);
                    else ro.get(k - th.size()).readout(counts, 0, len, out, 0);
                    if (len == in.length) best[k] = Math.min(best[k], System.nanoTime() - t0);
                }
                worst = Arrays.stream(best).max().getAsLong();
                rounds++;
            }
            System.out.printf(java.util.Locale.ROOT, "compiledCodeIsBitExact: pass %d, %d warm-up rounds in %.1f s, slowest path %.2f ns an element%n",
                    pass, rounds, (System.nanoTime() - start) / 1e9, (double) worst / in.length);
            for (float[] t : tables) {
                for (float gain : GAINS) checkThreshold(inputs(r, t, gain, t.length + 1), gain, t, "compiled, " + VectorLifThresholding.path(t));
            }
            for (float[] lv : levelTables) checkReadout(r, lv, "compiled, levels " + Arrays.toString(lv));
        }
    }

    private static final int WARM_NS_PER_ELEMENT = 10, WARM_BUDGET_S = 30;

    @Test
    void backendUsesTheVectorKernelWhenAsked() {
        SplittableRandom r = new SplittableRandom(23);
        float[] t = increasing(r, 64);
        int len = 200_003; // several fork-join chunks and a tail
        float[] in = new float[len];
        for (int i = 0; i < len; i++) in[i] = (float) (r.nextGaussian() * 20);
        int[] want = new int[len], got = new int[len];
        float[] levels = new float[65];
        for (int k = 1; k < levels.length; k++) levels[k] = (t[k - 1] + (k < t.length ? t[k] : t[k - 1] * 1.1f)) / 2;
        float[] rw = new float[len], rg = new float[len];
        try (CpuBackend scalar = new CpuBackend(2, false); CpuBackend vec = new CpuBackend(2, true)) {
            assertFalse(scalar.vectorized());
            assertTrue(vec.vectorized(), vec.lifImplementation());
            scalar.lifThreshold(in, 0, len, 0.8f, t, want, 0);
            vec.lifThreshold(in, 0, len, 0.8f, t, got, 0);
            assertArrayEquals(want, got);
            scalar.lifReadout(want, 0, len, levels, 0.8f, rw, 0);
            vec.lifReadout(want, 0, len, levels, 0.8f, rg, 0);
            assertArrayEquals(rw, rg);
            // rows of 333 (a tail each) read out 401 apart into a plane, as the decoder places a band: the same floats
            int bw = 333, bh = len / bw, stride = 401, off = 57;
            for (CpuBackend b : new CpuBackend[] {scalar, vec}) {
                float[] plane = new float[off + stride * bh];
                Arrays.fill(plane, Float.NaN);
                b.lifReadoutRows(want, 3, bw, bh, levels, 0.8f, plane, off, stride);
                for (int y = 0; y < bh; y++) {
                    for (int x = 0; x < bw; x++) assertEquals(rw[3 + y * bw + x], plane[off + y * stride + x], "row " + y + ", " + x);
                    if (y + 1 < bh) assertTrue(Float.isNaN(plane[off + y * stride + bw]), "between rows untouched");
                }
            }
            assertThrows(IndexOutOfBoundsException.class, () -> vec.lifReadoutRows(want, 0, 10, 10, levels, 1f, new float[99], 0, 10));
            assertThrows(IndexOutOfBoundsException.class, () -> vec.lifReadoutRows(want, 0, 10, 10, levels, 1f, new float[200], 0, 9));
        }
    }

    @Test
    void defaultChoiceFollowsTheJavaVersionAndTheProperty() {
        assertEquals(Runtime.version().feature() >= 21, VectorSupport.defaultChoice());
        String old = System.getProperty(VectorSupport.PROPERTY);
        try {
            System.setProperty(VectorSupport.PROPERTY, "true");
            try (CpuBackend b = new CpuBackend(1)) { assertTrue(b.vectorized()); }
            System.setProperty(VectorSupport.PROPERTY, "false");
            try (CpuBackend b = new CpuBackend(1)) { assertFalse(b.vectorized()); }
            System.clearProperty(VectorSupport.PROPERTY);
            try (CpuBackend b = new CpuBackend(1)) { assertEquals(VectorSupport.defaultChoice(), b.vectorized()); }
        } finally {
            if (old == null) System.clearProperty(VectorSupport.PROPERTY); else System.setProperty(VectorSupport.PROPERTY, old);
        }
    }
}
