package org.spikecodec.evaluator.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic subsets for {@code --limit N --seed S}: the same (N, S) gives the same images on every
 * machine. Each class's samples are shuffled by a seeded Fisher-Yates, then taken round-robin over the
 * classes (stratified: a small limit keeps every class); the result is put back in dataset order.
 */
public final class Sampling {
    private Sampling() {}

    public static List<Sample> limit(List<Sample> all, int limit, long seed) {
        if (limit <= 0 || limit >= all.size()) return all;
        Map<Integer, List<Sample>> byClass = new LinkedHashMap<>();
        for (Sample s : all) byClass.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Sample>> pools = new ArrayList<>();
        byClass.keySet().stream().sorted().forEach(k -> {
            List<Sample> l = new ArrayList<>(byClass.get(k));
            for (int i = l.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Sample t = l.get(i); l.set(i, l.get(j)); l.set(j, t);
            }
            pools.add(l);
        });
        List<Sample> out = new ArrayList<>(limit);
        for (int round = 0; out.size() < limit; round++)
            for (List<Sample> p : pools) if (round < p.size() && out.size() < limit) out.add(p.get(round));
        out.sort(Comparator.comparingInt(Sample::index));
        return out;
    }
}
