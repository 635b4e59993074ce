package org.spikecodec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    /** Child JVM: starts writing ARG and never finishes (a batch stopped by Ctrl-C in the middle of a file). */
    public static final class StuckWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1000]);
                out.flush();
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesWholeFilesAndLeavesNoTemporary() throws IOException {
        Path target = dir.resolve("sub/out.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        AtomicFiles.write(target, new byte[] {4});
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(target), s.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, new byte[] {7});
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(9);
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void intoAMissingFolderIsAnErrorOnlyWhenAsked() {
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeInExistingFolder(dir.resolve("missing/out.bin"), out -> out.write(1)));
    }

    @Test
    void aProcessStoppedBySigtermDeletesTheFileItWasWriting() throws Exception {
        Path target = dir.resolve("out.bin");
        String cp = System.getProperty("surefire.test.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path"), StuckWriter.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try {
            byte[] line = p.getInputStream().readNBytes("writing".length());
            assertEquals("writing", new String(line), "the child did not start writing");
            assertTrue(files().stream().anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file is being written: " + files());
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child did not stop");
            assertEquals(List.of(), files(), "left behind");
            assertFalse(Files.exists(target));
        } finally {
            p.destroyForcibly();
        }
    }
}
