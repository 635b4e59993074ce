package org.spikecodec.engine.codec;

/**
 * What an encoding cost. The rate is the file size; the first-order entropy of the counts is what the papers
 * of this line report, given for comparison.
 *
 * @param neurons           coefficients coded (all channels, all bands)
 * @param activeNeurons     neurons that fired at least once
 * @param spikes            total spikes emitted (sum of |counts|)
 * @param firstOrderBits    first-order entropy of the signed counts, summed over channels, in bits
 * @param fileBytes         size of the {@code .spk} file
 * @param pixels            image pixels (the rate's denominator)
 */
public record EncodeStats(long neurons, long activeNeurons, long spikes, double firstOrderBits, long fileBytes, long pixels) {
    public double bpp() { return fileBytes * 8.0 / pixels; }
    public double firstOrderBpp() { return firstOrderBits / pixels; }
}
