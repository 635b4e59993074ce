package org.spikecodec.evaluator.sweep;

import java.io.IOException;

/**
 * Where one judge's records of a sweep live while it runs: what is known already (a resumed journal, references
 * computed in an earlier pass) and where new records go. The local sweep writes through to its {@link RecordJournal};
 * a distributed task fills an {@link InMemoryRecords} and ships it back. Implementations are safe for concurrent use.
 */
public interface RecordStore {
    EvalRecord get(String recordKey);

    boolean has(String recordKey);

    boolean hasCritical(String criticalKey);

    CriticalBitrate getCritical(String criticalKey);

    /** Adds a record unless one with its key is there already. */
    void add(EvalRecord r) throws IOException;

    /** Adds a critical bitrate unless one with its key is there already. */
    void add(CriticalBitrate c) throws IOException;
}
