package org.spikecodec.engine.lif;

import java.util.Arrays;
import org.spikecodec.kernels.LifIntegration;

/**
 * The time-stepped LIF neuron under a known time-varying drive, seen as a quantizer of the drive's level
 * (spike-coding.md 2.3): a neuron whose input is {@code v * shape[p]} during plane p (p = 0..P-1, each plane held
 * {@code stepsPerPlane} steps of {@code dt = T / (P stepsPerPlane)}) gives at least k spikes exactly when
 * {@code v >= J_k}. The decision table J_1 <= J_2 <= ... is what the decoder reads a count out with: count k stands for a
 * level in {@code [J_k, J_{k+1})}.
 *
 * <p>No closed form exists for a general shape, so J_k is found by bisection over the floats, each probe running the
 * integration kernel's own float recurrence ({@link org.spikecodec.kernels.ComputeBackend#lifIntegrate}) on the input
 * {@code v * shape[p]} (one float multiply): the table is exactly that kernel's, for that drive. Bisection is valid
 * because the count is non-decreasing in v for a non-negative shape: by induction on the spikes, a larger drive's
 * potential is at least the smaller one's from each of the smaller one's resets on (it starts from 0 or above and
 * integrates more), so its k-th spike comes no later; float rounding is monotone, so this holds bit for bit. For a
 * constant shape (all ones) the table is the discrete formula of spike-coding.md 1.5 ({@code ConstantInputSpikes}).
 *
 * <p>Reachable counts: a neuron fires at most once every {@code 1 + r} steps (r refractory steps), so no drive gives
 * more than {@code floor((S + r) / (1 + r))} spikes in S steps; that is {@link #maxReachableCount()}. A count the
 * assumed shape cannot reach at any float level (a shape with zeros, a leak that rounds the drive to nothing) keeps the
 * last reachable threshold: the decoder reads it out at the largest level the shape explains.
 */
public final class DynamicLifQuantizer implements SpikeCountQuantizer {
    private final LifIntegration integration;
    private final float[] shape;
    private final int maxReachable;

    /**
     * @param shape per-plane drive profile, finite and {@code >= 0} ({@code shape.length} planes)
     */
    public DynamicLifQuantizer(LifParameters lif, float[] shape, int stepsPerPlane) {
        if (shape.length < 1) throw new IllegalArgumentException("a drive shape needs at least one plane");
        for (float s : shape) if (!(s >= 0 && s < Float.POSITIVE_INFINITY)) throw new IllegalArgumentException("drive shape values must be finite and >= 0: " + Arrays.toString(shape));
        int steps = Math.multiplyExact(shape.length, stepsPerPlane);
        SteppedLifEncoder grid = new SteppedLifEncoder(lif, lif.window() / steps);
        if (grid.steps() != steps) throw new IllegalStateException("T / (T / " + steps + ") rounded to " + grid.steps() + " steps");
        this.integration = grid.integration(stepsPerPlane, steps);
        this.shape = shape.clone();
        int r = integration.refractorySteps();
        this.maxReachable = (int) (((long) steps + r) / (1 + r));
    }

    /** The kernel parameters a codec integrates its neurons with (one count bin over the window). */
    public LifIntegration integration() { return integration; }

    @Override public int maxReachableCount() { return maxReachable; }

    @Override
    public float[] thresholds(int count) {
        int n = Math.min(Math.max(count, 0), maxReachable);
        float[] t = new float[n];
        int lo = 0; // bits of a level with fewer than k spikes: v = 0 never fires, and below J_{k-1} fewer than k - 1 fire
        for (int k = 1; k <= n; k++) {
            if (spikes(Float.MAX_VALUE, k) < k) { // k spikes unreachable under this shape: the previous cell stays the top
                Arrays.fill(t, k - 1, n, k > 1 ? t[k - 2] : Float.MAX_VALUE);
                break;
            }
            // Bracket: spikes(hi) >= k > spikes(lo). J_k is near J_(k-1) (about k/(k-1) times it), so double from there
            // rather than bisect from the float maximum: ~24 probes instead of ~31. Positive floats order as their bits.
            int hi = Float.floatToRawIntBits(Float.MAX_VALUE);
            for (float probe = Math.max(Float.intBitsToFloat(lo + 1), Float.MIN_NORMAL); probe < Float.MAX_VALUE / 2; probe *= 2) {
                if (spikes(probe, k) >= k) { hi = Float.floatToRawIntBits(probe); break; }
                lo = Float.floatToRawIntBits(probe);
            }
            while (hi - lo > 1) {
                int mid = lo + (hi - lo) / 2;
                if (spikes(Float.intBitsToFloat(mid), k) >= k) hi = mid; else lo = mid;
            }
            t[k - 1] = Float.intBitsToFloat(hi);
            lo = hi - 1;
        }
        return t;
    }

    /**
     * Spikes of a neuron driven by {@code level * shape[p]}, counting stops at {@code enough}: the loop of
     * {@link org.spikecodec.kernels.ComputeBackend#lifIntegrate}, one neuron, float for float.
     */
    public int spikes(float level, int enough) {
        LifIntegration p = integration;
        float u = 0f;
        int hold = 0, c = 0;
        for (int t = 0; t < p.steps() && c < enough; t++) {
            if (hold > 0) { hold--; continue; }
            float x = level * shape[t / p.stepsPerPlane()];
            float drive = p.driveScale() * Math.abs(x);
            u = u * p.decay() + drive * p.oneMinusDecay();
            if (u >= p.threshold()) {
                c++;
                u = 0f;
                hold = p.refractorySteps();
            }
        }
        return c;
    }
}
