package org.spikecodec.engine.entropy;

import org.spikecodec.engine.InvalidInputException;

/**
 * Decoder for {@link RangeEncoder} streams. Never throws while decoding bits and does a bounded amount of work per
 * bit whatever the bytes are: past the end of the data it reads zeros and remembers that it did, so the caller can
 * reject a truncated stream at a convenient point ({@link #overran()}).
 */
final class RangeDecoder {
    /** A stream from {@link RangeEncoder} never makes the decoder read more than this many bytes past its end. */
    static final int MAX_READ_PAST_END = 4;

    private static final long TOP = 1L << 24;
    private static final long MASK32 = 0xFFFF_FFFFL;

    private final byte[] data;
    private final int end;
    private int pos;
    private long readPastEnd;
    private long code;
    private long range = MASK32;

    RangeDecoder(byte[] data) throws InvalidInputException {
        this(data, 0, data.length);
    }

    /** A decoder of the stream in {@code data[from, to)}. */
    RangeDecoder(byte[] data, int from, int to) throws InvalidInputException {
        this.data = data;
        this.pos = from;
        this.end = to;
        for (int i = 0; i < 4; i++) code = (code << 8) | nextByte();
        // The encoder's final value always lies below its range, so a first word of 0xFFFFFFFF cannot be valid;
        // rejecting it keeps code < range, the invariant every later step preserves.
        if (code >= range) throw new InvalidInputException("corrupt spike-count payload: invalid range-coder start");
    }

    private int nextByte() {
        if (pos < end) return data[pos++] & 0xFF;
        readPastEnd++;
        return 0;
    }

    /** One decision, branch-free: for bits the caller only computes with (sign, mantissa), so no jump can be mispredicted. */
    int decodeBit(int[] bank, int model) {
        long range = this.range, code = this.code;
        long bound = (range * AdaptiveBitModel.probabilityOfZero(bank, model)) >>> AdaptiveBitModel.PROB_BITS;
        // code, bound < 2^32, so the sign of code - bound is the comparison.
        long diff = code - bound;
        long one = ~diff >> 63; // all ones when the bit is 1 (code >= bound), else 0
        int bit = (int) (one & 1);
        this.code = code - (bound & one);
        range = bound + ((range - bound - bound) & one); // bit 0: bound; bit 1: range - bound
        AdaptiveBitModel.update(bank, model, bit);
        this.range = range;
        if (range < TOP) normalize(); // out of line, so that this method is small enough to be inlined everywhere
        return bit;
    }

    /**
     * One decision, with a jump on the bit: for decisions the caller branches on anyway (significance, flags, unary
     * exponent), often predictable, where the processor can run ahead on a predicted bit instead of waiting for the
     * longer branch-free select.
     */
    int decodeBitForBranch(int[] bank, int model) {
        long bound = (range * AdaptiveBitModel.probabilityOfZero(bank, model)) >>> AdaptiveBitModel.PROB_BITS;
        int bit;
        if (code < bound) {
            range = bound;
            bit = 0;
        } else {
            code -= bound;
            range -= bound;
            bit = 1;
        }
        AdaptiveBitModel.update(bank, model, bit);
        if (range < TOP) normalize();
        return bit;
    }

    private void normalize() {
        while (range < TOP) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
    }

    int decodeDirect(int bits) {
        int value = 0;
        for (int i = 0; i < bits; i++) {
            // Branch-free: these bits are equiprobable, so a jump on them would be mispredicted every other time.
            long range = this.range >>> 1;
            long one = ~(code - range) >> 63; // all ones when code >= range
            code -= range & one;
            value = (value << 1) | (int) (one & 1);
            this.range = range;
            if (range < TOP) normalize();
        }
        return value;
    }

    /** True once the decoder has needed more bytes past the end than any valid stream makes it read. */
    boolean overran() { return readPastEnd > MAX_READ_PAST_END; }

    /** Bytes of the input the decoder has not consumed (a valid stream leaves none). */
    int unreadBytes() { return end - pos; }
}
