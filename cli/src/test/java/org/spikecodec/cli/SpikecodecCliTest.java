package org.spikecodec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spikecodec.cli.commands.CompareCommand;
import org.spikecodec.cli.commands.DecodeCommand;
import org.spikecodec.cli.commands.EncodeCommand;
import org.spikecodec.cli.commands.InfoCommand;
import org.spikecodec.cli.commands.SpikesCommand;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/**
 * The command line driven in-process: exit codes, files written, JSON outputs, messages. Images are crops of the
 * embedded photos (tests run in the module folder, so they are under {@code ../data/photos}), small enough that
 * the whole class runs in a few seconds.
 */
class SpikecodecCliTest {
    private static final Path PHOTOS = Path.of("..", "data", "photos");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path shared;
    static Path grey;    // 128x128 crop of camera.png (grey)
    static Path colour;  // 96x64 crop of astronaut.png (RGB)
    static Path spk;     // grey encoded with the defaults

    @TempDir Path dir;

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        Result expect(int expected) {
            assertEquals(expected, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    static Result cli(Object... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        String[] a = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int code;
        try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = new SpikecodecCli(out, err).run(a);
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void images() throws IOException {
        grey = shared.resolve("camera-crop.png");
        ImageFiles.write(crop(ImageFiles.read(PHOTOS.resolve("camera.png")), 192, 96, 128, 128), grey);
        colour = shared.resolve("astronaut-crop.png");
        ImageFiles.write(crop(ImageFiles.read(PHOTOS.resolve("astronaut.png")), 160, 40, 96, 64), colour);
        spk = shared.resolve("camera-crop.spk");
        cli("encode", grey, "-o", spk).expect(ExitCode.OK);
    }

    static Image crop(Image src, int x0, int y0, int w, int h) {
        float[][] planes = new float[src.channels()][w * h];
        for (int c = 0; c < src.channels(); c++)
            for (int y = 0; y < h; y++) System.arraycopy(src.plane(c), (y0 + y) * src.width() + x0, planes[c], y * w, w);
        return new Image(w, h, src.model(), planes);
    }

    // ---- round trips and outputs ----------------------------------------------------------------------------

    static Stream<Arguments> photos() {
        return Stream.of(Arguments.of("grey", ColorModel.GREY), Arguments.of("colour", ColorModel.RGB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("photos")
    void encodeDecodeCompareRoundTrip(String which, ColorModel model) throws IOException {
        Path in = which.equals("grey") ? grey : colour;
        Path s = dir.resolve("a.spk"), png = dir.resolve("a.png");
        Result enc = cli("encode", in, "-o", s).expect(ExitCode.OK);
        assertTrue(enc.out.startsWith("wrote "), enc.out);
        assertTrue(Files.size(s) > 0);
        cli("decode", s, "-o", png).expect(ExitCode.OK);
        Image decoded = ImageFiles.read(png);
        Image original = ImageFiles.read(in);
        assertEquals(original.width(), decoded.width());
        assertEquals(original.height(), decoded.height());
        assertEquals(model, decoded.model());

        JsonNode m = JSON.readTree(cli("compare", in, png, "--json").expect(ExitCode.OK).out);
        assertTrue(m.get("psnr").asDouble() > 25, m.toString());
        assertTrue(m.get("ssim").asDouble() > 0.5 && m.get("ssim").asDouble() <= 1, m.toString());
        assertTrue(m.get("msssim").asDouble() > 0.5 && m.get("msssim").asDouble() <= 1, m.toString());

        // A .spk side is decoded on the fly and its rate reported.
        JsonNode ms = JSON.readTree(cli("compare", in, s, "--json").expect(ExitCode.OK).out);
        assertEquals(Files.size(s), ms.get("bBytes").asLong());
        assertEquals(Files.size(s) * 8.0 / original.pixels(), ms.get("bBpp").asDouble(), 1e-9);
        assertTrue(ms.get("psnr").asDouble() > 25, ms.toString());
    }

    @ParameterizedTest(name = "--bpp {0}")
    @MethodSource("rates")
    void bppTargetLandsWithinThreePercent(double target) throws IOException {
        Path s = dir.resolve("r.spk");
        JsonNode m = JSON.readTree(cli("encode", grey, "-o", s, "--bpp", target, "--json").expect(ExitCode.OK).out);
        double real = Files.size(s) * 8.0 / (128 * 128);
        assertEquals(real, m.get("bpp").asDouble(), 1e-9);
        assertEquals(target, m.get("targetBpp").asDouble(), 0);
        assertTrue(Math.abs(real / target - 1) <= 0.03, "got " + real + " bpp for a target of " + target);
    }

    static Stream<Double> rates() { return Stream.of(0.5, 1.0); }

    @Test
    void encodeTextOutputMentionsTheRate() {
        Result r = cli("encode", grey, "-o", dir.resolve("b.spk"), "--bpp", "0.5").expect(ExitCode.OK);
        assertTrue(r.out.contains("bpp") && r.out.contains("target 0.5000"), r.out);
        assertEquals("", r.err);
    }

    @Test
    void infoJsonDescribesTheFile() throws IOException {
        JsonNode m = JSON.readTree(cli("info", spk, "--json").expect(ExitCode.OK).out);
        assertEquals(128, m.get("width").asInt());
        assertEquals(128, m.get("height").asInt());
        assertEquals(1, m.get("channels").asInt());
        assertEquals("dwt", m.get("transform").get("name").asText());
        assertEquals(5, m.get("transform").get("levels").asInt());
        for (String f : List.of("threshold", "tau", "resistance", "window", "refractory"))
            assertTrue(m.get("lif").get(f).isNumber(), "lif." + f + " in " + m);
        assertEquals(1.0, m.get("lif").get("threshold").asDouble());
        assertEquals(Files.size(spk) * 8.0 / (128 * 128), m.get("bpp").asDouble(), 1e-9);
        assertEquals(Files.size(spk), m.get("bytes").asLong());
        assertTrue(m.get("bands").isArray() && m.get("bands").size() == 16, "5 levels: LL5 + 15 detail bands");
        long spikes = 0;
        for (JsonNode b : m.get("bands")) spikes += b.get("spikes").asLong();
        assertEquals(m.get("spikes").asLong(), spikes);
    }

    @Test
    void infoTextOutput() {
        Result r = cli("info", spk).expect(ExitCode.OK);
        assertTrue(r.out.contains("128x128") && r.out.contains("bpp") && r.out.contains("LL5"), r.out);
    }

    @Test
    void otherTransformsRoundTrip() throws IOException {
        for (String t : List.of("pixels", "rif")) {
            Path s = dir.resolve(t + ".spk"), png = dir.resolve(t + ".png");
            cli("encode", grey, "-o", s, "--transform", t).expect(ExitCode.OK);
            JsonNode m = JSON.readTree(cli("info", s, "--json").expect(ExitCode.OK).out);
            assertEquals(t, m.get("transform").get("name").asText());
            cli("decode", s, "-o", png).expect(ExitCode.OK);
            assertEquals(128, ImageFiles.read(png).width());
        }
    }

    @Test
    void rifCgIterationsAreChosenOrGiven() throws IOException {
        Path fixed = dir.resolve("fixed.spk"), chosen = dir.resolve("chosen.spk");
        cli("encode", grey, "-o", fixed, "--transform", "rif", "--cg-iterations", "7").expect(ExitCode.OK);
        assertEquals(7, JSON.readTree(cli("info", fixed, "--json").expect(ExitCode.OK).out).get("transform").get("cgMaxIterations").asInt());
        // auto (the default): the encoder writes the count it found best, never more than the solver's default limit.
        cli("encode", grey, "-o", chosen, "--transform", "rif", "--bpp", "1").expect(ExitCode.OK);
        int k = JSON.readTree(cli("info", chosen, "--json").expect(ExitCode.OK).out).get("transform").get("cgMaxIterations").asInt();
        assertTrue(k >= 1 && k <= 200, "chosen " + k);
    }

    @Test
    void rifScaledChoosesARetinaOrTakesTheOneGiven() throws IOException {
        Path auto = dir.resolve("scaled.spk"), fixed = dir.resolve("scaled-fixed.spk");
        cli("encode", grey, "-o", auto, "--transform", "rif-scaled", "--bpp", "0.5").expect(ExitCode.OK);
        JsonNode t = JSON.readTree(cli("info", auto, "--json").expect(ExitCode.OK).out).get("transform");
        assertEquals("rif-scaled", t.get("name").asText());
        String retina = t.get("retina").asText();
        assertTrue(java.util.Arrays.stream(org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.DEFAULT_CANDIDATES)
                .anyMatch(c -> org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse(c).equals(
                        org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse(retina))), retina);
        cli("encode", grey, "-o", fixed, "--transform", "rif-scaled", "--retina", "10:1:2,40:0.5:1:0.25", "--cg-iterations", "7").expect(ExitCode.OK);
        t = JSON.readTree(cli("info", fixed, "--json").expect(ExitCode.OK).out).get("transform");
        assertEquals("10.0:1.0:2:1.0,40.0:0.5:1:0.25", t.get("retina").asText());
        assertEquals(7, t.get("cgMaxIterations").asInt());
        cli("decode", fixed, "-o", dir.resolve("scaled.png")).expect(ExitCode.OK);
    }

    @Test
    void rifDynamicRecordsItsParametersAndChoosesItsCgCount() throws IOException {
        Path s = dir.resolve("dynamic.spk"), png = dir.resolve("dynamic.png");
        cli("encode", grey, "-o", s, "--transform", "rif-dynamic", "--integrate-ms", "12", "--steps-per-plane", "6", "--bpp", "1").expect(ExitCode.OK);
        JsonNode t = JSON.readTree(cli("info", s, "--json").expect(ExitCode.OK).out).get("transform");
        assertEquals("rif-dynamic", t.get("name").asText());
        assertEquals(12.0, t.get("integrationMs").asDouble());
        assertEquals(10, t.get("planes").asInt());
        assertEquals(6, t.get("stepsPerPlane").asInt());
        int k = t.get("cgMaxIterations").asInt();
        assertTrue(k >= 1 && k <= 200, "chosen " + k);
        cli("decode", s, "-o", png).expect(ExitCode.OK);
        assertEquals(128, ImageFiles.read(png).width());
    }

    @Test
    void spikesWritesCsvAndRaster() throws IOException {
        Path out = dir.resolve("spikes");
        // 3 levels: LL3 is 16x16, so the 8x8 region lies inside it.
        Result r = cli("spikes", grey, "--region", "0,0,8,8", "-o", out, "--levels", "3").expect(ExitCode.OK);
        assertTrue(r.out.contains("64 neurons"), r.out);
        List<String> lines = Files.readAllLines(out.resolve("spikes.csv"));
        assertEquals("channel,band,x,y,coefficient,input,count,spike,time_ms", lines.get(0));
        assertTrue(lines.size() > 64, "one row per spike, at least one per neuron: " + lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(9, f.length, line);
            assertEquals("0", f[0]);
            assertEquals("LL3", f[1], "the default band is the first, LL");
        }
        BufferedImage raster = ImageIO.read(out.resolve("raster.png").toFile());
        assertNotNull(raster, "raster.png readable by ImageIO");
        assertTrue(raster.getWidth() > 100 && raster.getHeight() > 100);
    }

    @Test
    void spikesOfAnotherBandAndChannel() throws IOException {
        Path out = dir.resolve("spikes");
        cli("spikes", colour, "--region", "2,2,4,3", "-o", out, "--band", "HL1", "--channel", "2").expect(ExitCode.OK);
        List<String> lines = Files.readAllLines(out.resolve("spikes.csv"));
        assertTrue(lines.size() >= 1 + 12, "a row per neuron at least");
        for (String line : lines.subList(1, lines.size())) assertTrue(line.startsWith("2,HL1,"), line);
    }

    // ---- help --------------------------------------------------------------------------------------------------

    static Stream<Command> commands() {
        return Stream.of(new EncodeCommand(), new DecodeCommand(), new InfoCommand(), new CompareCommand(), new SpikesCommand());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpOnEveryCommandListsItsOptions(Command c) {
        for (String flag : List.of("--help", "-h")) {
            Result r = cli(c.name(), flag).expect(ExitCode.OK);
            assertTrue(r.out.contains("spikecodec " + c.name()), r.out);
            for (Option o : c.options().getOptions())
                assertTrue(r.out.contains("--" + o.getLongOpt()), "--" + o.getLongOpt() + " missing from\n" + r.out);
            assertTrue(r.out.contains("--verbose"), r.out);
            assertEquals("", r.err);
        }
    }

    @Test
    void overview() {
        Result r = cli("--help").expect(ExitCode.OK);
        for (String name : List.of("encode", "decode", "info", "compare", "spikes")) assertTrue(r.out.contains(name), r.out);
        Result none = cli().expect(ExitCode.USAGE);
        assertEquals("", none.out, "no command: the overview goes to stderr");
        assertTrue(none.err.contains("Usage"), none.err);
        assertTrue(cli("--version").expect(ExitCode.OK).out.startsWith("spikecodec "));
    }

    // ---- bad usage: exit code 2 ----------------------------------------------------------------------------------

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of("unknown command", List.of("frobnicate")),
                Arguments.of("unknown option", List.of("encode", "IN", "-o", "OUT.spk", "--frobnicate")),
                Arguments.of("encode without -o", List.of("encode", "IN")),
                Arguments.of("decode without -o", List.of("decode", "SPK")),
                Arguments.of("spikes without -o", List.of("spikes", "IN", "--region", "0,0,8,8")),
                Arguments.of("spikes without --region", List.of("spikes", "IN", "-o", "DIR")),
                Arguments.of("--bpp abc", List.of("encode", "IN", "-o", "OUT.spk", "--bpp", "abc")),
                Arguments.of("--bpp 0", List.of("encode", "IN", "-o", "OUT.spk", "--bpp", "0")),
                Arguments.of("--bpp -1", List.of("encode", "IN", "-o", "OUT.spk", "--bpp=-1")),
                Arguments.of("--bpp NaN", List.of("encode", "IN", "-o", "OUT.spk", "--bpp", "NaN")),
                Arguments.of("--bpp over 64", List.of("encode", "IN", "-o", "OUT.spk", "--bpp", "65")),
                Arguments.of("--threshold x", List.of("encode", "IN", "-o", "OUT.spk", "--threshold", "x")),
                Arguments.of("--threshold 0", List.of("encode", "IN", "-o", "OUT.spk", "--threshold", "0")),
                Arguments.of("--tau -5", List.of("encode", "IN", "-o", "OUT.spk", "--tau=-5")),
                Arguments.of("--levels abc", List.of("encode", "IN", "-o", "OUT.spk", "--levels", "abc")),
                Arguments.of("--levels 13", List.of("encode", "IN", "-o", "OUT.spk", "--levels", "13")),
                Arguments.of("--levels with pixels", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "pixels", "--levels", "3")),
                Arguments.of("--layers with dwt", List.of("encode", "IN", "-o", "OUT.spk", "--layers", "10,40")),
                Arguments.of("unknown transform", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "fourier")),
                Arguments.of("unknown read-out", List.of("encode", "IN", "-o", "OUT.spk", "--reconstruction", "best")),
                Arguments.of("unknown backend", List.of("encode", "IN", "-o", "OUT.spk", "--backend", "quantum")),
                Arguments.of("--chroma-gain 0", List.of("encode", "IN", "-o", "OUT.spk", "--chroma-gain", "0")),
                Arguments.of("--chroma-gain 1e-9", List.of("encode", "IN", "-o", "OUT.spk", "--chroma-gain", "1e-9")),
                // T/Delta overflowed: every count came out 0, and the file was written.
                Arguments.of("--refractory 1e-300", List.of("encode", "IN", "-o", "OUT.spk", "--refractory", "1e-300")),
                Arguments.of("--refractory above T", List.of("encode", "IN", "-o", "OUT.spk", "--refractory", "60")),
                // The search ignored the threshold given; with 1e-30 it failed after 110 s and 1.7 GB.
                Arguments.of("--bpp with --threshold", List.of("encode", "IN", "-o", "OUT.spk", "--bpp", "0.5", "--threshold", "1e-30")),
                Arguments.of("--threshold 1e-40", List.of("encode", "IN", "-o", "OUT.spk", "--threshold", "1e-40")),
                Arguments.of("--cg-iterations with dwt", List.of("encode", "IN", "-o", "OUT.spk", "--cg-iterations", "5")),
                Arguments.of("--cg-iterations 0", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif", "--cg-iterations", "0")),
                Arguments.of("--cg-iterations words", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif", "--cg-iterations", "many")),
                Arguments.of("--integrate-ms with rif", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif", "--integrate-ms", "10")),
                Arguments.of("--steps-per-plane with dwt", List.of("encode", "IN", "-o", "OUT.spk", "--steps-per-plane", "10")),
                Arguments.of("--integrate-ms 0.01", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif-dynamic", "--integrate-ms", "0.01")),
                Arguments.of("--steps-per-plane 0", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif-dynamic", "--steps-per-plane", "0")),
                Arguments.of("--steps-per-plane 5000", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif-dynamic", "--steps-per-plane", "5000")),
                Arguments.of("--retina with rif", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif", "--retina", "6:2:2")),
                Arguments.of("--retina decimation 9", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif-scaled", "--retina", "6:2:9")),
                Arguments.of("--retina words", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif-scaled", "--retina", "six")),
                Arguments.of("--layers 0.01 ms", List.of("encode", "IN", "-o", "OUT.spk", "--transform", "rif", "--layers", "0.01,40")),
                Arguments.of("two inputs", List.of("encode", "IN", "IN", "-o", "OUT.spk")),
                Arguments.of("decode to .jpg", List.of("decode", "SPK", "-o", "OUT.jpg")),
                Arguments.of("info of two files", List.of("info", "SPK", "SPK")),
                Arguments.of("compare one image", List.of("compare", "IN")),
                Arguments.of("--region of three numbers", List.of("spikes", "IN", "--region", "0,0,8", "-o", "DIR")),
                Arguments.of("--region of words", List.of("spikes", "IN", "--region", "a,b,c,d", "-o", "DIR")),
                Arguments.of("--region empty", List.of("spikes", "IN", "--region", "0,0,0,0", "-o", "DIR")),
                Arguments.of("--region outside", List.of("spikes", "IN", "--region", "500,500,8,8", "-o", "DIR")),
                Arguments.of("unknown band", List.of("spikes", "IN", "--region", "0,0,8,8", "-o", "DIR", "--band", "XX9")),
                Arguments.of("--channel 1 of grey", List.of("spikes", "IN", "--region", "0,0,8,8", "-o", "DIR", "--channel", "1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageExitsTwoWithOneLine(String what, List<String> args) {
        List<Object> a = new ArrayList<>();
        for (String s : args)
            a.add(switch (s) {
                case "IN" -> grey;
                case "SPK" -> spk;
                case "OUT.spk" -> dir.resolve("out.spk");
                case "OUT.jpg" -> dir.resolve("out.jpg");
                case "DIR" -> dir.resolve("d");
                case "FOLDER", "FOLDER.png" -> folder(s.toLowerCase(java.util.Locale.ROOT));
                default -> s;
            });
        Result r = cli(a.toArray()).expect(ExitCode.USAGE);
        assertOneLineMessage(r);
        assertEquals("", r.out);
        assertFalse(Files.exists(dir.resolve("out.spk")), "nothing written on bad usage");
    }

    /** An existing folder named {@code name} under the test's folder. */
    private Path folder(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void fractionalIntegersAreBadUsage() {
        assertOneLineMessage(cli("encode", grey, "-o", dir.resolve("o.spk"), "--levels", "2.5").expect(ExitCode.USAGE));
        assertOneLineMessage(cli("spikes", grey, "--region", "0,0,8.5,8", "-o", dir.resolve("s")).expect(ExitCode.USAGE));
        assertOneLineMessage(cli("spikes", grey, "--region", "0,0,8,8", "--channel", "0.5", "-o", dir.resolve("s")).expect(ExitCode.USAGE));
    }

    @Test
    void spikesIntoAnExistingFileIsBadUsage() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLineMessage(cli("spikes", grey, "--region", "0,0,8,8", "-o", file).expect(ExitCode.USAGE));
    }

    @Test
    void unreachablyHighRateIsAClearError() {
        Result r = cli("encode", grey, "-o", dir.resolve("o.spk"), "--bpp", "40").expect(ExitCode.USAGE);
        assertOneLineMessage(r);
        assertTrue(r.err.contains("highest rate"), r.err);
    }

    // ---- bad input: exit code 3 ----------------------------------------------------------------------------------

    @Test
    void missingInputFile() {
        Path nowhere = dir.resolve("nothere.png");
        assertOneLineMessage(cli("encode", nowhere, "-o", dir.resolve("o.spk")).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("decode", dir.resolve("nothere.spk"), "-o", dir.resolve("o.png")).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("info", dir.resolve("nothere.spk")).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("compare", grey, nowhere).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("spikes", nowhere, "--region", "0,0,8,8", "-o", dir.resolve("d")).expect(ExitCode.BAD_INPUT));
        assertTrue(cli("encode", nowhere, "-o", dir.resolve("o.spk")).err.contains("nothere.png"), "the message names the file");
        assertFalse(Files.exists(dir.resolve("o.spk")));
        assertFalse(Files.exists(dir.resolve("o.png")));
    }

    @Test
    void aFolderGivenAsAnInputIsBadInput() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a.spk"));
        assertOneLineMessage(cli("info", folder).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("compare", folder, spk).expect(ExitCode.BAD_INPUT));
        // encode and decode take a folder as a batch, which needs a folder to write into, not a file's name
        assertTrue(cli("decode", folder, "-o", dir.resolve("o.png")).expect(ExitCode.USAGE).err.contains("names a file"));
        assertTrue(cli("encode", folder, "-o", dir.resolve("o.spk")).expect(ExitCode.USAGE).err.contains("names a file"));
    }

    @Test
    void corruptSpkFlippedByte() throws IOException {
        byte[] b = Files.readAllBytes(spk);
        for (int at : new int[] {0, 5, 20, b.length / 2, b.length - 1}) {
            byte[] c = b.clone();
            c[at] ^= 0x40;
            Path bad = dir.resolve("flip" + at + ".spk");
            Files.write(bad, c);
            Result r = cli("decode", bad, "-o", dir.resolve("x.png")).expect(ExitCode.BAD_INPUT);
            assertOneLineMessage(r);
            assertFalse(Files.exists(dir.resolve("x.png")), "no output from a corrupt file");
            assertOneLineMessage(cli("info", bad).expect(ExitCode.BAD_INPUT));
        }
        Path bad = dir.resolve("flip.spk");
        byte[] c = b.clone();
        c[b.length / 2] ^= 1;
        Files.write(bad, c);
        assertTrue(cli("decode", bad, "-o", dir.resolve("x.png")).err.contains("CRC"));
        assertOneLineMessage(cli("compare", grey, bad).expect(ExitCode.BAD_INPUT));
    }

    @Test
    void truncatedAndPaddedSpk() throws IOException {
        byte[] b = Files.readAllBytes(spk);
        for (int len : new int[] {0, 3, 4, 12, b.length / 2, b.length - 1}) {
            Path bad = dir.resolve("trunc" + len + ".spk");
            Files.write(bad, Arrays.copyOf(b, len));
            assertOneLineMessage(cli("decode", bad, "-o", dir.resolve("x.png")).expect(ExitCode.BAD_INPUT));
            assertOneLineMessage(cli("info", bad, "--json").expect(ExitCode.BAD_INPUT));
        }
        Path padded = dir.resolve("padded.spk");
        Files.write(padded, Arrays.copyOf(b, b.length + 1));
        assertOneLineMessage(cli("decode", padded, "-o", dir.resolve("x.png")).expect(ExitCode.BAD_INPUT));
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void nonImageInput() throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not an image\n");
        assertOneLineMessage(cli("encode", text, "-o", dir.resolve("o.spk")).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("compare", text, grey).expect(ExitCode.BAD_INPUT));
        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        assertOneLineMessage(cli("encode", empty, "-o", dir.resolve("o.spk")).expect(ExitCode.BAD_INPUT));
        // A PNG that is not a .spk, and a .spk that is not an image.
        assertOneLineMessage(cli("info", grey).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("decode", grey, "-o", dir.resolve("x.png")).expect(ExitCode.BAD_INPUT));
        assertOneLineMessage(cli("encode", spk, "-o", dir.resolve("o.spk")).expect(ExitCode.BAD_INPUT));
        // A directory given as the input is a batch, which writes into a folder, not into a file's name.
        assertOneLineMessage(cli("encode", dir, "-o", dir.resolve("o.spk")).expect(ExitCode.USAGE));
        assertFalse(Files.exists(dir.resolve("o.spk")));
    }

    @Test
    void compareImagesOfDifferentSize() {
        assertOneLineMessage(cli("compare", grey, colour).expect(ExitCode.BAD_INPUT));
    }

    /** The error is one line naming the command, with no stack trace. */
    static void assertOneLineMessage(Result r) {
        String err = r.err.strip();
        assertFalse(err.isEmpty(), "a message on stderr");
        assertEquals(1, err.lines().count(), "one line:\n" + r.err);
        assertTrue(err.startsWith("spikecodec"), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("Caused by"), "no stack trace or exception names:\n" + r.err);
    }
}
