package org.spikecodec.evaluator.data;

import java.nio.file.Path;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** Images stored as files (class folders, a flat folder, a CSV manifest): one path per sample. */
final class FileDataset implements Dataset {
    private final String description;
    private final List<String> classNames;
    private final List<Sample> samples;
    private final List<Path> paths;

    FileDataset(String description, List<String> classNames, List<Sample> samples, List<Path> paths) {
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.samples = List.copyOf(samples);
        this.paths = List.copyOf(paths);
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return classNames; }
    @Override public boolean labelled() { return samples.stream().allMatch(s -> s.label() >= 0) && !samples.isEmpty(); }
    @Override public List<Sample> samples() { return samples; }
    @Override public Image load(Sample s) throws InvalidInputException { return ImageFiles.read(paths.get(s.index())); }
}
