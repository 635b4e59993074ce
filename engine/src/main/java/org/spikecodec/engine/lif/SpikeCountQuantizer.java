package org.spikecodec.engine.lif;

/**
 * The LIF neuron seen as a scalar quantizer of its input (spike-coding.md 1.1): count k means an input in
 * {@code [t[k-1], t[k])} of the decision table t, the read-out ({@link LifQuantizer#levels}) puts it inside that cell.
 * Two neurons: the closed form for a constant input ({@link LifQuantizer}), and the time-stepped neuron under a known
 * drive shape ({@link DynamicLifQuantizer}).
 */
public interface SpikeCountQuantizer {

    /** The largest count a neuron can give: a decoded count above it is impossible (a corrupt file). */
    int maxReachableCount();

    /** The float decision table I_1..I_n with n = min(count, {@link #maxReachableCount()}). */
    float[] thresholds(int count);
}
