package org.spikecodec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A main class of the test class path run in a child JVM, as a user runs the command line: its exit code, stdout and stderr. */
record ChildJvm(List<String> prefix, List<String> jvmOptions, Path poclCache) {
    record Run(int code, String out, String err) {}

    /** Runs {@code mainClass ARGS} behind {@code prefix} (e.g. a mount namespace), with {@code jvmOptions} (e.g. {@code -Xmx64m}). */
    Run run(String mainClass, Object... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        String cp = System.getProperty("surefire.test.class.path");
        cmd.add(cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path"));
        cmd.add(mainClass);
        for (Object a : args) cmd.add(String.valueOf(a));
        return exec(cmd, poclCache);
    }

    /** Any command: its exit code and both streams, read concurrently (so neither pipe fills and blocks it). */
    static Run exec(List<String> cmd, Path poclCache) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putIfAbsent("POCL_CACHE_DIR", poclCache.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Run(p.exitValue(), out, err.get());
    }

    /** {@code spikecodec ARGS}. */
    Run cli(Object... args) throws Exception { return run(SpikecodecCli.class.getName(), args); }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
