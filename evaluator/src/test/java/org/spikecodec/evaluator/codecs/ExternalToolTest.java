package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding tools on a search path, running them, and the scratch folder. */
class ExternalToolTest {
    private static Path script(Path dir, String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void findsTheFirstExecutableOnTheSearchPath(@TempDir Path a, @TempDir Path b) throws IOException {
        Files.writeString(a.resolve("tool"), "not executable");
        Path good = script(b, "tool", "exit 0");
        String path = a + java.io.File.pathSeparator + java.io.File.pathSeparator + b;
        assertEquals(good, ExternalTool.find("tool", path, Duration.ofSeconds(1)).orElseThrow().executable());
        assertTrue(ExternalTool.find("tool", "", Duration.ofSeconds(1)).isEmpty());
        assertTrue(ExternalTool.find("tool", null, Duration.ofSeconds(1)).isEmpty());
        assertTrue(ExternalTool.find("absent", path, Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void runsInTheWorkingFolderAndReportsTheEndOfStandardError(@TempDir Path dir) throws IOException {
        ExternalTool ok = new ExternalTool(script(dir, "ok", "echo lots of output; echo \"$1\" > made-here"), Duration.ofSeconds(20));
        ok.run(dir, List.of("arg with spaces"));
        assertEquals("arg with spaces", Files.readString(dir.resolve("made-here")).strip());
        ExternalTool bad = new ExternalTool(script(dir, "bad", "i=0; while [ $i -lt 2000 ]; do echo line $i >&2; i=$((i+1)); done; exit 7"), Duration.ofSeconds(20));
        IOException e = assertThrows(IOException.class, () -> bad.run(dir, List.of()));
        assertTrue(e.getMessage().startsWith("bad failed (exit 7): ..."), e.getMessage());
        assertTrue(e.getMessage().contains("line 1999 ["), "the last line is kept: " + e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "bounded: " + e.getMessage().length());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".err")), "the standard error file is deleted");
        }
    }

    @Test
    void aToolThatCannotStartIsAnIOException(@TempDir Path dir) throws IOException {
        Path notExecutable = dir.resolve("x");
        Files.writeString(notExecutable, "");
        IOException e = assertThrows(IOException.class, () -> new ExternalTool(notExecutable, Duration.ofSeconds(5)).run(dir, List.of()));
        assertTrue(e.getMessage().startsWith("cannot start " + notExecutable), e.getMessage());
    }

    @Test
    void theLimitGrowsByAMinutePerMegapixelOfTheImage() {
        ExternalTool t = new ExternalTool(Path.of("/usr/bin/true"), Duration.ofSeconds(120));
        assertEquals(Duration.ofSeconds(120), t.forImage(0).timeout());
        assertEquals(Duration.ofSeconds(120 + 15), t.forImage(250_000).timeout());
        assertEquals(Duration.ofMillis(120_000 + 293_933), t.forImage(2592 * 1890).timeout()); // 4.9 MP: 293.9328 s, up to the ms
        assertEquals(t.executable(), t.forImage(1_000_000).executable());
    }

    @Test
    void aHangingToolAndItsChildrenAreKilled(@TempDir Path dir) throws IOException, InterruptedException {
        // The tool starts a child that would outlive it, then waits: both must go.
        ExternalTool hang = new ExternalTool(script(dir, "hang", "sleep 300 & echo $! > child.pid; wait"), Duration.ofMillis(700));
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> hang.run(dir, List.of()));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10);
        assertTrue(e.getMessage().startsWith("hang did not finish within 0.7 s and was killed"), e.getMessage());
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        long until = System.nanoTime() + 5_000_000_000L; // a killed process may take a moment to be reaped on a busy machine
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) Thread.sleep(20);
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the tool's child was killed too");
    }

    @Test
    void theScratchFolderGoesWithEverythingInIt() throws IOException {
        Path p;
        try (ScratchDir d = ScratchDir.create("spikecodec-test-")) {
            p = d.path();
            Files.createDirectories(d.resolve("sub"));
            Files.writeString(d.resolve("sub").resolve("f"), "x");
            Files.writeString(d.resolve("g"), "y");
        }
        assertFalse(Files.exists(p));
    }
}
