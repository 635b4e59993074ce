package org.spikecodec.evaluator.data;

import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;

/** A set of images, perhaps labelled. Listing is cheap; pixels are loaded on demand, from any thread. */
public interface Dataset {
    String description();

    /** Class names in index order when the dataset knows them (folder names), else empty. */
    List<String> classNames();

    boolean labelled();

    List<Sample> samples();

    /** @throws InvalidInputException for an unreadable or corrupt image: the caller reports it and skips it */
    Image load(Sample s) throws InvalidInputException;
}
