package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;

/** The container parsers on files the real tools write, on hand-built layouts, and on truncated or garbage bytes. */
class PayloadsTest {
    static Image rgb;
    @TempDir static Path dir;

    @BeforeAll static void load() throws IOException {
        rgb = ExternalRateCodecsTest.crop(ImageFiles.read(Path.of("..", "data", "photos", "astronaut.png")), 96, 64);
    }

    private static byte[] run(String tool, String... args) throws IOException {
        ExternalTool t = ExternalTool.find(tool, ExternalRateCodec.systemPath(), Duration.ofSeconds(60)).orElseThrow();
        Path out = dir.resolve("out-" + tool);
        List<String> a = new java.util.ArrayList<>(Arrays.asList(args));
        a.replaceAll(s -> s.replace("OUT", out.toString()));
        t.run(dir, a);
        return Files.readAllBytes(out);
    }

    /** A PNG with an ICC profile (the photo's own), so that the tools that keep it write a bigger container. */
    private static Path pngWithIcc() { return Path.of("..", "data", "photos", "astronaut.png").toAbsolutePath(); }

    @Test
    void webpFromCwebp() throws IOException {
        ToolCodecs.require(new WebpRateCodec());
        Path src = dir.resolve("in.ppm");
        ImageFiles.write(rgb, src);
        byte[] simple = run("cwebp", "-quiet", "-q", "60", src.toString(), "-o", "OUT");
        // Simple format: RIFF header (12), VP8 chunk header (8), data (padded to even).
        long p = Payloads.webpImageChunk(simple).orElseThrow();
        assertTrue(simple.length - p == 20 || simple.length - p == 21, simple.length + " bytes, payload " + p);
        // Extended format (VP8X and ICCP chunks before the image): the same VP8 chunk, a bigger file.
        byte[] withIcc = run("cwebp", "-quiet", "-q", "60", "-metadata", "icc", pngWithIcc().toString(), "-o", "OUT");
        byte[] plain = run("cwebp", "-quiet", "-q", "60", pngWithIcc().toString(), "-o", "OUT");
        assertTrue(withIcc.length > plain.length + 1000, "the ICC profile is in the file");
        assertEquals(Payloads.webpImageChunk(plain).orElseThrow(), Payloads.webpImageChunk(withIcc).orElseThrow());
        assertTruncationsAndGarbageAreSafe(withIcc, Payloads::webpImageChunk);
    }

    @Test
    void avifFromAvifenc() throws IOException {
        ToolCodecs.require(new AvifRateCodec());
        byte[] withIcc = run("avifenc", "-j", "1", "-y", "444", "--min", "30", "--max", "30", pngWithIcc().toString(), "OUT");
        byte[] plain = run("avifenc", "-j", "1", "-y", "444", "--min", "30", "--max", "30", "--ignore-icc", pngWithIcc().toString(), "OUT");
        assertTrue(withIcc.length > plain.length + 3000, "the 3 KB ICC profile is in the meta box");
        long p = Payloads.avifMediaData(plain).orElseThrow();
        assertEquals(p, Payloads.avifMediaData(withIcc).orElseThrow(), "the same AV1 data");
        assertTrue(plain.length - p > 200 && plain.length - p < 600, "ftyp and meta: " + (plain.length - p) + " bytes");
        assertTruncationsAndGarbageAreSafe(withIcc, Payloads::avifMediaData);
    }

    @Test
    void jxlFromCjxl() throws IOException {
        ToolCodecs.require(new JxlRateCodec());
        Path src = dir.resolve("in.ppm");
        ImageFiles.write(rgb, src);
        byte[] bare = run("cjxl", src.toString(), "OUT", "-d", "2", "--num_threads=0", "--quiet");
        byte[] boxed = run("cjxl", src.toString(), "OUT", "-d", "2", "--num_threads=0", "--quiet", "--container=1");
        assertEquals(bare.length, Payloads.jxlCodestream(bare).orElseThrow());
        assertTrue(boxed.length > bare.length, "the container adds boxes");
        assertEquals(bare.length, Payloads.jxlCodestream(boxed).orElseThrow(), "the same codestream in a jxlc box");
        assertTruncationsAndGarbageAreSafe(boxed, Payloads::jxlCodestream);
    }

    @Test
    void handBuiltLayouts() {
        // RIFF with an odd-sized metadata chunk (padded) before the VP8 chunk.
        byte[] webp = cat(ascii("RIFF"), le32(4 + 8 + 3 + 1 + 8 + 6), ascii("WEBP"), ascii("EXIF"), le32(3), new byte[] {1, 2, 3, 0},
                ascii("VP8 "), le32(6), new byte[6]);
        assertEquals(OptionalLong.of(6), Payloads.webpImageChunk(webp));
        byte[] twoImages = cat(webp, ascii("VP8 "), le32(2), new byte[2]);
        twoImages[4] = (byte) (twoImages.length - 8);
        assertEquals(OptionalLong.empty(), Payloads.webpImageChunk(twoImages), "two image chunks");
        // ISO BMFF: ftyp, a 64-bit sized mdat, a size-0 (to end of file) mdat.
        byte[] avif = cat(be32(12), ascii("ftypavif"), be32(1), ascii("mdat"), be64(16 + 5), new byte[5], be32(0), ascii("mdat"), new byte[7]);
        assertEquals(OptionalLong.of(12), Payloads.avifMediaData(avif));
        assertEquals(OptionalLong.empty(), Payloads.avifMediaData(cat(be32(12), ascii("ftypavif"), be32(16), ascii("meta"), new byte[8])), "no mdat");
        assertEquals(OptionalLong.empty(), Payloads.avifMediaData(cat(be32(8), ascii("mdat"), be32(12), ascii("ftypavif"))), "not ftyp first");
        assertEquals(OptionalLong.empty(), Payloads.avifMediaData(cat(be32(12), ascii("ftypavif"), be32(4), ascii("mdat"))), "a box smaller than its header");
        assertEquals(OptionalLong.empty(), Payloads.avifMediaData(cat(be32(12), ascii("ftypavif"), be32(1), ascii("mdat"), be64(-1))), "a 64-bit size beyond any file");
        // JPEG XL container with two jxlp parts (each with a 4-byte index).
        byte[] sig = {0, 0, 0, 0x0C, 'J', 'X', 'L', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};
        byte[] jxl = cat(sig, be32(20), ascii("ftypjxl "), new byte[8], be32(8 + 4 + 3), ascii("jxlp"), new byte[4 + 3], be32(8 + 4 + 9), ascii("jxlp"), new byte[4 + 9]);
        assertEquals(OptionalLong.of(12), Payloads.jxlCodestream(jxl));
        assertEquals(OptionalLong.of(5), Payloads.jxlCodestream(new byte[] {(byte) 0xFF, 0x0A, 1, 2, 3}));
    }

    @Test
    void garbageAndEmptyInputsAreRefused() {
        Random rnd = new Random(11);
        for (int n : new int[] {0, 1, 2, 7, 8, 12, 13, 100, 5000}) {
            byte[] g = new byte[n];
            rnd.nextBytes(g);
            if (n > 0) g[0] = 0x13; // not FF 0A, the bare JPEG XL signature, which any two bytes could be
            assertEquals(OptionalLong.empty(), Payloads.webpImageChunk(g), "webp " + n);
            assertEquals(OptionalLong.empty(), Payloads.avifMediaData(g), "avif " + n);
            assertEquals(OptionalLong.empty(), Payloads.jxlCodestream(g), "jxl " + n);
        }
    }

    /** Every truncation of a real file: no exception, and never a payload beyond the bytes there are. */
    private static void assertTruncationsAndGarbageAreSafe(byte[] file, Function<byte[], OptionalLong> parser) {
        int refused = 0;
        for (int n = 0; n < file.length; n += Math.max(1, n / 50)) {
            OptionalLong p = parser.apply(Arrays.copyOf(file, n));
            if (p.isEmpty()) refused++;
            else assertTrue(p.getAsLong() <= n, "payload " + p.getAsLong() + " of a " + n + "-byte truncation");
        }
        assertTrue(refused > 0, "truncated files are refused");
        assertEquals(OptionalLong.empty(), parser.apply(Arrays.copyOf(file, file.length - 1)), "one byte short");
        byte[] bad = file.clone();
        Random rnd = new Random(3);
        for (int k = 0; k < 2000; k++) { // random corruption: never an exception
            bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt();
            OptionalLong p = parser.apply(bad);
            assertTrue(p.isEmpty() || p.getAsLong() <= bad.length);
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    private static byte[] le32(long v) { return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}; }

    private static byte[] be32(long v) { return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}; }

    private static byte[] be64(long v) { return cat(be32(v >>> 32), be32(v)); }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
