package org.spikecodec.engine.entropy;

import java.util.Arrays;

/**
 * Binary range encoder in the style of LZMA's: 32-bit range, carry propagated through a pending byte and a run of
 * 0xFF bytes. Interval splits use a full 32x16-bit product, so the only precision loss is one unit of the range.
 *
 * <p>Bitstream details the decoder and {@link SpikeCountCoder#maxSymbolsFor} rely on: the always-zero first byte
 * of the LZMA scheme is not written; the final value is chosen with as many trailing zero bits as the interval
 * allows, and at most {@link RangeDecoder#MAX_READ_PAST_END} trailing zero bytes are dropped (the decoder reads
 * zeros past the end).
 */
final class RangeEncoder {
    private static final long TOP = 1L << 24;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private long low;                 // up to 33 bits: bit 32 is a pending carry
    private long range = MASK32;
    private int cache;                // byte waiting for a possible carry; starts as LZMA's always-zero first byte
    private long pendingFF;           // 0xFF bytes behind the cache, also waiting for a carry
    private byte[] out;
    private int length;
    private boolean finished;

    RangeEncoder(int initialCapacity) {
        out = new byte[Math.max(16, initialCapacity)];
    }

    void encodeBit(int[] bank, int model, int bit) {
        long range = this.range;
        long bound = (range * AdaptiveBitModel.probabilityOfZero(bank, model)) >>> AdaptiveBitModel.PROB_BITS;
        // Branch-free on the bit: data bits (sign, mantissa) are close to unpredictable. Where a caller passes a
        // constant bit (it has branched on it already), the JIT folds the select away.
        long one = -(long) bit; // all ones for bit 1
        low += bound & one;
        range = bound + ((range - bound - bound) & one); // bit 0: bound; bit 1: range - bound
        AdaptiveBitModel.update(bank, model, bit);
        this.range = range;
        // Out of line, so that this method compiles small enough to be inlined everywhere (with shiftLow inlined
        // here, Java 17 compiled it on its own into "a big method" and then called it for every decision).
        if (range < TOP) normalize();
    }

    private void normalize() {
        while (range < TOP) {
            range <<= 8;
            shiftLow();
        }
    }

    /** Writes the low {@code bits} bits of {@code value}, most significant first, each at probability 1/2. */
    void encodeDirect(int value, int bits) {
        for (int i = bits - 1; i >= 0; i--) {
            range >>>= 1;
            if (((value >>> i) & 1) != 0) low += range;
            if (range < TOP) normalize();
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
        if (length == out.length) {
            if (length >= Integer.MAX_VALUE - 16) throw new IllegalStateException("encoded stream exceeds 2 GiB");
            out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * length));
        }
        out[length++] = (byte) b;
    }

    /** Flushes and returns the stream; the encoder cannot be used afterwards. */
    byte[] finish() {
        if (finished) throw new IllegalStateException("already finished");
        finished = true;
        // Any value in [low, low + range) decodes the same; take the one with the most trailing zero bits.
        for (int k = 32; k >= 0; k--) {
            long m = (1L << k) - 1;
            long v = (low + m) & ~m;
            if (v < low + range) {
                low = v;
                break;
            }
        }
        for (int i = 0; i < 5; i++) shiftLow();
        if (length == 0 || out[0] != 0) throw new IllegalStateException("range coder invariant broken: first byte " + (length == 0 ? "missing" : out[0]));
        int end = length;
        for (int dropped = 0; dropped < RangeDecoder.MAX_READ_PAST_END && end > 1 && out[end - 1] == 0; dropped++) end--;
        return Arrays.copyOfRange(out, 1, end);
    }
}
