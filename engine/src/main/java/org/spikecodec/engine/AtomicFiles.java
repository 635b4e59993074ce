package org.spikecodec.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files so that a crash never leaves a half-written one: a temporary sibling, then a rename. A process stopped
 * by SIGINT or SIGTERM (Ctrl-C on a batch) deletes the temporary files it was writing; only SIGKILL leaves them.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * The temporary files being written now, deleted by a shutdown hook. Process-wide on purpose: the shutdown that
     * must clean them up is the process's own.
     */
    private static final class InFlight {
        static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : FILES) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException | RuntimeException e) {
                        // Best effort at exit: nothing to report to.
                    }
                }
            }, "spikecodec-temp-cleanup"));
        }
    }

    @FunctionalInterface
    public interface Writer { void writeTo(OutputStream out) throws IOException; }

    /**
     * An empty file beside the target, created with the process's umask (unlike {@code Files.createTempFile},
     * whose owner-only permissions the renamed result would keep).
     */
    private static Path tempSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE).close();
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 10) throw e;
            }
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code target}, creating its folders. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        writeInExistingFolder(abs, writer);
    }

    /** Writes {@code target}, whose folder must exist (a missing one is an error, as for any file opened for writing). */
    public static void writeInExistingFolder(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = tempSibling(abs);
        InFlight.FILES.add(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            InFlight.FILES.remove(tmp);
        }
    }
}
