package org.spikecodec.evaluator.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Deterministic subsets for {@code --limit N --seed S}.
 *
 * <p>Rules:
 * <ul>
 *   <li>{@code limit <= 0} or {@code limit >= size}: every sample, in dataset order.</li>
 *   <li>Stratified: samples are grouped by label (unlabelled samples, label -1, form one group). Each group is
 *       shuffled by a seeded Fisher-Yates, the order in which groups are visited is shuffled too, and samples are
 *       taken round-robin over the groups (one from each group per round; exhausted groups are passed over). So a
 *       limit of at least the number of classes keeps every class, class sizes differ by at most one when the
 *       classes are large enough, and which classes get the remainder depends on the seed, not on the label order.
 *       An unlabelled dataset gets a plain seeded random subset.</li>
 *   <li>Nested: for one seed the selection order does not depend on the limit, so the subset for a limit is
 *       contained in the subset for any larger limit (raising {@code --limit} extends a resumed run).</li>
 *   <li>The chosen samples are returned in dataset order (their position in {@code all}), not shuffled order.</li>
 *   <li>The same (all, limit, seed) gives the same subset on every machine and Java version: the generator is
 *       SplitMix64 written out here (not {@code SplittableRandom}, whose algorithm is not part of its contract),
 *       with an unbiased bounded draw.</li>
 * </ul>
 */
public final class Sampling {
    private Sampling() {}

    public static List<Sample> limit(List<Sample> all, int limit, long seed) {
        if (limit <= 0 || limit >= all.size()) return List.copyOf(all);
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) byLabel.computeIfAbsent(all.get(i).label(), k -> new ArrayList<>()).add(i);
        SplitMix64 rnd = new SplitMix64(seed);
        int[][] pools = new int[byLabel.size()][];
        int g = 0;
        for (List<Integer> positions : byLabel.values()) {
            int[] p = positions.stream().mapToInt(Integer::intValue).toArray();
            rnd.shuffle(p);
            pools[g++] = p;
        }
        int[] order = new int[pools.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        rnd.shuffle(order);

        int[] chosen = new int[limit];
        int n = 0;
        for (int round = 0; n < limit; round++)
            for (int k = 0; k < order.length && n < limit; k++) {
                int[] pool = pools[order[k]];
                if (round < pool.length) chosen[n++] = pool[round];
            }
        Arrays.sort(chosen);
        List<Sample> out = new ArrayList<>(limit);
        for (int position : chosen) out.add(all.get(position));
        return List.copyOf(out);
    }

    /** SplitMix64 (Steele, Lea and Flood 2014), fixed here so that subsets never change with the JDK. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) { state = seed; }

        long next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound), by rejection of the last incomplete block of 63-bit values. */
        int below(int bound) {
            if (bound <= 0) throw new IllegalArgumentException("bound " + bound);
            while (true) {
                long u = next() >>> 1, r = u % bound;
                if (u - r + (bound - 1) >= 0) return (int) r;
            }
        }

        void shuffle(int[] a) {
            for (int i = a.length - 1; i > 0; i--) {
                int j = below(i + 1), t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }
}
