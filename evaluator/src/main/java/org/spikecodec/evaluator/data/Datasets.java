package org.spikecodec.evaluator.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.spikecodec.engine.InvalidInputException;

/**
 * Opens a dataset by what the path is:
 * <ul>
 *   <li>a folder of class subfolders (ImageNet layout): label = index of the folder's name in the model's label
 *       list when every folder name is found there (so an ImageNet model's 1000 labels line up), else the
 *       folder's position in sorted order;</li>
 *   <li>a folder of images: unlabelled (fidelity mode);</li>
 *   <li>a {@code .csv} manifest {@code path,label} (optional header; paths relative to the CSV; a label is a class
 *       index or a name from the label list);</li>
 *   <li>an IDX images file ({@code *-images-idx3-ubyte[.gz]}), labels from the file beside it when present.</li>
 * </ul>
 * Listings are sorted, so a dataset's order is the same on every machine.
 */
public final class Datasets {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "pgm", "ppm", "pnm", "gif");

    private Datasets() {}

    public static Dataset open(Path path, List<String> labelNames) throws InvalidInputException {
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such dataset (give a folder, a .csv manifest or an IDX file)");
        try {
            if (Files.isDirectory(path)) return openFolder(path, labelNames);
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) return openCsv(path, labelNames);
            if (IdxDataset.looksLikeIdx(path)) return IdxDataset.open(path);
            throw new InvalidInputException(path + ": not a dataset: give a folder of images, a folder of class folders, a .csv manifest (path,label) or an IDX images file");
        } catch (IOException e) {
            if (e instanceof InvalidInputException iie) throw iie;
            throw new InvalidInputException(path + ": cannot read the dataset (" + e.getMessage() + ")", e);
        }
    }

    private static Dataset openFolder(Path dir, List<String> labelNames) throws IOException {
        List<Path> classDirs = new ArrayList<>(), images = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (hidden(p)) continue;
                if (Files.isDirectory(p)) classDirs.add(p);
                else if (isImage(p)) images.add(p);
            }
        }
        if (!classDirs.isEmpty()) {
            List<String> names = classDirs.stream().map(p -> p.getFileName().toString()).toList();
            boolean byLabels = !labelNames.isEmpty() && labelNames.containsAll(names);
            List<Sample> samples = new ArrayList<>();
            List<Path> paths = new ArrayList<>();
            for (int c = 0; c < classDirs.size(); c++) {
                int label = byLabels ? labelNames.indexOf(names.get(c)) : c;
                try (Stream<Path> s = Files.list(classDirs.get(c))) {
                    for (Path p : s.sorted().toList()) {
                        if (hidden(p) || !Files.isRegularFile(p) || !isImage(p)) continue;
                        samples.add(new Sample(dir.relativize(p).toString(), label, paths.size()));
                        paths.add(p);
                    }
                }
            }
            if (samples.isEmpty()) throw new InvalidInputException(dir + ": the class folders hold no images");
            return new FileDataset("class folders " + dir + " (" + classDirs.size() + " classes, " + samples.size() + " images, labels by "
                    + (byLabels ? "the label file" : "sorted folder names") + ")", byLabels ? labelNames : names, samples, paths);
        }
        if (images.isEmpty()) throw new InvalidInputException(dir + ": no images (" + String.join(", ", IMAGE_EXTENSIONS) + ") found");
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) samples.add(new Sample(dir.relativize(images.get(i)).toString(), -1, i));
        return new FileDataset("folder " + dir + " (" + images.size() + " unlabelled images)", List.of(), samples, images);
    }

    private static Dataset openCsv(Path csv, List<String> labelNames) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < labelNames.size(); i++) byName.putIfAbsent(labelNames.get(i), i);
        List<Sample> samples = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        Path base = csv.toAbsolutePath().getParent();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> f = splitCsv(line);
            if (f == null || f.size() < 1 || f.size() > 2)
                throw new InvalidInputException(csv + ":" + (n + 1) + ": expected 'path,label' or 'path', got: " + line);
            if (samples.isEmpty() && paths.isEmpty() && f.get(0).equalsIgnoreCase("path")) continue; // header
            int label = -1;
            if (f.size() == 2 && !f.get(1).isBlank()) {
                String l = f.get(1).strip();
                if (byName.containsKey(l)) label = byName.get(l);
                else {
                    try {
                        label = Integer.parseInt(l);
                        if (label < 0) throw new NumberFormatException();
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(csv + ":" + (n + 1) + ": label '" + l + "' is neither a class index nor a name in the label file");
                    }
                }
            }
            Path p = base.resolve(f.get(0));
            samples.add(new Sample(f.get(0), label, paths.size()));
            paths.add(p);
        }
        if (samples.isEmpty()) throw new InvalidInputException(csv + ": the manifest lists no image");
        return new FileDataset("manifest " + csv + " (" + samples.size() + " images)", labelNames, samples, paths);
    }

    /** CSV fields with RFC 4180 quotes; null on an unterminated quote. */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (q) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; } else q = false;
                } else cur.append(c);
            } else if (c == '"') q = true;
            else if (c == ',') { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(c);
        }
        if (q) return null;
        out.add(cur.toString());
        return out;
    }

    private static boolean hidden(Path p) { return p.getFileName().toString().startsWith("."); }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
