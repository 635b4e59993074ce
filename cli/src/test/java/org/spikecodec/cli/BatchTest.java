package org.spikecodec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikecodec.cli.SpikecodecCliTest.cli;
import static org.spikecodec.cli.SpikecodecCliTest.crop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * {@code encode} and {@code decode} over many files in one run: good files done, bad ones reported and the others going
 * on, nothing half-written left, exit codes, and the very bytes that one call per file writes.
 */
class BatchTest {
    private static final Path PHOTOS = Path.of("..", "data", "photos");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GOOD = List.of("camera", "coffee", "astronaut");

    @TempDir static Path photos; // three small crops of the embedded photos (grey and colour) and one corrupt PNG

    @TempDir Path dir;

    @BeforeAll
    static void folder() throws IOException {
        ImageFiles.write(crop(ImageFiles.read(PHOTOS.resolve("camera.png")), 200, 80, 96, 80), photos.resolve("camera.png"));
        ImageFiles.write(crop(ImageFiles.read(PHOTOS.resolve("coffee.png")), 300, 100, 80, 64), photos.resolve("coffee.png"));
        ImageFiles.write(crop(ImageFiles.read(PHOTOS.resolve("astronaut.png")), 160, 40, 64, 72), photos.resolve("astronaut.ppm"));
        byte[] png = Files.readAllBytes(photos.resolve("coffee.png"));
        Files.write(photos.resolve("broken.png"), java.util.Arrays.copyOf(png, png.length / 2)); // a truncated PNG
        Files.writeString(photos.resolve("notes.txt"), "not an image: a folder's other files are left alone");
    }

    @Test
    void aFolderWithACorruptFileEncodesTheGoodOnesReportsTheBadOneAndFails() throws IOException {
        Path out = dir.resolve("spk");
        SpikecodecCliTest.Result r = cli("encode", photos, "-o", out, "--bpp", "1", "--threads", "2", "--json").expect(ExitCode.BAD_INPUT);
        JsonNode j = JSON.readTree(r.out());
        assertEquals(3, j.get("done").asInt(), r.out());
        assertEquals(1, j.get("failed").asInt());
        assertEquals(ExitCode.BAD_INPUT, j.get("exitCode").asInt());
        assertEquals(4, j.get("files").size(), "every image of the folder, and only images: " + r.out());
        for (JsonNode f : j.get("files")) {
            boolean broken = f.get("input").asText().endsWith("broken.png");
            assertEquals(!broken, f.get("ok").asBoolean(), f.toString());
            if (broken) assertTrue(f.get("error").asText().contains("broken.png"), f.toString());
            else assertEquals(1, f.get("bpp").asDouble(), 0.03, f.toString());
        }
        assertTrue(r.err().contains("broken.png"), "the bad file is named on stderr: " + r.err());
        assertEquals(List.of("astronaut.spk", "camera.spk", "coffee.spk"), names(out), "nothing for the bad file, no temporary file left");
    }

    @Test
    void batchOutputsAreTheBytesOfSingleFileCalls() throws IOException {
        Path out = dir.resolve("spk");
        cli("encode", photos.resolve("camera.png"), photos.resolve("coffee.png"), photos.resolve("astronaut.ppm"), "--out-dir", out, "--bpp", "0.5")
                .expect(ExitCode.OK);
        Path pngs = dir.resolve("png");
        SpikecodecCliTest.Result d = cli("decode", out, "-o", pngs, "--threads", "3").expect(ExitCode.OK);
        assertTrue(d.out().contains("decode: 3 of 3 files done, 0 failed"), d.out());
        for (String name : GOOD) {
            Path in = Files.exists(photos.resolve(name + ".png")) ? photos.resolve(name + ".png") : photos.resolve(name + ".ppm");
            Path single = dir.resolve(name + "-single.spk");
            cli("encode", in, "-o", single, "--bpp", "0.5").expect(ExitCode.OK);
            assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(out.resolve(name + ".spk")), name + ".spk");
            Path singlePng = dir.resolve(name + "-single.png");
            cli("decode", single, "-o", singlePng).expect(ExitCode.OK);
            assertArrayEquals(Files.readAllBytes(singlePng), Files.readAllBytes(pngs.resolve(name + ".png")), name + ".png");
            Image original = ImageFiles.read(in), back = ImageFiles.read(pngs.resolve(name + ".png"));
            assertEquals(original.width(), back.width());
            assertEquals(original.height(), back.height());
            assertEquals(original.model(), back.model());
        }
    }

    /** Files of one size decoded by one worker, each into the planes of the one before: the bytes of single-file calls. */
    @Test
    void aBatchOfOneSizeDecodesAsSingleCalls() throws IOException {
        Path spks = Files.createDirectories(dir.resolve("one-size"));
        String[] rates = {"2", "0.3", "1"}; // a busy image, then one of mostly zero counts into its planes
        for (int i = 0; i < rates.length; i++)
            cli("encode", photos.resolve("coffee.png"), "-o", spks.resolve("r" + i + ".spk"), "--bpp", rates[i]).expect(ExitCode.OK);
        Path pngs = dir.resolve("one-size-png");
        cli("decode", spks, "-o", pngs, "--threads", "1").expect(ExitCode.OK);
        for (int i = 0; i < rates.length; i++) {
            Path single = dir.resolve("r" + i + "-single.png");
            cli("decode", spks.resolve("r" + i + ".spk"), "-o", single).expect(ExitCode.OK);
            assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(pngs.resolve("r" + i + ".png")), "r" + i + ".png");
        }
    }

    @Test
    void decodeGoesOnPastACorruptFile() throws IOException {
        Path spks = Files.createDirectories(dir.resolve("spk"));
        cli("encode", photos.resolve("camera.png"), "-o", spks.resolve("camera.spk")).expect(ExitCode.OK);
        byte[] good = Files.readAllBytes(spks.resolve("camera.spk"));
        good[good.length / 2] ^= 0x5a; // a CRC mismatch
        Files.write(spks.resolve("flipped.spk"), good);
        Path out = dir.resolve("pgm");
        SpikecodecCliTest.Result r = cli("decode", spks, spks.resolve("missing.spk"), "-o", out, "--format", "pgm").expect(ExitCode.BAD_INPUT);
        assertTrue(r.out().contains("decode: 1 of 3 files done, 2 failed"), r.out());
        assertTrue(r.err().contains("flipped.spk") && r.err().contains("missing.spk"), r.err());
        assertEquals(List.of("camera.pgm"), names(out));
    }

    @Test
    void oneInputIntoAnExistingFolderIsABatchOfOne() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        SpikecodecCliTest.Result r = cli("encode", photos.resolve("camera.png"), "-o", out).expect(ExitCode.OK);
        assertTrue(r.out().contains("encode: 1 of 1 files done"), r.out());
        assertEquals(List.of("camera.spk"), names(out));
    }

    @Test
    void twoInputsOfOneNameAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.copy(photos.resolve("camera.png"), other.resolve("camera.png"));
        SpikecodecCliTest.Result r = cli("encode", photos.resolve("camera.png"), other.resolve("camera.png"), "-o", dir.resolve("out"))
                .expect(ExitCode.USAGE);
        assertTrue(r.err().contains("would both be written"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsAFailureNotABadInput() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        SpikecodecCliTest.Result r = cli("encode", photos.resolve("camera.png"), photos.resolve("broken.png"), "--out-dir", file.resolve("sub"))
                .expect(ExitCode.FAILURE);
        assertTrue(r.err().contains("a-file"), r.err());
    }

    @Test
    void aRateAnImageCannotReachIsWordedWithTheFlagAloneOrInABatch() throws IOException {
        // The engine reports the numbers (UnreachableRate); the command line names --bpp. Alone it is bad usage (2); in a
        // batch, where other files may reach the rate, it is that input's problem (3).
        Path tiny = dir.resolve("tiny.png");
        ImageFiles.write(crop(ImageFiles.read(photos.resolve("camera.png")), 0, 0, 64, 64), tiny);
        SpikecodecCliTest.Result alone = cli("encode", tiny, "-o", dir.resolve("tiny.spk"), "--bpp", "0.01").expect(ExitCode.USAGE);
        assertTrue(alone.err().contains("below the smallest file") && alone.err().contains("ask for a higher --bpp"), alone.err());
        SpikecodecCliTest.Result batch = cli("encode", tiny, photos.resolve("camera.png"), "-o", dir.resolve("out"), "--bpp", "0.01")
                .expect(ExitCode.BAD_INPUT);
        assertTrue(batch.err().contains("tiny.png") && batch.err().contains("ask for a higher --bpp"), batch.err());
    }

    @Test
    void helpDocumentsTheBatchFormAndItsExitCodes() {
        for (String command : List.of("encode", "decode")) {
            String help = cli(command, "--help").expect(ExitCode.OK).out().replaceAll("\\s+", " ");
            assertTrue(help.contains("--out-dir") && help.contains("--threads"), help);
            assertTrue(help.contains("exits 0 when every file was done, 1 when some file failed for another reason than its input, else 3"), help);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
