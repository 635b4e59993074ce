package org.spikecodec.engine.entropy;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Test-scope tool, a measurement for the design of a faster coder (not used by the codec): a symbol of a 16-value
 * alphabet (a magnitude class, say) coded as unary binary decisions with the coder's own adaptive models (as the
 * exponent is today) against one multi-symbol step from an adaptive 15-bit CDF, decoded by a scalar search or by one
 * 16-lane multiply and unsigned compare on the Vector API. Synthetic geometric symbols in 4 contexts, every decoded
 * symbol checked; prints decisions per symbol, bytes of both streams, and ns per symbol decoded (best of 12, one
 * thread). Run with {@code --add-modules jdk.incubator.vector}. Args: CDF adaptation rate (shift, e.g. 5 or 7, or 0
 * for a mix of 4 and 7), the smallest probability of a symbol in units of 2^-15.
 */
public final class MultiSymbolSpeedReport {
    private static final int N = 16, TOTAL_BITS = 15, CONTEXTS = 4;
    private static final long TOP = 1L << 24, MASK32 = 0xFFFF_FFFFL;
    private static final VectorSpecies<Integer> LANES = IntVector.SPECIES_512;

    /** The adaptive CDF of one context: P(symbol < i) for lanes 0..15 (lane 0 always 0), fast and slow copies for the mix. */
    private record Model(int rate, int minProbability, int[] iota, int cdfMax) {
        Model(int rate, int minProbability) {
            this(rate, minProbability, iotaTimes(minProbability), (1 << TOTAL_BITS) - minProbability * N);
        }

        int[][] fresh() {
            int[][] c = new int[CONTEXTS][3 * N];
            for (int[] cdf : c) for (int i = 0; i < 3 * N; i++) cdf[i] = (int) ((long) cdfMax * (i % N) / N);
            return c;
        }

        /** The lower end of symbol s's interval in units of 2^-15: strictly increasing in s, so no symbol has an empty one. */
        int low(int[] cdf, int s) { return cdf[s] + minProbability * s; }

        void adapt(int[] cdf, int s) {
            for (int i = 1; i < N; i++) {
                int target = i > s ? cdfMax : 0;
                if (rate == 0) {
                    cdf[N + i] += (target - cdf[N + i]) >> 4;
                    cdf[2 * N + i] += (target - cdf[2 * N + i]) >> 7;
                    cdf[i] = (cdf[N + i] + cdf[2 * N + i]) >>> 1;
                } else {
                    cdf[i] += (target - cdf[i]) >> rate;
                }
            }
        }

        void adaptVector(int[] cdf, int s) {
            IntVector target = IntVector.zero(LANES).blend(cdfMax, IntVector.fromArray(LANES, iota, 0).compare(VectorOperators.GT, minProbability * s));
            if (rate == 0) {
                IntVector fast = IntVector.fromArray(LANES, cdf, N), slow = IntVector.fromArray(LANES, cdf, 2 * N);
                fast = fast.add(target.sub(fast).lanewise(VectorOperators.ASHR, 4));
                slow = slow.add(target.sub(slow).lanewise(VectorOperators.ASHR, 7));
                fast.intoArray(cdf, N);
                slow.intoArray(cdf, 2 * N);
                fast.add(slow).lanewise(VectorOperators.LSHR, 1).intoArray(cdf, 0);
            } else {
                IntVector c = IntVector.fromArray(LANES, cdf, 0);
                c.add(target.sub(c).lanewise(VectorOperators.ASHR, rate)).intoArray(cdf, 0);
            }
        }

        private static int[] iotaTimes(int step) {
            int[] a = new int[N];
            for (int i = 0; i < N; i++) a[i] = step * i;
            return a;
        }
    }

    /** The multi-symbol encoder: RangeEncoder's carry handling (LZMA's), one interval per symbol. */
    private static final class Encoder {
        private long low, range = MASK32, pendingFF;
        private int cache, length;
        private byte[] out = new byte[1 << 16];

        void encode(Model m, int[] cdf, int s) {
            long r = range >>> TOTAL_BITS;
            long lo = r * m.low(cdf, s);
            low += lo;
            range = s == N - 1 ? range - lo : r * m.low(cdf, s + 1) - lo;
            m.adapt(cdf, s);
            while (range < TOP) {
                range <<= 8;
                shiftLow();
            }
        }

        private void shiftLow() {
            if (low < 0xFF00_0000L || low > MASK32) {
                int carry = (int) (low >>> 32);
                put(cache + carry);
                for (; pendingFF > 0; pendingFF--) put(0xFF + carry);
                cache = (int) ((low >>> 24) & 0xFF);
            } else {
                pendingFF++;
            }
            low = (low & 0x00FF_FFFFL) << 8;
        }

        private void put(int b) {
            if (length == out.length) out = Arrays.copyOf(out, 2 * length);
            out[length++] = (byte) b;
        }

        byte[] finish() {
            for (int i = 0; i < 5; i++) shiftLow();
            return Arrays.copyOfRange(out, 1, length);
        }
    }

    private static final class Decoder {
        private final byte[] data;
        private int pos;
        private long code, range = MASK32;

        Decoder(byte[] data) {
            this.data = data;
            for (int i = 0; i < 4; i++) code = (code << 8) | next();
        }

        private int next() { return pos < data.length ? data[pos++] & 0xFF : 0; }

        int decodeScalar(Model m, int[] cdf) {
            long r = range >>> TOTAL_BITS;
            int s = 0;
            while (s < N - 1 && r * m.low(cdf, s + 1) <= code) s++;
            take(m, cdf, s, r);
            m.adapt(cdf, s);
            return s;
        }

        int decodeVector(Model m, int[] cdf) {
            long r = range >>> TOTAL_BITS;
            // Every lower end times r is below 2^32: an unsigned compare against the code finds the symbol in one step
            // (as a signed one with the sign bits flipped: the unsigned comparisons' names differ between Java 17 and 25).
            IntVector ends = IntVector.fromArray(LANES, cdf, 0).add(IntVector.fromArray(LANES, m.iota(), 0)).mul((int) r);
            int s = ends.lanewise(VectorOperators.XOR, Integer.MIN_VALUE)
                    .compare(VectorOperators.LE, (int) code ^ Integer.MIN_VALUE).trueCount() - 1;
            take(m, cdf, s, r);
            m.adaptVector(cdf, s);
            return s;
        }

        private void take(Model m, int[] cdf, int s, long r) {
            long lo = r * m.low(cdf, s);
            code -= lo;
            range = s == N - 1 ? range - lo : r * m.low(cdf, s + 1) - lo;
            while (range < TOP) {
                range <<= 8;
                code = (code << 8) | next();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Model model = new Model(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        int n = 2_000_000;
        for (double q : new double[] {0.35, 0.6, 0.8}) {
            Random random = new Random(7);
            int[] symbols = new int[n], contexts = new int[n];
            long decisions = 0;
            for (int i = 0; i < n; i++) {
                contexts[i] = random.nextInt(CONTEXTS);
                double more = Math.min(0.95, q + 0.05 * contexts[i]);
                int s = 0;
                while (s < N - 1 && random.nextDouble() < more) s++;
                symbols[i] = s;
                decisions += Math.min(s + 1, N - 1);
            }
            RangeEncoder binary = new RangeEncoder(1 << 16);
            int[] bank = AdaptiveBitModel.newBank(CONTEXTS * N);
            for (int i = 0; i < n; i++) {
                int s = symbols[i], base = contexts[i] * N;
                for (int k = 0; k < s; k++) binary.encodeBit(bank, base + k, 1);
                if (s < N - 1) binary.encodeBit(bank, base + s, 0);
            }
            byte[] unary = binary.finish();
            Encoder enc = new Encoder();
            int[][] cdfs = model.fresh();
            for (int i = 0; i < n; i++) enc.encode(model, cdfs[contexts[i]], symbols[i]);
            byte[] multi = enc.finish();
            long bestUnary = Long.MAX_VALUE, bestScalar = Long.MAX_VALUE, bestVector = Long.MAX_VALUE;
            for (int round = 0; round < 12; round++) {
                int wrong = 0;
                long t0 = System.nanoTime();
                RangeDecoder bd = new RangeDecoder(unary);
                int[] bk = AdaptiveBitModel.newBank(CONTEXTS * N);
                for (int i = 0; i < n; i++) {
                    int base = contexts[i] * N, e = 0;
                    while (e < N - 1 && bd.decodeBitForBranch(bk, base + e) == 1) e++;
                    wrong += e != symbols[i] ? 1 : 0;
                }
                long t1 = System.nanoTime();
                Decoder sd = new Decoder(multi);
                int[][] c1 = model.fresh();
                for (int i = 0; i < n; i++) wrong += sd.decodeScalar(model, c1[contexts[i]]) != symbols[i] ? 1 : 0;
                long t2 = System.nanoTime();
                Decoder vd = new Decoder(multi);
                int[][] c2 = model.fresh();
                for (int i = 0; i < n; i++) wrong += vd.decodeVector(model, c2[contexts[i]]) != symbols[i] ? 1 : 0;
                long t3 = System.nanoTime();
                if (wrong != 0) throw new AssertionError(wrong + " symbols decoded wrong");
                bestUnary = Math.min(bestUnary, t1 - t0);
                bestScalar = Math.min(bestScalar, t2 - t1);
                bestVector = Math.min(bestVector, t3 - t2);
            }
            System.out.printf("P(more) %.2f-%.2f: %.2f binary decisions a symbol; bytes: unary %d, multi-symbol %d (%+.2f%%); "
                            + "ns per symbol decoded: unary %.2f, multi-symbol with a scalar search %.2f, with one vector compare %.2f%n",
                    q, Math.min(0.95, q + 0.15), decisions / (double) n, unary.length, multi.length,
                    100.0 * (multi.length - unary.length) / unary.length, bestUnary / (double) n, bestScalar / (double) n, bestVector / (double) n);
        }
    }
}
