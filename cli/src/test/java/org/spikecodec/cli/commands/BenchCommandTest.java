package org.spikecodec.cli.commands;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.cli.SpikecodecCli;

/** {@code spikecodec bench} through the command line: options, exit codes, table, JSON and plot. */
class BenchCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new SpikecodecCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tinyCpuRunWritesTableJsonAndPlot() throws Exception {
        Path json = dir.resolve("b.json");
        Run r = run("bench", "--sizes", "64", "--repeat", "2", "--warmup", "0", "--backends", "cpu", "--no-cjpeg",
                "--image", "../data/photos/astronaut.png", "--json", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("64x64") && r.out().contains("kernel") && r.out().contains("encode") && r.out().contains("decode"), r.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(root.path("valid").asBoolean());
        assertEquals("cpu", root.path("config").path("backends").get(0).asText());
        assertTrue(Files.size(dir.resolve("b.png")) > 1000);
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("bench", "--sizes", "abc").code());
        assertEquals(2, run("bench", "--sizes", "4").code());
        assertEquals(2, run("bench", "--backends", "gpu").code());
        assertEquals(2, run("bench", "--repeat", "0").code());
        assertTrue(run("bench", "--help").out().contains("--sizes"));
    }
}
