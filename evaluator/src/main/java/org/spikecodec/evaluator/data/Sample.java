package org.spikecodec.evaluator.data;

/**
 * One image of a dataset, without its pixels.
 *
 * @param id    stable, unique within the dataset: a relative path, or {@code idx:INDEX}
 * @param label class index, or -1 when the dataset has no labels
 * @param index position in the dataset's own order (loaders use it; samplers keep it)
 */
public record Sample(String id, int label, int index) {}
