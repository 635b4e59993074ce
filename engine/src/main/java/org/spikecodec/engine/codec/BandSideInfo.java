package org.spikecodec.engine.codec;

/**
 * Per-band statistics the encoder measures and the decoder needs for some reconstructions, in neuron-input
 * units: the Laplacian rate of the band (for centroid decoding) and the mean input of saturated neurons
 * (for the open top cell when the refractory period or the count cap saturates). NaN when absent.
 */
record BandSideInfo(float laplace, float topMean) {
    static final BandSideInfo NONE = new BandSideInfo(Float.NaN, Float.NaN);
}
