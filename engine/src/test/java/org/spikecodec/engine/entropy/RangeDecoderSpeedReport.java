package org.spikecodec.engine.entropy;

import java.util.Random;

/**
 * Test-scope tool: what one adaptive binary decision costs the range coder, on a synthetic stream of decisions over 8
 * models with P(0) from 0.15 to 0.85 (near-random bits, the hard case for branch prediction): encoding, decoding with a
 * jump on each bit ({@link RangeDecoder#decodeBitForBranch}, as the coder does for significance and the unary exponent)
 * and decoding branch-free ({@link RangeDecoder#decodeBit}, sign and mantissa). Every decoded bit is checked against
 * the encoded one. One thread, wall time, best of the rounds. Args: decisions (millions), rounds.
 */
public final class RangeDecoderSpeedReport {
    private static final int MODELS = 8;

    public static void main(String[] args) throws Exception {
        int n = (int) (Double.parseDouble(args[0]) * 1e6);
        int rounds = Integer.parseInt(args[1]);
        Random random = new Random(1);
        int[] models = new int[n];
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            models[i] = random.nextInt(MODELS);
            bits[i] = random.nextDouble() < 0.15 + 0.1 * models[i] ? 1 : 0;
        }
        long encode = Long.MAX_VALUE, branchy = Long.MAX_VALUE, branchFree = Long.MAX_VALUE;
        byte[] data = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            data = encode(models, bits);
            long t1 = System.nanoTime();
            decode(data, models, bits, true);
            long t2 = System.nanoTime();
            decode(data, models, bits, false);
            long t3 = System.nanoTime();
            encode = Math.min(encode, t1 - t0);
            branchy = Math.min(branchy, t2 - t1);
            branchFree = Math.min(branchFree, t3 - t2);
        }
        System.out.printf("%d decisions (%d bytes), best of %d: encode %.2f ns, decode with a jump on each bit %.2f ns, "
                + "branch-free %.2f ns per decision%n", n, data.length, rounds, encode / (double) n, branchy / (double) n, branchFree / (double) n);
    }

    private static byte[] encode(int[] models, int[] bits) {
        RangeEncoder enc = new RangeEncoder(1 << 20);
        int[] bank = AdaptiveBitModel.newBank(MODELS);
        for (int i = 0; i < models.length; i++) enc.encodeBit(bank, models[i], bits[i]);
        return enc.finish();
    }

    private static void decode(byte[] data, int[] models, int[] bits, boolean forBranch) throws Exception {
        RangeDecoder dec = new RangeDecoder(data);
        int[] bank = AdaptiveBitModel.newBank(MODELS);
        int wrong = 0;
        if (forBranch) {
            for (int i = 0; i < models.length; i++) if (dec.decodeBitForBranch(bank, models[i]) != bits[i]) wrong++;
        } else {
            for (int i = 0; i < models.length; i++) wrong += dec.decodeBit(bank, models[i]) ^ bits[i];
        }
        if (wrong != 0 || dec.unreadBytes() != 0) throw new AssertionError(wrong + " wrong bits, " + dec.unreadBytes() + " bytes unread");
    }
}
