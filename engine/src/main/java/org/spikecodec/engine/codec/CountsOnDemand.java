package org.spikecodec.engine.codec;

import java.lang.ref.SoftReference;
import java.util.AbstractList;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The spike counts of an encoding, decoded from its own file when first asked for, instead of kept beside it.
 *
 * <p>Why: a rate search keeps every encoding it tried (a later target may reuse one), and the counts are four bytes per
 * neuron: on a 20-megapixel colour photo 245 MB per encoding against a file of a few MB, a dozen of them per photo in an
 * evaluation sweep. The file holds the counts losslessly, so they are decoded again on demand; the decoded lists are
 * held softly (kept while the heap has room, dropped before an {@link OutOfMemoryError}).
 */
final class CountsOnDemand extends AbstractList<List<int[]>> {
    private final byte[] file;
    private final int channels;
    private final ComputeBackend backend;
    private SoftReference<List<List<int[]>>> decoded = new SoftReference<>(null);

    CountsOnDemand(byte[] file, int channels, ComputeBackend backend) {
        this.file = file;
        this.channels = channels;
        this.backend = backend;
    }

    @Override public List<int[]> get(int channel) { return counts().get(channel); }

    @Override public int size() { return channels; }

    private synchronized List<List<int[]>> counts() {
        List<List<int[]>> c = decoded.get();
        if (c == null) {
            try {
                c = new SpikeDecoder(backend).readSpikes(file).counts();
            } catch (InvalidInputException e) {
                throw new IllegalStateException("an encoding's own file does not decode: " + e.getMessage(), e);
            }
            decoded = new SoftReference<>(c);
        }
        return c;
    }
}
