package org.spikecodec.engine.entropy;

import java.util.Arrays;
import java.util.List;

/**
 * First-order (memoryless) empirical entropy of spike counts, the rate the papers of this line report: every
 * count of every band drawn from one pooled histogram, H = -sum p(v) log2 p(v). (The public LIFQ code reports it
 * in nats; these are bits.) It ignores all context, so a real coder can beat it on correlated data.
 */
public final class EntropyStats {
    /** Histograms up to this many distinct value slots; wider value ranges are counted by sorting a copy. */
    private static final long MAX_HISTOGRAM_SPAN = 1 << 22;

    private EntropyStats() {}

    /** Total first-order entropy in bits of all counts: N * H. Zero for no counts. */
    public static double firstOrderBits(List<int[]> counts) {
        long n = 0;
        int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
        for (int[] band : counts) {
            n += band.length;
            for (int v : band) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (n == 0) return 0;
        double sumClogC = 0;
        if ((long) max - min < MAX_HISTOGRAM_SPAN) {
            long[] hist = new long[max - min + 1];
            for (int[] band : counts) for (int v : band) hist[v - min]++;
            for (long c : hist) if (c > 0) sumClogC += c * log2(c);
        } else {
            if (n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("too many counts with a too wide value range: " + n);
            int[] all = new int[(int) n];
            int pos = 0;
            for (int[] band : counts) {
                System.arraycopy(band, 0, all, pos, band.length);
                pos += band.length;
            }
            Arrays.sort(all);
            for (int i = 0; i < all.length; ) {
                int j = i;
                while (j < all.length && all[j] == all[i]) j++;
                sumClogC += (j - i) * log2(j - i);
                i = j;
            }
        }
        return Math.max(0, n * log2(n) - sumClogC);
    }

    /** First-order entropy in bits per count; zero for no counts. */
    public static double firstOrderBitsPerSymbol(List<int[]> counts) {
        long n = 0;
        for (int[] band : counts) n += band.length;
        return n == 0 ? 0 : firstOrderBits(counts) / n;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /**
     * The same statistics gathered band by band in the pass that counts active neurons and spikes, so the encoder does
     * not read its counts twice more (a min/max pass and a histogram pass): only nonzero counts touch the histogram, and
     * the zeros are the counts that are not active. {@link #firstOrderBits()} is exactly (the same double)
     * {@link EntropyStats#firstOrderBits} of the bands added: the same terms, summed in the same ascending order of value.
     */
    public static final class Histogram {
        /** Occurrences of each nonzero value v at {@code [v + bound]} (slot {@code bound}, the zeros, stays unused). */
        private long[] slots = new long[1];
        private int bound;
        private long counts, active, spikes;

        /** Adds a band whose counts all lie in {@code [-maxMagnitude, maxMagnitude]} (a wider one is still counted right). */
        public void add(int[] band, int maxMagnitude) {
            if (maxMagnitude > bound) grow(maxMagnitude);
            add(band, 0, band.length);
        }

        /**
         * Adds the counts {@code a[from, to)}, which may lie anywhere in the count range: for the entropy coder, which
         * hands over the parts of rows it has in the L1 cache anyway (only chunks holding a nonzero count, the rest
         * through {@link #addZeros}), so that the statistics cost no pass of their own over the counts.
         */
        void add(int[] a, int from, int to) {
            long[] h = slots;
            int off = bound;
            long act = 0, sp = 0;
            for (int i = from; i < to; i++) {
                int v = a[i];
                if (v != 0) {
                    int m = Math.abs(v);
                    if (m > off || m < 0) {
                        if (m < 0) throw new IllegalArgumentException("count out of range: " + v);
                        grow(m);
                        h = slots;
                        off = bound;
                    }
                    act++;
                    sp += m;
                    h[v + off]++;
                }
            }
            counts += to - from;
            active += act;
            spikes += sp;
        }

        /** Adds {@code n} zero counts. */
        void addZeros(long n) { counts += n; }

        /** Adds everything {@code other} holds (integer counts: the sum does not depend on the order of merging). */
        public void addAll(Histogram other) {
            if (other.bound > bound) grow(other.bound);
            for (int i = 0; i < other.slots.length; i++) slots[bound - other.bound + i] += other.slots[i];
            counts += other.counts;
            active += other.active;
            spikes += other.spikes;
        }

        private void grow(int newBound) {
            long[] wider = new long[2 * newBound + 1];
            System.arraycopy(slots, 0, wider, newBound - bound, slots.length);
            slots = wider;
            bound = newBound;
        }

        public long counts() { return counts; }

        /** Nonzero counts. */
        public long active() { return active; }

        /** Sum of the counts' magnitudes. */
        public long spikes() { return spikes; }

        /** First-order entropy in bits of all counts added: N * H, zero for none. */
        public double firstOrderBits() {
            if (counts == 0) return 0;
            double sumClogC = 0;
            long zeros = counts - active;
            for (int i = 0; i < slots.length; i++) {
                long c = i == bound ? zeros : slots[i];
                if (c > 0) sumClogC += c * log2(c);
            }
            return Math.max(0, counts * log2(counts) - sumClogC);
        }
    }
}
