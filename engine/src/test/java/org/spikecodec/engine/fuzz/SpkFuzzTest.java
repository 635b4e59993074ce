package org.spikecodec.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder's promise, checked by {@link SpkFuzzer}: whatever the bytes, every reader either decodes or refuses with
 * a message, all readers alike, in bounded time. The random budget is short and fixed-seed here (the same mutants every
 * build); {@code -Dspikecodec.fuzz.mutants=N -Dspikecodec.fuzz.seed=S} runs a long or another one.
 */
class SpkFuzzTest {
    static final Path FAILURES = Path.of("target", "fuzz-failures");
    static SpkFuzzer fuzzer;
    /** Whether a long budget was asked for. */
    static final boolean LONG = Integer.getInteger("spikecodec.fuzz.mutants", 0) > 0;

    @BeforeAll static void open() { fuzzer = new SpkFuzzer(FAILURES); }
    @AfterAll static void close() { fuzzer.close(); }

    /**
     * Every cut of every file, and of every section with its framing fixed; in the retina-filter files every 16th section
     * cut only, unless the long budget is asked for: each of their decodes runs hundreds of CG iterations (3,900 cuts of
     * rif-colour took 127 s), and the entropy decoder that the cuts test is the same for every front end.
     */
    @Test
    void everyTruncationIsRefusedOrDecodes() {
        List<byte[]> files = SpkFuzzer.seedFiles();
        for (int i = 0; i < files.size(); i++) {
            byte[] file = files.get(i);
            boolean rif = SpkFuzzer.SEED_FILES[i].startsWith("rif");
            List<SpkMutator.Mutant> cuts = SpkMutator.truncations(file, rif && !LONG ? 16 : 1);
            SpkFuzzer.Report r = fuzzer.run(0, cuts);
            assertNoFailures(r);
            // A file cut anywhere loses a section's end: the framing refuses every one of them.
            long fileCuts = cuts.stream().filter(m -> m.how().startsWith("file cut")).count();
            assertTrue(r.refused() >= fileCuts, r.toString());
        }
    }

    @Test
    void everyHeaderFieldAtEveryExtremeIsRefusedOrDecodes() {
        int decoded = 0, refused = 0;
        for (byte[] file : SpkFuzzer.seedFiles()) {
            SpkFuzzer.Report r = fuzzer.run(0, SpkMutator.extremes(file));
            assertNoFailures(r);
            decoded += r.decoded();
            refused += r.refused();
        }
        // Both outcomes occur: the mutants reach the header checks, and some extremes are legal values.
        assertTrue(decoded > 50 && refused > 500, decoded + " decoded, " + refused + " refused");
    }

    @Test
    void randomMutantsOfRealFiles() {
        int mutants = Integer.getInteger("spikecodec.fuzz.mutants", 1500);
        long seed = Long.getLong("spikecodec.fuzz.seed", 20261130L);
        // Generous for a loaded 2-core machine (1,500 take about 30 s there); the long budget is a property away.
        long limit = Math.max(180, mutants / 10);
        SpkFuzzer.Report r = assertTimeoutPreemptively(Duration.ofSeconds(limit), () -> fuzzer.random(seed, mutants));
        assertNoFailures(r);
        assertEquals(mutants, r.decoded() + r.refused());
        assertTrue(r.decoded() > 0 && r.refused() > 0, r.toString());
    }

    static void assertNoFailures(SpkFuzzer.Report r) {
        System.out.println("SpkFuzzTest: " + r); // the budget and its outcome, in the build log
        assertTrue(r.failures().isEmpty(), r + "; failing mutants saved under " + FAILURES.toAbsolutePath() + ":\n"
                + r.failures().stream().limit(5).map(f -> f.how() + ": " + f.detail()).collect(Collectors.joining("\n")));
    }
}
