package org.spikecodec.evaluator.codecs;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command-line tool (an encoder or decoder such as {@code cwebp}), run as a child process with a time limit.
 * Its standard output is discarded and its standard error goes to a file in the working folder, never to a pipe:
 * a tool that hangs while holding a pipe open would block the reader past the time limit.
 */
record ExternalTool(Path executable, Duration timeout) {
    /**
     * The limit of one run before the image's size is added ({@link #forImage}): a 0.25 MP photo takes 0.05 to 1 s,
     * and a hang shows within minutes.
     */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Added to the limit per megapixel of the image: cjxl -e 7 on a 4 MP photo took over 120 s on 2 busy cores and
     * was killed, which dropped the codec from that photo; the slowest encoders here run at about 0.1 MP/s there.
     */
    static final Duration PER_MEGAPIXEL = Duration.ofSeconds(60);
    private static final int MESSAGE_CHARS = 600;

    String name() { return executable.getFileName().toString(); }

    /** This tool with its limit raised for an image of {@code pixels}: {@link #PER_MEGAPIXEL} more per megapixel. */
    ExternalTool forImage(long pixels) {
        long extraMs = (long) Math.ceil(PER_MEGAPIXEL.toMillis() * (Math.max(0, pixels) / 1e6));
        return new ExternalTool(executable, timeout.plusMillis(extraMs));
    }

    /**
     * The executable {@code name} in the first folder of {@code searchPath} (a PATH-style list) that has one.
     * An empty or null search path finds nothing.
     */
    static Optional<ExternalTool> find(String name, String searchPath, Duration timeout) {
        if (searchPath == null || searchPath.isEmpty()) return Optional.empty();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(new ExternalTool(candidate, timeout));
        }
        return Optional.empty();
    }

    /**
     * Runs the tool with {@code args} in {@code workDir} and waits for it.
     *
     * @throws IOException when it cannot start, exits non-zero (the message carries the end of its standard
     *         error), or runs past the time limit (it is killed, with any children it started)
     */
    void run(Path workDir, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(args.size() + 1);
        cmd.add(executable.toString());
        cmd.addAll(args);
        Path stderr = Files.createTempFile(workDir, name(), ".err");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot start " + executable + ": " + e.getMessage(), e);
            }
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new IOException(name() + " interrupted", e);
            }
            if (!finished) {
                kill(p);
                throw new IOException(String.format(Locale.ROOT, "%s did not finish within %.1f s and was killed: %s", name(), timeout.toMillis() / 1000.0, String.join(" ", cmd)));
            }
            if (p.exitValue() != 0)
                throw new IOException(name() + " failed (exit " + p.exitValue() + "): " + tail(stderr) + " [" + String.join(" ", cmd) + "]");
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Kills the tool and every process it started, and waits (a few seconds at most) until they are gone. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList(); // before the parent goes: orphans lose their link
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            p.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle c : children) c.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // killed; only its exit was not seen in time
        }
    }

    /** The last few hundred characters of the tool's standard error, on one line (read from the end: it may be huge). */
    private static String tail(Path stderr) throws IOException {
        byte[] end;
        try (SeekableByteChannel ch = Files.newByteChannel(stderr)) {
            long size = ch.size(), from = Math.max(0, size - 4 * MESSAGE_CHARS);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            ch.position(from);
            while (buf.hasRemaining() && ch.read(buf) >= 0) { /* fill */ }
            end = buf.array();
        }
        String s = new String(end, StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " | ");
        if (s.isEmpty()) return "(no message)";
        return s.length() <= MESSAGE_CHARS ? s : "..." + s.substring(s.length() - MESSAGE_CHARS);
    }
}
