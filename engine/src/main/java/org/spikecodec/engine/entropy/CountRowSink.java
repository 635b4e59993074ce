package org.spikecodec.engine.entropy;

import org.spikecodec.engine.InvalidInputException;

/**
 * Takes every row of every band straight from {@link TiledCountCoder}'s row buffer, while it is in the cache, so that the
 * decoder need not keep the counts in arrays of their own, zero them first and read them back in another pass (a 4 MP
 * colour image's counts are 48 MB; only the bands that are parents, a quarter, are kept during the decode).
 *
 * <p>The blocks of one band decode in parallel: {@link #row} is called from several threads at once, for different rows.
 */
@FunctionalInterface
public interface CountRowSink {
    /**
     * Row {@code y} of band {@code band}: its counts are {@code counts[from, from + width)}, all within
     * +-{@code maxMagnitude} (the row's largest |count|, already checked against {@link SpikeCountCoder#MAX_MAGNITUDE}).
     * The array is the decoder's: it is overwritten once this returns.
     *
     * @throws InvalidInputException to stop the decode (the counts are impossible for the file's other parameters)
     */
    void row(int band, int y, int[] counts, int from, int width, int maxMagnitude) throws InvalidInputException;
}
