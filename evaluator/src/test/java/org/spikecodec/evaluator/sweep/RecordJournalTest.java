package org.spikecodec.evaluator.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal across versions and runs: older rows kept, another run's folder refused, rates found again. */
class RecordJournalTest {
    @TempDir Path dir;

    @Test
    void rowsWrittenBeforeTheReferenceProbabilityAreKept() throws Exception {
        // a row of the 13-column format (no p_reference), as the previous version journaled it
        String old = "a.png,-1,jpeg,0.500000,0.498000,0.512000,31.2000,0.900000,quality=0.5,3,3,true,true";
        Files.writeString(dir.resolve(RecordJournal.RECORDS_JOURNAL), old + "\n");
        try (RecordJournal j = RecordJournal.open(dir, true)) {
            assertEquals(1, j.size());
            EvalRecord r = j.records().get(0);
            assertEquals(0.498, r.bpp(), 1e-9);
            assertTrue(Double.isNaN(r.referenceProbability()));
        }
        assertTrue(Files.readString(dir.resolve(RecordJournal.RECORDS_JOURNAL)).contains("a.png"), "not rewritten away");
    }

    @Test
    void ratesWithMoreDigitsThanTheJournalKeepsAreFoundOnResume() throws Exception {
        EvalRecord r = new EvalRecord("a.png", -1, "jpeg", 0.1234567, 0.12, 0.13, 30, 0.9, "q", 1, 1, true, 0.8);
        try (RecordJournal j = RecordJournal.open(dir, false)) {
            j.add(r);
        }
        try (RecordJournal j = RecordJournal.open(dir, true)) {
            assertTrue(j.has(r.key()), "the key of the rate as given matches the key of the rate as journaled");
        }
    }

    @Test
    void resumingAnotherRunsFolderIsRefused() throws Exception {
        Map<String, String> a = Map.of("model", "squeezenet", "compressed", "photo"), b = Map.of("model", "mobilenetv2", "compressed", "photo");
        try (RecordJournal j = RecordJournal.open(dir, true, a)) {
            j.add(new EvalRecord("a.png", -1, "jpeg", 1, 1, 1, 30, 0.9, "q", 1, 1, true, 0.8));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordJournal.open(dir, true, b));
        assertTrue(e.getMessage().contains("holds another run"), e.getMessage());
        try (RecordJournal j = RecordJournal.open(dir, true, a)) {
            assertEquals(1, j.size(), "the same run resumes");
        }
        try (RecordJournal j = RecordJournal.open(dir, false, b)) {
            assertEquals(0, j.size(), "a fresh start there is allowed and forgets the other run");
        }
        try (RecordJournal j = RecordJournal.open(dir, true, b)) {
            assertEquals(0, j.size());
        }
    }
}
