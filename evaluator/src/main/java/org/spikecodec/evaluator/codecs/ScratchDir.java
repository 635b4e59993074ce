package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A private temporary folder for one codec session's files, deleted with everything in it on close. */
final class ScratchDir implements AutoCloseable {
    private final Path dir;

    private ScratchDir(Path dir) { this.dir = dir; }

    static ScratchDir create(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(prefix));
    }

    Path path() { return dir; }

    Path resolve(String name) { return dir.resolve(name); }

    /** Deletes the folder; best effort (a temp folder left behind must not fail the evaluation). */
    @Override public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: the system's temp cleaner gets the rest
        }
    }
}
