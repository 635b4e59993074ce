package org.spikecodec.engine.entropy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/**
 * Lossless entropy coder for the signed spike counts of all bands of one image channel: a binary adaptive range
 * coder with EBCOT/ECECOW-style contexts.
 *
 * <h2>Bitstream</h2>
 * Bands in layout order; an empty band codes nothing. A non-empty band starts with one equiprobable bit choosing its
 * mode: raw counts, or residuals of the MED (LOCO-I) predictor from the left, upper and upper-left counts (chosen by
 * the encoder for smooth bands such as the wavelet LL band or raw pixels). Then, per coefficient in row-major order,
 * the coded symbol {@code s} (count or residual):
 * <ol>
 *   <li>significance {@code s != 0}, context: neighbour magnitude pattern x parent magnitude ({@link ContextModels});</li>
 *   <li>sign, context: signs of the left and upper symbols;</li>
 *   <li>exponent {@code e = floor(log2 |s|)} in unary (at most {@value ContextModels#MAX_EXPONENT} nodes, each its
 *       own model), context: bit length of a weighted neighbour + parent magnitude sum;</li>
 *   <li>mantissa: the two bits below the leading one adaptive (context: exponent, first bit), the rest equiprobable.</li>
 * </ol>
 * Context statistics are shared by bands with equal {@link BandShape#context()}.
 *
 * <h2>Robustness</h2>
 * Decoding does bounded work per coefficient whatever the bytes, allocates only the layout's arrays plus a few rows
 * and the models, and throws {@link InvalidInputException} for counts beyond {@link #MAX_MAGNITUDE}, for a payload
 * that runs out (more than {@value RangeDecoder#MAX_READ_PAST_END} bytes past its end) or has bytes left over, and
 * for a layout claiming more coefficients than {@link #maxSymbolsFor} allows for the payload length.
 */
public final class SpikeCountCoder {
    /** Largest spike-count magnitude the coder accepts. */
    public static final int MAX_MAGNITUDE = 1 << 20;

    /**
     * Lower bound on the cost of any coded binary decision, in bits. Adaptive probabilities are clamped to
     * [2^-11, 1 - 2^-11]; the range split rounds the 0-branch down, so the 0-branch gets at most a fraction
     * 1 - 2^-11 of the range and the 1-branch at most 1 - 2^-11 + 1/range &lt;= 1 - 2^-11 + 2^-24 (the range is at
     * least 2^24 when a decision is coded). Equiprobable bits get at most 1/2 + 2^-24.
     */
    static final double MIN_BITS_PER_DECISION =
            -StrictMath.log(1.0 - (double) AdaptiveBitModel.PROB_MIN / AdaptiveBitModel.PROB_ONE + 0x1p-24) / StrictMath.log(2.0);

    /**
     * {@code ceil(8 / MIN_BITS_PER_DECISION)} = {@value}: no payload describes more than this many coefficients per
     * byte (plus one byte of slack), because every coefficient costs at least one decision.
     */
    public static final long MAX_COEFFICIENTS_PER_BYTE = 11_356;

    private SpikeCountCoder() {}

    /**
     * Upper bound on the number of coefficients a payload of {@code payloadBytes} bytes produced by {@link #encode}
     * can describe. Derivation: each coefficient codes at least one decision (its significance flag), each costing
     * at least {@link #MIN_BITS_PER_DECISION} bits, so D decisions shrink the range by at least 2^(-D*c). The range
     * starts below 2^32, is renormalised by one output byte whenever it falls below 2^24 and ends at least 2^24,
     * so there are n >= (D*c - 8) / 8 renormalisations; the payload holds n + 4 bytes less at most 4 dropped
     * trailing zeros, hence payloadBytes >= n >= D*c/8 - 1 and D <= 8 (payloadBytes + 1) / c.
     */
    public static long maxSymbolsFor(long payloadBytes) {
        if (payloadBytes < 0) throw new IllegalArgumentException("negative payload length " + payloadBytes);
        if (payloadBytes >= Long.MAX_VALUE / MAX_COEFFICIENTS_PER_BYTE - 1) return Long.MAX_VALUE;
        return (payloadBytes + 1) * MAX_COEFFICIENTS_PER_BYTE;
    }

    /**
     * Encodes {@code counts.get(b)} (row-major, {@code layout.get(b).size()} values) for every band, in order.
     *
     * @throws IllegalArgumentException if the arrays do not match the layout or a count exceeds {@link #MAX_MAGNITUDE}
     */
    public static byte[] encode(List<BandShape> layout, List<int[]> counts) {
        LayoutPlan plan = checkedPlan(layout, counts);
        RangeEncoder enc = new RangeEncoder((int) Math.min(1 << 20, plan.totalCoefficients / 4 + 64));
        ContextModels models = new ContextModels(plan.contextClasses);
        CoderRows rows = new CoderRows(plan.maxWidth);
        for (int b = 0; b < counts.size(); b++) {
            int p = plan.parent[b];
            encodeBand(enc, models, plan.contextClass[b], counts.get(b), plan.width[b], plan.height[b],
                    p < 0 ? null : counts.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows);
        }
        return enc.finish();
    }

    /**
     * The plan of a layout whose counts an encoder was given, after checking them.
     *
     * @throws IllegalArgumentException if the arrays do not match the layout or a count exceeds {@link #MAX_MAGNITUDE}
     */
    static LayoutPlan checkedPlan(List<BandShape> layout, List<int[]> counts) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(counts, "counts");
        if (layout.size() != counts.size()) throw new IllegalArgumentException(layout.size() + " bands in layout but " + counts.size() + " count arrays");
        LayoutPlan plan = LayoutPlan.of(layout);
        for (int b = 0; b < counts.size(); b++) {
            int[] band = counts.get(b);
            if (band == null || band.length != plan.size[b])
                throw new IllegalArgumentException("band " + layout.get(b).name() + " needs " + plan.size[b] + " counts, got " + (band == null ? "null" : band.length));
            // Negative once some |v| > MAX_MAGNITUDE (Math.abs(MIN_VALUE) too): a branch-free pass the JIT can
            // vectorize; the slow loop below only finds the count to report.
            int outOfRange = 0;
            for (int v : band) outOfRange |= MAX_MAGNITUDE - Math.abs(v);
            if (outOfRange < 0)
                for (int v : band)
                    if (v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE)
                        throw new IllegalArgumentException("spike count " + v + " in band " + layout.get(b).name() + " exceeds +-" + MAX_MAGNITUDE);
        }
        return plan;
    }

    /**
     * Decodes a payload from {@link #encode} for the same layout, into a mutable list the caller owns (a decoder drops
     * each band from it once read out).
     *
     * @throws InvalidInputException if the layout is unusable or too large for the payload, or the payload is
     *                               truncated, corrupt, or was encoded for another layout (detected where possible)
     */
    public static List<int[]> decode(byte[] data, List<BandShape> layout) throws InvalidInputException {
        Objects.requireNonNull(data, "data");
        LayoutPlan plan = LayoutPlan.forPayload(layout, data.length, maxSymbolsFor(data.length));
        RangeDecoder dec = new RangeDecoder(data);
        ContextModels models = new ContextModels(plan.contextClasses);
        CoderRows rows = new CoderRows(plan.maxWidth);
        List<int[]> out = new ArrayList<>(layout.size());
        for (int b = 0; b < layout.size(); b++) {
            int[] band = new int[plan.size[b]];
            out.add(band);
            int p = plan.parent[b];
            decodeBand(dec, models, plan.contextClass[b], band, plan.width[b], plan.height[b],
                    p < 0 ? null : out.get(p), p < 0 ? 0 : plan.width[p], p < 0 ? 0 : plan.height[p], rows, layout.get(b).name());
        }
        if (dec.unreadBytes() > 0)
            throw new InvalidInputException("corrupt spike-count payload: " + dec.unreadBytes() + " unused bytes after the last coefficient");
        return out;
    }

    /** LOCO-I median edge detector; the result lies between {@code left} and {@code up}. */
    static int med(int left, int up, int upLeft) {
        int lo = Math.min(left, up), hi = Math.max(left, up);
        if (upLeft >= hi) return lo;
        if (upLeft <= lo) return hi;
        return left + up - upLeft;
    }

    /** Prediction pays off when residuals need clearly fewer bits than the counts themselves. */
    static boolean prefersPrediction(int[] band, int w, int y0, int y1) {
        long rawBits = 0, residualBits = 0;
        for (int y = y0, off = y0 * w; y < y1; y++, off += w) {
            for (int x = 0; x < w; x++) {
                int v = band[off + x];
                int left = x > 0 ? band[off + x - 1] : 0;
                int up = y > y0 ? band[off - w + x] : 0;
                int upLeft = x > 0 && y > y0 ? band[off - w + x - 1] : 0;
                rawBits += 32 - Integer.numberOfLeadingZeros(Math.abs(v));
                residualBits += 32 - Integer.numberOfLeadingZeros(Math.abs(v - med(left, up, upLeft)));
            }
        }
        return 8 * residualBits < 7 * rawBits;
    }

    private static void encodeBand(RangeEncoder enc, ContextModels m, int contextClass, int[] band, int w, int h,
                                   int[] parent, int pw, int ph, CoderRows r) {
        if (band.length == 0) return;
        boolean predictive = prefersPrediction(band, w, 0, h);
        enc.encodeDirect(predictive ? 1 : 0, 1);
        int set = 2 * contextClass + (predictive ? 1 : 0);
        r.reset();
        for (int y = 0, off = 0; y < h; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v0 = r.v0, v1 = r.v1;
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            for (int x = 0; x < w; x++) {
                int v = band[off + x];
                int s = v;
                if (predictive) {
                    s = v - med(v0[x + 1], v1[x + 2], v1[x + 1]);
                    v0[x + 2] = v;
                }
                int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                CountSymbols.encode(enc, m, set, s, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                s0[x + 2] = s;
            }
            r.nextRow();
        }
    }

    private static void decodeBand(RangeDecoder dec, ContextModels m, int contextClass, int[] band, int w, int h,
                                   int[] parent, int pw, int ph, CoderRows r, String name) throws InvalidInputException {
        if (band.length == 0) return;
        boolean predictive = dec.decodeDirect(1) == 1;
        int set = 2 * contextClass + (predictive ? 1 : 0);
        r.reset();
        for (int y = 0, off = 0; y < h; y++, off += w) {
            int[] s0 = r.s0, s1 = r.s1, s2 = r.s2, v0 = r.v0, v1 = r.v1;
            int parentRow = parent == null ? -1 : Math.min(y >> 1, ph - 1) * pw;
            for (int x = 0; x < w; x++) {
                int p = parentRow < 0 ? 0 : Math.abs(parent[parentRow + Math.min(x >> 1, pw - 1)]);
                int s = CountSymbols.decode(dec, m, set, s0[x + 1], s0[x], s1[x + 1], s1[x + 2], s1[x + 3], s2[x + 2], p);
                s0[x + 2] = s;
                int v = s;
                if (predictive) {
                    v = s + med(v0[x + 1], v1[x + 2], v1[x + 1]);
                    v0[x + 2] = v;
                }
                if (v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE)
                    throw new InvalidInputException("corrupt spike-count payload: count " + v + " in band " + name + " exceeds +-" + MAX_MAGNITUDE);
                band[off + x] = v;
            }
            if (dec.overran())
                throw new InvalidInputException("spike-count payload ends early (in band " + name + ", row " + y + "): truncated or corrupt file");
            r.nextRow();
        }
    }
}
