package org.spikecodec.bench.harness;

import java.util.Arrays;

/**
 * Times of one measurement in milliseconds: the first (cold) iteration, reported apart, and the {@code n}
 * timed repetitions that follow the warm-up. {@code spreadPct} is the median absolute deviation of the
 * repetitions as a percentage of their median (robust against one interrupted run on a shared machine).
 */
public record Stats(double firstMs, int n, double medianMs, double minMs, double maxMs, double spreadPct) {

    /** From the first (cold) time and the timed repetitions, all in nanoseconds. */
    public static Stats of(long firstNs, long[] ns) {
        if (ns.length == 0) throw new IllegalArgumentException("no repetitions");
        double[] ms = new double[ns.length];
        for (int i = 0; i < ns.length; i++) ms[i] = ns[i] / 1e6;
        double med = median(ms);
        double[] dev = new double[ms.length];
        for (int i = 0; i < ms.length; i++) dev[i] = Math.abs(ms[i] - med);
        double mad = median(dev);
        return new Stats(firstNs / 1e6, ns.length, med, Arrays.stream(ms).min().orElseThrow(), Arrays.stream(ms).max().orElseThrow(),
                med > 0 ? 100 * mad / med : 0);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
