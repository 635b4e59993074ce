package org.spikecodec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.cli.ChildJvm.Run;
import org.spikecodec.kernels.opencl.OpenClLibrary;

/**
 * stdout carries only results: every {@code --json} command is run as its own process (a child JVM, as a user runs
 * it) on a view of this machine in which the OpenCL library cannot be loaded, where JOCL used to print "Could not load
 * libOpenCL.so.1" on stdout, and on the machine as it is (with PoCL, where installed). The library is hidden by
 * bind-mounting an empty file over it in a private mount namespace ({@code unshare}); where no file needs hiding the
 * machine already is such a view.
 */
class CleanStdoutTest {
    /** Strict: trailing text after the JSON document (the old JOCL line) is an error, as for {@code python3 -m json.tool}. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir static Path dir;
    static Path png, spk;


    @BeforeAll
    static void files() throws IOException {
        Image photo = ImageFiles.read(Path.of("..", "data", "photos", "camera.png"));
        float[] crop = new float[64 * 48];
        for (int y = 0; y < 48; y++) System.arraycopy(photo.plane(0), (200 + y) * photo.width() + 200, crop, y * 64, 64);
        Image small = new Image(64, 48, photo.model(), new float[][] {crop});
        png = dir.resolve("small.png");
        ImageFiles.write(small, png);
        spk = dir.resolve("small.spk");
        try (SpikeCodec codec = SpikeCodec.open("cpu")) {
            Files.write(spk, codec.encode(small).file());
        }
    }

    @Test
    void jsonCommandsPrintOnlyJsonWithoutTheOpenClLibrary() throws Exception {
        List<String> hide = hider();
        JsonNode devices = json(run(hide, "devices", "--json"));
        assertEquals(0, devices.get("devices").size(), "OpenCL devices found although the library is hidden: " + devices);
        assertTrue(devices.get("failure").asText().contains("OpenCL library"), devices.toString());
        assertEquals(spk.toString(), json(run(hide, "info", spk, "--json")).get("file").asText());
        assertEquals(png.toString(), json(run(hide, "encode", png, "-o", dir.resolve("hidden.spk"), "--json")).get("input").asText());
        assertTrue(json(run(hide, "compare", png, spk, "--json")).get("psnr").asDouble() > 20);
        assertEquals(spk.toString(), json(run(hide, "decode", spk, "-o", dir.resolve("hidden.png"), "--json")).get("input").asText());
        // A batch: its progress bar is on stderr, stdout is one JSON document.
        assertEquals(1, json(run(hide, "encode", png, "--out-dir", dir.resolve("hidden-batch"), "--json")).get("done").asInt());
        // An explicit OpenCL backend is bad input (exit 3), worded on stderr only.
        Run explicit = run(hide, "info", spk, "--json", "--backend", "opencl");
        assertEquals(ExitCode.BAD_INPUT, explicit.code(), explicit.err());
        assertEquals("", explicit.out());
        assertTrue(explicit.err().contains("OpenCL library"), explicit.err());
    }

    @Test
    void jsonCommandsPrintOnlyJsonOnThisMachine() throws Exception {
        JsonNode devices = json(run(List.of(), "devices", "--json"));
        assertNotNull(devices.get("devices"));
        assertEquals(spk.toString(), json(run(List.of(), "info", spk, "--json")).get("file").asText());
        assertEquals(png.toString(), json(run(List.of(), "encode", png, "-o", dir.resolve("here.spk"), "--json")).get("input").asText());
        assertEquals(1, json(run(List.of(), "decode", spk, "--out-dir", dir.resolve("here-batch"), "--json")).get("done").asInt());
    }

    /** The whole of stdout as one JSON document; a failure shows both streams. */
    private static JsonNode json(Run r) {
        assertEquals(ExitCode.OK, r.code(), () -> "exit code; stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertFalse(r.out().contains("Could not load"), r.out());
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON document (" + e.getMessage() + "):\n" + r.out() + "\nstderr:\n" + r.err(), e);
        }
    }

    /**
     * The command prefix that runs a program where no OpenCL library file can be loaded: an empty file bind-mounted
     * over each in a private mount namespace; none when there is nothing to hide. Skips (visibly) when the namespace
     * cannot be made.
     */
    private static List<String> hider() throws Exception {
        List<Path> libs = OpenClLibrary.candidates();
        if (libs.isEmpty()) return List.of();
        Path empty = Files.createFile(dir.resolve("empty-libOpenCL.so"));
        StringBuilder script = new StringBuilder("set -e; ");
        for (Path lib : libs) script.append("mount --bind '").append(empty).append("' '").append(lib).append("'; ");
        script.append("exec \"$@\"");
        List<String> failures = new ArrayList<>();
        // Root may unshare the mount namespace alone; others need a user namespace too (-r maps them to root in it).
        for (String flags : new String[] {"-m", "-rm"}) {
            List<String> prefix = List.of("unshare", flags, "sh", "-c", script.toString(), "sh");
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            Run r = exec(probe);
            if (r.code() == 0) return prefix;
            failures.add("unshare " + flags + ": exit " + r.code() + " " + r.err().strip());
        }
        Assumptions.abort("cannot hide " + libs + " from a child process here (" + String.join("; ", failures)
                + "); the stdout check without the OpenCL library did not run");
        return List.of();
    }

    /** {@code spikecodec ARGS} in a child JVM on the test class path, behind {@code prefix}. */
    private static Run run(List<String> prefix, Object... args) throws Exception {
        return new ChildJvm(prefix, List.of(), dir.resolve("pocl-cache")).cli(args);
    }

    private static Run exec(List<String> cmd) throws Exception { return ChildJvm.exec(cmd, dir.resolve("pocl-cache")); }
}
