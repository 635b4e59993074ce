package org.spikecodec.evaluator.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RecordStore} in memory: what one task knows of one image (seeded with the records a journal holds for it)
 * and what it adds, told apart so that only the new rows travel back.
 */
public final class InMemoryRecords implements RecordStore {
    private final Map<String, EvalRecord> records = new LinkedHashMap<>();
    private final Map<String, CriticalBitrate> critical = new LinkedHashMap<>();
    private final List<EvalRecord> addedRecords = new ArrayList<>();
    private final List<CriticalBitrate> addedCritical = new ArrayList<>();

    /** A store that knows {@code records} and {@code critical} already (not counted as added). */
    public InMemoryRecords(List<EvalRecord> records, List<CriticalBitrate> critical) {
        for (EvalRecord r : records) this.records.putIfAbsent(r.key(), r);
        for (CriticalBitrate c : critical) this.critical.putIfAbsent(c.key(), c);
    }

    public InMemoryRecords() { this(List.of(), List.of()); }

    @Override public synchronized EvalRecord get(String recordKey) { return records.get(recordKey); }

    @Override public synchronized boolean has(String recordKey) { return records.containsKey(recordKey); }

    @Override public synchronized boolean hasCritical(String criticalKey) { return critical.containsKey(criticalKey); }

    @Override public synchronized CriticalBitrate getCritical(String criticalKey) { return critical.get(criticalKey); }

    @Override public synchronized void add(EvalRecord r) {
        if (records.putIfAbsent(r.key(), r) == null) addedRecords.add(r);
    }

    @Override public synchronized void add(CriticalBitrate c) {
        if (critical.putIfAbsent(c.key(), c) == null) addedCritical.add(c);
    }

    /** Every record held, known or added. */
    public synchronized List<EvalRecord> records() { return List.copyOf(records.values()); }

    /** Every critical bitrate held, known or added. */
    public synchronized List<CriticalBitrate> critical() { return List.copyOf(critical.values()); }

    /** The records added since construction, in the order they were added. */
    public synchronized List<EvalRecord> addedRecords() { return List.copyOf(addedRecords); }

    /** The critical bitrates added since construction, in the order they were added. */
    public synchronized List<CriticalBitrate> addedCritical() { return List.copyOf(addedCritical); }
}
