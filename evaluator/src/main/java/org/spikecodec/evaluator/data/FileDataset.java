package org.spikecodec.evaluator.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    private final Map<String, Boolean> declaredLossless;

    FileDataset(String description, List<String> classNames, List<Sample> samples, List<Path> paths) {
        this(description, classNames, samples, paths, Map.of());
    }

    /** @param declaredLossless what a manifest says of each file name (see {@link PhotoManifest}); files it omits are sniffed */
    FileDataset(String description, List<String> classNames, List<Sample> samples, List<Path> paths, Map<String, Boolean> declaredLossless) {
        if (samples.size() != paths.size()) throw new IllegalArgumentException(samples.size() + " samples, " + paths.size() + " paths");
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.samples = List.copyOf(samples);
        this.paths = List.copyOf(paths);
        this.labelled = !samples.isEmpty() && samples.stream().allMatch(Sample::labelled);
        this.declaredLossless = Map.copyOf(declaredLossless);
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return classNames; }
    @Override public boolean labelled() { return labelled; }
    @Override public List<Sample> samples() { return samples; }

    @Override public Image load(Sample s) throws InvalidInputException {
        return ImageFiles.read(paths.get(checkOwn(samples, s)));
    }

    /** The manifest's word when it lists the file (it knows PNGs that hold JPEG artefacts), else by content ({@link ImageFileFacts#lossless}). */
    @Override public boolean lossless(Sample s) {
        Path p = paths.get(checkOwn(samples, s));
        Boolean declared = declaredLossless.get(p.getFileName().toString());
        if (declared != null) return declared;
        return ImageFileFacts.lossless(() -> Files.newInputStream(p));
    }

    @Override public long pixels(Sample s) {
        Path p = paths.get(checkOwn(samples, s));
        return ImageFileFacts.pixels(() -> Files.newInputStream(p));
    }

    /** The sample's index after checking that it belongs to {@code samples}. */
    static int checkOwn(List<Sample> samples, Sample s) {
        int i = s.index();
        if (i >= samples.size() || !samples.get(i).equals(s))
            throw new IllegalArgumentException("sample " + s + " is not from this dataset");
        return i;
    }
}
