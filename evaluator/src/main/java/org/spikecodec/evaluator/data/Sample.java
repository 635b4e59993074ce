package org.spikecodec.evaluator.data;

import java.util.Objects;

/**
 * One image of a dataset, without its pixels.
 *
 * @param id    stable and unique within the dataset: the path relative to the dataset folder with {@code /}
 *              separators (class folders, flat folders), the path as written in a CSV manifest, or
 *              {@code idx:INDEX} (IDX files, INDEX from 0)
 * @param label class index, or -1 when the dataset has no labels
 * @param index position in the dataset's own order ({@link Dataset#samples()}); loaders use it
 */
public record Sample(String id, int label, int index) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public Sample {
        Objects.requireNonNull(id, "id");
        if (label < -1) throw new IllegalArgumentException("label " + label + " < -1");
        if (index < 0) throw new IllegalArgumentException("index " + index + " < 0");
    }

    public boolean labelled() { return label >= 0; }
}
