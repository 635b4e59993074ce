package org.spikecodec.engine.entropy;

import org.spikecodec.engine.InvalidInputException;

/**
 * Takes the rows of the bands that no other band has as its parent (a wavelet's finest level: three quarters of the
 * coefficients), straight from {@link TiledCountCoder}'s row buffer, so that the decoder need not keep those counts in
 * arrays of their own, zero them first and read them back (a 4 MP colour image's finest counts are 36 MB).
 *
 * <p>The blocks of one band decode in parallel: {@link #row} is called from several threads at once, for different rows.
 */
@FunctionalInterface
public interface LeafRowSink {
    /**
     * Row {@code y} of band {@code band}: its counts are {@code counts[from, from + width)}, all within
     * +-{@code maxMagnitude} (the row's largest |count|, already checked against {@link SpikeCountCoder#MAX_MAGNITUDE}).
     * The array is the decoder's: it is overwritten once this returns.
     *
     * @throws InvalidInputException to stop the decode (the counts are impossible for the file's other parameters)
     */
    void row(int band, int y, int[] counts, int from, int width, int maxMagnitude) throws InvalidInputException;
}
