package org.spikecodec.evaluator.data;

import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;

/**
 * A set of images, perhaps labelled; opened by {@link Datasets#open}. Listing is cheap (no pixels are read);
 * pixels are loaded on demand by {@link #load}, which is safe to call from any number of threads.
 */
public interface Dataset {
    /** One line for logs and reports: the kind, the path, how many images and classes, where labels come from. */
    String description();

    /**
     * Class names in label-index order when the dataset knows them: the label file given to {@link Datasets#open}
     * when labels were resolved through it, the sorted class folder names, or the sorted distinct names of a CSV
     * manifest. Empty when unknown (integer labels without a label file, unlabelled datasets).
     */
    List<String> classNames();

    /**
     * Whether every sample has a label (>= 0). When not, "correct" means the same top-1 class as on the
     * uncompressed image (fidelity).
     */
    boolean labelled();

    /** Every sample in the dataset's deterministic order (sorted paths, manifest order, IDX order); immutable. */
    List<Sample> samples();

    /**
     * The pixels of a sample of this dataset.
     *
     * @throws InvalidInputException for a missing, unreadable or corrupt image; the message names the file. The
     *         caller reports it and skips the sample: the other samples still load
     * @throws IllegalArgumentException for a sample that is not one of {@link #samples()}
     */
    Image load(Sample s) throws InvalidInputException;

    /**
     * Whether the sample's pixels are a lossless original, not already compressed by a lossy codec (a JPEG): the
     * photos to prefer when measuring what a codec destroys. Raw datasets (IDX) are lossless.
     */
    default boolean lossless(Sample s) { return true; }

    /**
     * The sample's width times height, read from the file's header without decoding its pixels; 0 when the size
     * cannot be read, so that an unreadable file is kept and reported when loaded, not dropped in silence. Raw
     * datasets (IDX) hold small images and answer 0.
     */
    default long pixels(Sample s) { return 0; }
}
