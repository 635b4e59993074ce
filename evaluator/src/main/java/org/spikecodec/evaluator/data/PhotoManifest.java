package org.spikecodec.evaluator.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.evaluator.Csv;

/**
 * The {@code manifest.csv} that may sit beside a folder of photos (the corpus of {@code data/corpus} has one): a
 * header row with at least the columns {@code name} and {@code lossless} ({@code yes}/{@code no}), one row per file.
 * It knows what content sniffing cannot: two corpus PNGs hold JPEG block artefacts. A missing or unusable manifest
 * is no error (the folder is still a dataset); an unusable one is logged.
 */
final class PhotoManifest {
    static final String FILE = "manifest.csv";
    private static final Logger LOG = LoggerFactory.getLogger(PhotoManifest.class);
    /** A manifest larger than this is not a photo manifest (the corpus's is 40 KB). */
    private static final long MAX_BYTES = 16 << 20;

    private PhotoManifest() {}

    /** File name to lossless, from {@code dir/manifest.csv}; empty when there is none or it lacks the columns. */
    static Map<String, Boolean> lossless(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Map.of();
        try {
            if (Files.size(f) > MAX_BYTES) {
                LOG.warn("{}: larger than {} bytes, ignored", f, MAX_BYTES);
                return Map.of();
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return Map.of();
            List<String> header = Csv.split(lines.get(0).replace("\uFEFF", ""));
            int name = header == null ? -1 : index(header, "name"), lossless = header == null ? -1 : index(header, "lossless");
            if (name < 0 || lossless < 0) {
                LOG.warn("{}: no 'name' and 'lossless' columns, ignored", f);
                return Map.of();
            }
            Map<String, Boolean> out = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> row = Csv.split(line);
                if (row == null || row.size() <= Math.max(name, lossless)) continue;
                String v = row.get(lossless).strip().toLowerCase(Locale.ROOT);
                if (v.equals("yes") || v.equals("true")) out.put(row.get(name).strip(), true);
                else if (v.equals("no") || v.equals("false")) out.put(row.get(name).strip(), false);
            }
            return out;
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("{}: cannot read it ({}), ignored", f, e.getMessage());
            return Map.of();
        }
    }

    private static int index(List<String> header, String column) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).strip().equalsIgnoreCase(column)) return i;
        return -1;
    }
}
