package org.spikecodec.engine.entropy;

/**
 * The binary decisions of one coded symbol (a count or a prediction residual), shared by both bitstream versions:
 * significance, sign, exponent in unary, two adaptive mantissa bits and the rest equiprobable. Neighbours as in
 * {@link ContextModels}: {@code l l2} on the current row, {@code ul u ur} above, {@code u2} two rows above, {@code p}
 * the parent's magnitude.
 */
final class CountSymbols {
    private CountSymbols() {}

    static void encode(RangeEncoder enc, ContextModels m, int set, int s, int l, int l2, int ul, int u, int ur, int u2, int p) {
        int aL = Math.abs(l), aU = Math.abs(u), aUL = Math.abs(ul), aUR = Math.abs(ur), aL2 = Math.abs(l2), aU2 = Math.abs(u2);
        int sig = ContextModels.sigModel(set, aL, aU, aUL, aUR, aL2, aU2, p);
        if (s == 0) {
            enc.encodeBit(m.sig, sig, 0);
            return;
        }
        enc.encodeBit(m.sig, sig, 1);
        encodeNonzero(enc, m, set, s, ContextModels.expBase(set, aL, aU, aUL, aUR, aL2, aU2, p), l, u);
    }

    /** A symbol known to be nonzero: no significance decision. */
    static void encodeNonzero(RangeEncoder enc, ContextModels m, int set, int s, int l, int l2, int ul, int u, int ur, int u2, int p) {
        int base = ContextModels.expBase(set, Math.abs(l), Math.abs(u), Math.abs(ul), Math.abs(ur), Math.abs(l2), Math.abs(u2), p);
        encodeNonzero(enc, m, set, s, base, l, u);
    }

    private static void encodeNonzero(RangeEncoder enc, ContextModels m, int set, int s, int base, int l, int u) {
        enc.encodeBit(m.sign, ContextModels.signModel(set, l, u), s < 0 ? 1 : 0);
        int mag = Math.abs(s);
        int e = 31 - Integer.numberOfLeadingZeros(mag);
        for (int i = 0; i < e; i++) enc.encodeBit(m.exp, base + i, 1);
        if (e < ContextModels.MAX_EXPONENT) enc.encodeBit(m.exp, base + e, 0);
        if (e >= 1) {
            int mb = ContextModels.mantBase(set, e);
            int t1 = (mag >>> (e - 1)) & 1;
            enc.encodeBit(m.mant, mb, t1);
            if (e >= 2) {
                enc.encodeBit(m.mant, mb + 1 + t1, (mag >>> (e - 2)) & 1);
                if (e >= 3) enc.encodeDirect(mag, e - 2);
            }
        }
    }

    static int decode(RangeDecoder dec, ContextModels m, int set, int l, int l2, int ul, int u, int ur, int u2, int p) {
        int aL = Math.abs(l), aU = Math.abs(u), aUL = Math.abs(ul), aUR = Math.abs(ur), aL2 = Math.abs(l2), aU2 = Math.abs(u2);
        if (dec.decodeBitForBranch(m.sig, ContextModels.sigModel(set, aL, aU, aUL, aUR, aL2, aU2, p)) == 0) return 0;
        return decodeNonzero(dec, m, set, ContextModels.expBase(set, aL, aU, aUL, aUR, aL2, aU2, p), l, u);
    }

    /** As {@link #decode(RangeDecoder, ContextModels, int, int, int, int, int, int, int, int)} with the neighbours' significance pattern known. */
    static int decode(RangeDecoder dec, ContextModels m, int set, int pattern, int l, int l2, int ul, int u, int ur, int u2, int p) {
        if (dec.decodeBitForBranch(m.sig, ContextModels.sigModel(set, pattern, p)) == 0) return 0;
        return decodeNonzero(dec, m, set, l, l2, ul, u, ur, u2, p);
    }

    static int decodeNonzero(RangeDecoder dec, ContextModels m, int set, int l, int l2, int ul, int u, int ur, int u2, int p) {
        int base = ContextModels.expBase(set, Math.abs(l), Math.abs(u), Math.abs(ul), Math.abs(ur), Math.abs(l2), Math.abs(u2), p);
        return decodeNonzero(dec, m, set, base, l, u);
    }

    private static int decodeNonzero(RangeDecoder dec, ContextModels m, int set, int base, int l, int u) {
        int negative = dec.decodeBit(m.sign, ContextModels.signModel(set, l, u));
        int e = 0;
        while (e < ContextModels.MAX_EXPONENT && dec.decodeBitForBranch(m.exp, base + e) == 1) e++;
        int mag = 1;
        if (e >= 1) {
            int mb = ContextModels.mantBase(set, e);
            int t1 = dec.decodeBit(m.mant, mb);
            mag = 2 | t1;
            if (e >= 2) {
                mag = (mag << 1) | dec.decodeBit(m.mant, mb + 1 + t1);
                if (e >= 3) mag = (mag << (e - 2)) | dec.decodeDirect(e - 2);
            }
        }
        // Branch-free negation (mag or -mag): the sign is close to a coin toss, so a jump on it would often be mispredicted.
        return (mag ^ -negative) + negative; // |mag| < 2^22: the caller range-checks the count
    }
}
