package org.spikecodec.evaluator.data;

import java.nio.file.Path;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** Images stored as files (class folders, a flat folder, a CSV manifest): one path per sample. Stateless, so thread-safe. */
final class FileDataset implements Dataset {
    private final String description;
    private final List<String> classNames;
    private final List<Sample> samples;
    private final List<Path> paths;
    private final boolean labelled;

    FileDataset(String description, List<String> classNames, List<Sample> samples, List<Path> paths) {
        if (samples.size() != paths.size()) throw new IllegalArgumentException(samples.size() + " samples, " + paths.size() + " paths");
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.samples = List.copyOf(samples);
        this.paths = List.copyOf(paths);
        this.labelled = !samples.isEmpty() && samples.stream().allMatch(Sample::labelled);
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return classNames; }
    @Override public boolean labelled() { return labelled; }
    @Override public List<Sample> samples() { return samples; }

    @Override public Image load(Sample s) throws InvalidInputException {
        return ImageFiles.read(paths.get(checkOwn(samples, s)));
    }

    /** The sample's index after checking that it belongs to {@code samples}. */
    static int checkOwn(List<Sample> samples, Sample s) {
        int i = s.index();
        if (i >= samples.size() || !samples.get(i).equals(s))
            throw new IllegalArgumentException("sample " + s + " is not from this dataset");
        return i;
    }
}
