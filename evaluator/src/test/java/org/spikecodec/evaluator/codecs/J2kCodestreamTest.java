package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;

/** Truncating a layered OpenJPEG codestream after k layers gives what a decoder makes of exactly those layers. */
class J2kCodestreamTest {
    static ExternalTool compress, decompress;
    static Image photo;
    @TempDir Path dir;

    @BeforeAll static void tools() throws Exception {
        assumeTrue(LayeredJpeg2000RateCodec.unavailable().isEmpty(), "OpenJPEG tools not installed");
        compress = ExternalTool.find("opj_compress", ExternalRateCodec.systemPath(), Duration.ofSeconds(60)).orElseThrow();
        decompress = ExternalTool.find("opj_decompress", ExternalRateCodec.systemPath(), Duration.ofSeconds(60)).orElseThrow();
        Image astro = ImageFiles.read(Path.of("..", "data", "photos", "astronaut.png"));
        float[][] p = new float[3][160 * 120];
        for (int c = 0; c < 3; c++) for (int y = 0; y < 120; y++) System.arraycopy(astro.plane(c), (y + 60) * 512 + 200, p[c], y * 160, 160);
        photo = new Image(160, 120, astro.model(), p);
    }

    byte[] encode(String... options) throws IOException {
        Path src = dir.resolve("in.ppm"), out = dir.resolve("out.j2k");
        ImageFiles.write(photo, src);
        List<String> args = new ArrayList<>(List.of("-i", src.toString(), "-o", out.toString(), "-I"));
        args.addAll(List.of(options));
        compress.run(dir, args);
        return Files.readAllBytes(out);
    }

    Image decode(byte[] code, String... options) throws IOException {
        Path in = dir.resolve("d.j2k"), out = dir.resolve("d.ppm");
        Files.write(in, code);
        Files.deleteIfExists(out);
        List<String> args = new ArrayList<>(List.of("-i", in.toString(), "-o", out.toString()));
        args.addAll(List.of(options));
        decompress.run(dir, args);
        return ImageFiles.read(out);
    }

    @Test
    void eachTruncationDecodesAsItsLayersAndGetsBetter() throws Exception {
        byte[] full = encode("-PLT", "-r", "160,80,40,20,10");
        J2kCodestream s = J2kCodestream.parse(full);
        assertEquals(5, s.layers());
        double lastPsnr = 0;
        long lastPayload = 0;
        for (int k = 1; k <= 5; k++) {
            byte[] cut = s.truncate(k);
            assertEquals(s.headerBytes() + s.payloadBytes(k), cut.length, "header and layers, nothing else");
            assertEquals(s.payloadBytes(k), Jpeg2000RateCodec.tileBytes(cut) - 2, "payload = tile data after SOD, before EOC");
            assertTrue(s.payloadBytes(k) > lastPayload);
            Image img = decode(cut);
            assertArrayEquals(decode(full, "-l", Integer.toString(k)).plane(1), img.plane(1), "the decoder's own " + k + "-layer decoding");
            double psnr = Psnr.of(photo, img);
            assertTrue(psnr > lastPsnr + 0.5, "layer " + k + ": " + psnr + " dB after " + lastPsnr);
            lastPsnr = psnr;
            lastPayload = s.payloadBytes(k);
        }
        assertThrows(IllegalArgumentException.class, () -> s.truncate(0));
        assertThrows(IllegalArgumentException.class, () -> s.truncate(6));
    }

    @Test
    void refusesStreamsItCannotCut() throws Exception {
        assertThrows(IOException.class, () -> J2kCodestream.parse(new byte[] {1, 2, 3, 4, 5}));
        byte[] layered = encode("-PLT", "-r", "80,20");
        assertThrows(IOException.class, () -> J2kCodestream.parse(Arrays.copyOf(layered, 60)), "truncated main header");
        assertThrows(IOException.class, () -> J2kCodestream.parse(Arrays.copyOf(layered, layered.length - 10)), "truncated tile");
        IOException noPlt = assertThrows(IOException.class, () -> J2kCodestream.parse(encode("-r", "80,20")));
        assertTrue(noPlt.getMessage().contains("PLT"), noPlt.getMessage());
        IOException rlcp = assertThrows(IOException.class, () -> J2kCodestream.parse(encode("-PLT", "-p", "RLCP", "-r", "80,20")));
        assertTrue(rlcp.getMessage().contains("LRCP"), rlcp.getMessage());
        IOException tiles = assertThrows(IOException.class, () -> J2kCodestream.parse(encode("-PLT", "-t", "64,64", "-r", "80,20")));
        assertTrue(tiles.getMessage().contains("tile"), tiles.getMessage());
    }
}
