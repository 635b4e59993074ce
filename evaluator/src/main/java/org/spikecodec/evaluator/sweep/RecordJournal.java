package org.spikecodec.evaluator.sweep;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikecodec.engine.AtomicFiles;

/**
 * Durable progress of a sweep. Every finished record is appended to a journal and flushed at once, so an
 * interrupted run loses nothing finished; {@code --resume} reads the journal back (a line cut short by a crash
 * is dropped and recomputed). The published {@code records.csv} and {@code critical.csv} are rewritten
 * atomically from the journal, so they are never half-written.
 */
public final class RecordJournal implements AutoCloseable, RecordStore {
    static final String RECORDS_JOURNAL = ".records.journal", CRITICAL_JOURNAL = ".critical.journal";

    private final Path dir;
    private final Map<String, EvalRecord> records = new LinkedHashMap<>();
    private final Map<String, CriticalBitrate> critical = new LinkedHashMap<>();
    private final BufferedWriter recordOut, criticalOut;

    private RecordJournal(Path dir, boolean resume) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Path rj = dir.resolve(RECORDS_JOURNAL), cj = dir.resolve(CRITICAL_JOURNAL);
        if (resume) {
            for (String line : lines(rj)) { EvalRecord r = EvalRecord.parse(line); if (r != null) records.put(r.key(), r); }
            for (String line : lines(cj)) { CriticalBitrate c = CriticalBitrate.parse(line); if (c != null) critical.put(c.key(), c); }
        }
        // Rewrite the journals from what was kept, so a torn last line never precedes new ones.
        recordOut = rewrite(rj, records.values().stream().map(EvalRecord::toCsv).toList());
        criticalOut = rewrite(cj, critical.values().stream().map(CriticalBitrate::toCsv).toList());
    }

    /** Opens {@code dir}'s journal; without {@code resume} an earlier run's progress is discarded. */
    public static RecordJournal open(Path dir, boolean resume) throws IOException { return new RecordJournal(dir, resume); }

    static final String IDENTITY = ".run-identity";

    /**
     * Opens {@code dir}'s journal for a run described by {@code identity} (what must not change between a run and its
     * resumption: the model, its preprocessing, what is compressed, the data). Resuming a folder whose recorded
     * identity differs is refused, so that one model's records are never reported as another's; a folder written
     * before identities were recorded is resumed as it is.
     *
     * @throws IllegalArgumentException when {@code resume} meets another run's folder
     */
    public static RecordJournal open(Path dir, boolean resume, Map<String, String> identity) throws IOException {
        Path f = dir.resolve(IDENTITY);
        if (resume && Files.isRegularFile(f)) {
            Map<String, String> before = new LinkedHashMap<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(": ");
                if (colon > 0) before.put(line.substring(0, colon), line.substring(colon + 2));
            }
            for (var e : identity.entrySet()) {
                String was = before.get(e.getKey());
                if (was != null && !was.equals(e.getValue()))
                    throw new IllegalArgumentException("--resume: " + dir + " holds another run (" + e.getKey() + " " + was + ", this run " + e.getValue()
                            + "); give another --out, or leave out --resume to start over there");
            }
        }
        RecordJournal j = new RecordJournal(dir, resume);
        StringBuilder sb = new StringBuilder();
        for (var e : identity.entrySet()) sb.append(e.getKey()).append(": ").append(e.getValue().replace('\n', ' ')).append('\n');
        AtomicFiles.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
        return j;
    }

    /** The folder the journal and the published files live in. */
    public Path dir() { return dir; }

    public synchronized boolean has(String recordKey) { return records.containsKey(recordKey); }

    public synchronized EvalRecord get(String recordKey) { return records.get(recordKey); }

    public synchronized boolean hasCritical(String key) { return critical.containsKey(key); }

    public synchronized CriticalBitrate getCritical(String key) { return critical.get(key); }

    public synchronized int size() { return records.size(); }

    public synchronized void add(EvalRecord r) throws IOException {
        if (records.putIfAbsent(r.key(), r) != null) return;
        recordOut.write(r.toCsv());
        recordOut.newLine();
        recordOut.flush();
    }

    public synchronized void add(CriticalBitrate c) throws IOException {
        if (critical.putIfAbsent(c.key(), c) != null) return;
        criticalOut.write(c.toCsv());
        criticalOut.newLine();
        criticalOut.flush();
    }

    public synchronized List<EvalRecord> records() { return new ArrayList<>(records.values()); }

    public synchronized List<CriticalBitrate> critical() { return new ArrayList<>(critical.values()); }

    /** Writes records.csv and critical.csv atomically from everything journaled so far. */
    public synchronized void publish() throws IOException { publish(image -> true, List.of()); }

    /**
     * Writes records.csv and critical.csv atomically from the journaled rows of the images {@code include} accepts
     * (a run's selection: a resumed journal may hold images the run no longer selects). With {@code classNames}
     * (the model's, in output order) records.csv gains the names of the top-1 and reference classes.
     */
    public synchronized void publish(java.util.function.Predicate<String> include, List<String> classNames) throws IOException {
        List<String> header = new ArrayList<>(EvalRecord.HEADER);
        if (!classNames.isEmpty()) header.addAll(List.of("top1_name", "reference_name"));
        List<String> rows = new ArrayList<>();
        for (EvalRecord r : records.values()) {
            if (!include.test(r.image())) continue;
            rows.add(classNames.isEmpty() ? r.toCsv()
                    : r.toCsv() + ',' + org.spikecodec.evaluator.Csv.quote(name(classNames, r.top1())) + ',' + org.spikecodec.evaluator.Csv.quote(name(classNames, r.referenceTop1())));
        }
        writeCsv(dir.resolve("records.csv"), header, rows);
        writeCsv(dir.resolve("critical.csv"), CriticalBitrate.HEADER,
                critical.values().stream().filter(c -> include.test(c.image())).map(CriticalBitrate::toCsv).toList());
    }

    private static String name(List<String> names, int cls) { return cls >= 0 && cls < names.size() ? names.get(cls) : ""; }

    @Override public synchronized void close() throws IOException {
        try (recordOut; criticalOut) {
            recordOut.flush();
            criticalOut.flush();
        }
    }

    private static void writeCsv(Path p, List<String> header, Collection<String> rows) throws IOException {
        AtomicFiles.write(p, out -> {
            StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
            for (String r : rows) sb.append(r).append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
    }

    private static BufferedWriter rewrite(Path p, List<String> kept) throws IOException {
        AtomicFiles.write(p, out -> {
            for (String l : kept) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        });
        return Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
