package org.spikecodec.evaluator.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.engine.InvalidInputException;

/**
 * Opens a dataset by what the path is.
 *
 * <ul>
 *   <li><b>A folder of class subfolders</b> (ImageNet layout, {@code DIR/CLASS/IMAGE}): chosen when at least one
 *       subfolder holds images. Every non-hidden subfolder is a class, empty ones included (as torchvision's
 *       {@code ImageFolder} and Keras do). Label rule: when {@code labelNames} (the model's label file) is given and
 *       <em>every</em> folder name is found in it (exact match), a folder's label is the index of its name in
 *       {@code labelNames} (first occurrence) and {@link Dataset#classNames()} is {@code labelNames}, so that a
 *       subset of an ImageNet model's 1000 classes lines up with its outputs. Otherwise the label is the folder's
 *       position among the folder names sorted by {@link String#compareTo} (the torchvision and Keras rule; for
 *       ImageNet's {@code n01440764}-style folders this is the standard class order), {@code classNames()} is the
 *       sorted names, and a warning names the folders missing from {@code labelNames}. Images directly in the top
 *       folder are ignored, with a warning.</li>
 *   <li><b>A folder of images</b> and no class subfolders with images: unlabelled (fidelity mode).</li>
 *   <li><b>A {@code .csv} manifest</b> {@code path,label} or just {@code path}, UTF-8 (a BOM is ignored): see
 *       {@link #openCsv}.</li>
 *   <li><b>An IDX images file</b> (MNIST, Fashion-MNIST; detected by its magic number, gzipped or not, whatever
 *       its name): labels from the labels file beside it by the standard naming ({@code images-idx3} becomes
 *       {@code labels-idx1}, with or without {@code .gz}), unlabelled when there is none. See {@link IdxDataset}.</li>
 * </ul>
 *
 * <p>Images in folders are recognised by extension ({@link #IMAGE_EXTENSIONS}, any case); names starting with a
 * dot are ignored; listings are sorted by name, so a dataset's order and its sample ids are the same on every
 * machine. Exactly two folder levels are listed (symbolic links followed), never more, so a link loop cannot hang
 * the listing.
 */
public final class Datasets {
    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

    /** Extensions of the image files a folder dataset picks up (compared in lower case). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "pgm", "ppm", "pnm", "gif");
    /** First-row values that mark a CSV header (compared in lower case): a path column or a label column name. */
    static final Set<String> HEADER_PATH = Set.of("path", "file", "filename", "file_name", "filepath", "image", "image_path", "img", "name");
    static final Set<String> HEADER_LABEL = Set.of("label", "labels", "class", "class_name", "category", "target", "y");
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

    private Datasets() {}

    /**
     * @param path       a folder, a {@code .csv} manifest or an IDX images file
     * @param labelNames the model's class names in output order, or an empty list when unknown
     * @throws InvalidInputException when the path is missing or is none of these, or the listing, manifest or IDX
     *         header is malformed; the message says what is wrong and where
     */
    public static Dataset open(Path path, List<String> labelNames) throws InvalidInputException {
        List<String> names = labelNames == null ? List.of() : List.copyOf(labelNames);
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such dataset; give a folder of images, a folder of class folders, a .csv manifest or an IDX images file");
        try {
            if (Files.isDirectory(path)) return openFolder(path, names);
            if (!Files.isRegularFile(path)) throw new InvalidInputException(path + ": not a regular file or folder");
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) return openCsv(path, names);
            int magic = IdxDataset.magic(path);
            if (magic == IdxDataset.IMAGES_MAGIC) return IdxDataset.open(path, names);
            if (magic == IdxDataset.LABELS_MAGIC)
                throw new InvalidInputException(path + ": an IDX labels file; give the images file (…-images-idx3-ubyte) beside it");
            throw new InvalidInputException(path + ": not a dataset; give a folder of images, a folder of class folders, a .csv manifest (path,label) or an IDX images file (…-images-idx3-ubyte[.gz])");
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException(path + ": cannot read the dataset (" + e + ")", e);
        }
    }

    private static Dataset openFolder(Path dir, List<String> labelNames) throws IOException {
        List<Path> subdirs = new ArrayList<>(), loose = new ArrayList<>();
        for (Path p : list(dir)) {
            if (Files.isDirectory(p)) subdirs.add(p);
            else if (isImage(p)) loose.add(p);
        }
        List<List<Path>> perClass = new ArrayList<>();
        int classImages = 0;
        for (Path sub : subdirs) {
            List<Path> images = list(sub).stream().filter(Datasets::isImage).toList();
            perClass.add(images);
            classImages += images.size();
        }
        if (classImages > 0) return classFolders(dir, labelNames, subdirs, perClass, loose);
        if (loose.isEmpty())
            throw new InvalidInputException(dir + ": no images found (extensions " + String.join(", ", new TreeSet<>(IMAGE_EXTENSIONS))
                    + "), neither directly nor in class subfolders");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < loose.size(); i++) samples.add(new Sample(relative(dir, loose.get(i)), -1, i));
        Map<String, Boolean> manifest = PhotoManifest.lossless(dir);
        return new FileDataset("folder " + dir + " (" + loose.size() + " unlabelled images" + (manifest.isEmpty() ? "" : ", with manifest.csv") + ")",
                List.of(), samples, loose, manifest);
    }

    private static Dataset classFolders(Path dir, List<String> labelNames, List<Path> subdirs, List<List<Path>> perClass, List<Path> loose) {
        ClassFolderLabels labels = classFolderLabels(dir.toString(), subdirs.stream().map(p -> p.getFileName().toString()).toList(), labelNames);
        if (!loose.isEmpty()) LOG.warn("{}: ignoring {} images outside the class folders (e.g. {})", dir, loose.size(), loose.get(0).getFileName());
        List<Sample> samples = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int c = 0; c < subdirs.size(); c++) {
            if (perClass.get(c).isEmpty()) LOG.warn("{}: class folder {} holds no images", dir, subdirs.get(c).getFileName());
            for (Path p : perClass.get(c)) {
                samples.add(new Sample(relative(dir, p), labels.labels().get(c), paths.size()));
                paths.add(p);
            }
        }
        return new FileDataset("class folders " + dir + " (" + subdirs.size() + " classes, " + samples.size() + " images, labels by "
                + (labels.byLabelFile() ? "the label file" : "sorted folder names") + ")", labels.classNames(), samples, paths);
    }

    /**
     * How class folders are labelled: {@code labels.get(i)} is the label of folder {@code i}, {@code classNames} the
     * dataset's class names, {@code byLabelFile} whether they come from the label file.
     */
    public record ClassFolderLabels(List<Integer> labels, List<String> classNames, boolean byLabelFile) {}

    /**
     * The labels of class folders named {@code folderNames} (in listing order): their indices in {@code labelNames}
     * when every folder is there (WordNet-id folders with a built-in model's list, say), else their positions, with a
     * warning that names {@code where}. Public so that a folder read from another file system (the spark module's
     * Hadoop one) gets the labels it gets here.
     */
    public static ClassFolderLabels classFolderLabels(String where, List<String> folderNames, List<String> labelNames) {
        Map<String, Integer> index = firstIndex(labelNames);
        List<String> missing = folderNames.stream().filter(n -> !index.containsKey(n)).toList();
        boolean byLabels = !labelNames.isEmpty() && missing.isEmpty();
        if (!labelNames.isEmpty() && !byLabels)
            LOG.warn("{}: {} of {} class folders are not in the label file (e.g. {}); labels are the folders' sorted positions instead",
                    where, missing.size(), folderNames.size(), missing.subList(0, Math.min(3, missing.size())));
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < folderNames.size(); c++) labels.add(byLabels ? index.get(folderNames.get(c)) : c);
        return new ClassFolderLabels(List.copyOf(labels), List.copyOf(byLabels ? labelNames : folderNames), byLabels);
    }

    /**
     * A manifest: one image per line, {@code path,label} or {@code path}.
     * <ul>
     *   <li>Fields follow RFC 4180 quoting ({@code "a,b.png"}, {@code ""} for a quote); a field may not span lines.
     *       Surrounding spaces are stripped; blank lines and lines starting with {@code #} are skipped.</li>
     *   <li>The first row is a header, and skipped, when its path field is one of {@link #HEADER_PATH} or its label
     *       field one of {@link #HEADER_LABEL} (any case).</li>
     *   <li>Paths are relative to the manifest's folder (absolute paths are kept); the sample id is the path as
     *       written. A path listed twice is an error. Missing images are reported when loaded, not here.</li>
     *   <li>Either every row has a label or none has (unlabelled: fidelity mode).</li>
     *   <li>With {@code labelNames}: a label is a name from it, or an index below its size. Without: when every
     *       label is an index ({@code 0}, {@code 17}, ...) it is used as it is and the class names are unknown;
     *       otherwise every label is a name, and its index is its position among the sorted distinct names.</li>
     * </ul>
     * A malformed row is an error that names the file and line number.
     */
    static Dataset openCsv(Path csv, List<String> labelNames) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) lines.set(0, lines.get(0).substring(1));
        record Row(int line, String path, String label) {}
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = csv + ":" + (n + 1) + ": ";
            List<String> f = org.spikecodec.evaluator.Csv.split(line);
            if (f == null) throw new InvalidInputException(where + "unterminated quote (a quoted field must end on its line): " + line);
            if (f.size() > 2) throw new InvalidInputException(where + "expected 'path,label' or 'path', got " + f.size() + " fields (quote paths that contain commas): " + line);
            String p = f.get(0).strip(), l = f.size() == 2 ? f.get(1).strip() : "";
            if (rows.isEmpty() && (HEADER_PATH.contains(p.toLowerCase(Locale.ROOT)) || HEADER_LABEL.contains(l.toLowerCase(Locale.ROOT)))) continue;
            if (p.isEmpty()) throw new InvalidInputException(where + "empty path: " + line);
            rows.add(new Row(n + 1, p, l.isEmpty() ? null : l));
        }
        if (rows.isEmpty()) throw new InvalidInputException(csv + ": the manifest lists no image");
        boolean labelled = rows.get(0).label() != null;
        for (Row r : rows)
            if ((r.label() != null) != labelled)
                throw new InvalidInputException(csv + ":" + r.line() + ": " + (labelled ? "no label, but line " + rows.get(0).line() + " has one"
                        : "a label, but line " + rows.get(0).line() + " has none") + "; give every image a label or none");

        Map<String, Integer> byName = firstIndex(labelNames);
        List<String> classNames = List.of();
        Map<String, Integer> csvNames = null;
        if (labelled) {
            if (!labelNames.isEmpty()) classNames = labelNames;
            else if (!rows.stream().allMatch(r -> INDEX.matcher(r.label()).matches())) {
                TreeSet<String> distinct = new TreeSet<>();
                for (Row r : rows) distinct.add(r.label());
                classNames = List.copyOf(distinct);
                csvNames = firstIndex(classNames);
            }
        }
        Path base = csv.toAbsolutePath().getParent();
        List<Sample> samples = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        Map<Path, Integer> seen = new HashMap<>();
        for (Row r : rows) {
            String where = csv + ":" + r.line() + ": ";
            int label = -1;
            if (labelled) {
                String l = r.label();
                if (csvNames != null) label = csvNames.get(l);
                else if (byName.containsKey(l)) label = byName.get(l);
                else if (INDEX.matcher(l).matches()) {
                    label = Integer.parseInt(l);
                    if (!labelNames.isEmpty() && label >= labelNames.size())
                        throw new InvalidInputException(where + "label index " + label + " is beyond the label file's " + labelNames.size() + " classes");
                } else throw new InvalidInputException(where + "label '" + l + "' is neither a class index nor a name in the label file");
            }
            Path p;
            try {
                p = base.resolve(r.path()).normalize();
            } catch (InvalidPathException e) {
                throw new InvalidInputException(where + "invalid path '" + r.path() + "' (" + e.getReason() + ")", e);
            }
            Integer before = seen.putIfAbsent(p, r.line());
            if (before != null) throw new InvalidInputException(where + "'" + r.path() + "' is already listed on line " + before);
            samples.add(new Sample(r.path(), label, paths.size()));
            paths.add(p);
        }
        String labels = !labelled ? "unlabelled" : csvNames != null ? classNames.size() + " classes by name"
                : labelNames.isEmpty() ? "labels by index" : "labels by the label file";
        return new FileDataset("manifest " + csv + " (" + samples.size() + " images, " + labels + ")", classNames, samples, paths);
    }

    /** Non-hidden entries of a folder, sorted by name. */
    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String relative(Path dir, Path p) {
        Path r = dir.relativize(p);
        List<String> parts = new ArrayList<>();
        for (Path part : r) parts.add(part.toString());
        return String.join("/", parts);
    }

    private static Map<String, Integer> firstIndex(List<String> names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) m.putIfAbsent(names.get(i), i);
        return m;
    }

    static boolean isImage(Path p) { return isImageName(p.getFileName().toString()) && Files.isRegularFile(p); }

    /** Whether a file of this name is an image a folder dataset takes: one of {@link #IMAGE_EXTENSIONS}, not hidden. */
    public static boolean isImageName(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 && !n.startsWith(".") && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
