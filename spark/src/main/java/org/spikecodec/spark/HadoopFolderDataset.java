package org.spikecodec.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.evaluator.data.Dataset;
import org.spikecodec.evaluator.data.Datasets;
import org.spikecodec.evaluator.data.ImageFileFacts;
import org.spikecodec.evaluator.data.Sample;

/**
 * A folder dataset on any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file:}), for an evaluation whose
 * images no machine mounts: listed as {@link Datasets} lists a local folder (names sorted, hidden names skipped, two
 * levels: a flat folder of unlabelled images, or class folders labelled by {@link Datasets#classFolderLabels}), so
 * the sample ids and labels are those of the same folder read locally. A {@code manifest.csv} is not read here: images
 * count as lossless unless they are JPEG files. Thread-safe (Hadoop's file systems are).
 */
final class HadoopFolderDataset implements Dataset {
    private final FileSystem fs;
    private final String description;
    private final List<String> classNames;
    private final List<Sample> samples;
    private final List<Path> paths;
    private final boolean labelled;

    private HadoopFolderDataset(FileSystem fs, String description, List<String> classNames, List<Sample> samples, List<Path> paths) {
        this.fs = fs;
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.samples = List.copyOf(samples);
        this.paths = List.copyOf(paths);
        this.labelled = !samples.isEmpty() && samples.stream().allMatch(Sample::labelled);
    }

    /** Whether {@code dataset} names a Hadoop file system location (a URI with a scheme) rather than a local path. */
    static boolean isUri(String dataset) { return dataset.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*"); }

    static HadoopFolderDataset open(String uri, List<String> labelNames) throws InvalidInputException {
        try {
            FileSystem fs = FileSystem.get(URI.create(uri), HadoopConf.current());
            Path root = fs.getFileStatus(new Path(uri)).getPath();
            List<FileStatus> subdirs = new ArrayList<>(), loose = new ArrayList<>();
            for (FileStatus f : list(fs, root)) {
                if (f.isDirectory()) subdirs.add(f);
                else if (Datasets.isImageName(f.getPath().getName())) loose.add(f);
            }
            List<List<FileStatus>> perClass = new ArrayList<>();
            for (FileStatus d : subdirs) perClass.add(list(fs, d.getPath()).stream().filter(f -> f.isFile() && Datasets.isImageName(f.getPath().getName())).toList());
            List<Sample> samples = new ArrayList<>();
            List<Path> paths = new ArrayList<>();
            if (perClass.stream().anyMatch(c -> !c.isEmpty())) {
                Datasets.ClassFolderLabels labels = Datasets.classFolderLabels(uri, subdirs.stream().map(d -> d.getPath().getName()).toList(), labelNames);
                for (int c = 0; c < subdirs.size(); c++)
                    for (FileStatus f : perClass.get(c)) {
                        samples.add(new Sample(subdirs.get(c).getPath().getName() + "/" + f.getPath().getName(), labels.labels().get(c), paths.size()));
                        paths.add(f.getPath());
                    }
                return new HadoopFolderDataset(fs, "class folders " + uri + " (" + subdirs.size() + " classes, " + samples.size() + " images, labels by "
                        + (labels.byLabelFile() ? "the label file" : "sorted folder names") + ")", labels.classNames(), samples, paths);
            }
            if (loose.isEmpty()) throw new InvalidInputException(uri + ": no images found, neither directly nor in class subfolders");
            for (FileStatus f : loose) {
                samples.add(new Sample(f.getPath().getName(), -1, paths.size()));
                paths.add(f.getPath());
            }
            return new HadoopFolderDataset(fs, "folder " + uri + " (" + samples.size() + " unlabelled images)", List.of(), samples, paths);
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof InvalidInputException x) throw x;
            throw new InvalidInputException(uri + ": cannot list the dataset (" + e + ")", e);
        }
    }

    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        return Arrays.stream(fs.listStatus(dir)).filter(f -> !f.getPath().getName().startsWith("."))
                .sorted(Comparator.comparing(f -> f.getPath().getName())).toList();
    }

    @Override public String description() { return description; }
    @Override public List<String> classNames() { return classNames; }
    @Override public boolean labelled() { return labelled; }
    @Override public List<Sample> samples() { return samples; }

    @Override public Image load(Sample s) throws InvalidInputException {
        Path p = path(s);
        byte[] bytes;
        try (InputStream in = fs.open(p)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read the image (" + e.getMessage() + ")", e);
        }
        return ImageFiles.read(bytes, p.toString());
    }

    /** By content, as a local folder's file that no manifest lists ({@link ImageFileFacts#lossless}). */
    @Override public boolean lossless(Sample s) {
        Path p = path(s);
        return ImageFileFacts.lossless(() -> fs.open(p));
    }

    @Override public long pixels(Sample s) {
        Path p = path(s);
        return ImageFileFacts.pixels(() -> fs.open(p));
    }

    private Path path(Sample s) {
        if (s.index() >= samples.size() || !samples.get(s.index()).equals(s)) throw new IllegalArgumentException("sample " + s + " is not from this dataset");
        return paths.get(s.index());
    }
}
