package org.spikecodec.evaluator.codecs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;

/** WebP, AVIF and JPEG XL through their real tools on real photos, and what happens when a tool misbehaves. */
class ExternalRateCodecsTest {
    /**
     * How far from the target payload each codec may land. JPEG XL's distance is continuous (the search stops
     * within 1%); WebP's quality is searched in steps of 0.1 but its quantizers move in steps of about 1.5% of
     * the size; AVIF's integer quantizer moves the size by 5 to 8% a step, so the closest can be 4% away.
     */
    static final Map<String, Double> TOLERANCE = Map.of("webp", 0.03, "avif", 0.06, "jxl", 0.02);

    static Image grey, rgb;

    @BeforeAll static void load() throws IOException {
        grey = crop(ImageFiles.read(Path.of("..", "data", "photos", "camera.png")), 192, 160);
        rgb = crop(ImageFiles.read(Path.of("..", "data", "photos", "astronaut.png")), 160, 192);
    }

    /** A w x h window from the middle of {@code img}, every plane. */
    static Image crop(Image img, int w, int h) {
        int x0 = (img.width() - w) / 2, y0 = (img.height() - h) / 2;
        float[][] planes = new float[img.channels()][w * h];
        for (int c = 0; c < img.channels(); c++)
            for (int y = 0; y < h; y++) System.arraycopy(img.plane(c), (y + y0) * img.width() + x0, planes[c], y * w, w);
        return new Image(w, h, img.model(), planes);
    }

    @Test
    void everyCodecHitsTheTargetPayloadAndImprovesWithRate() throws IOException {
        for (ExternalRateCodec codec : ToolCodecs.all()) {
            ToolCodecs.require(codec);
            for (Image image : List.of(grey, rgb)) {
                String what = codec.name() + " on " + image;
                double lastPsnr = 0;
                try (RateCodec.Session s = codec.open(image)) {
                    for (double bpp : new double[] {0.5, 1, 2}) { // JPEG XL's largest distance gives 0.26 bpp on this crop
                        RateCodec.Compressed c = s.compress(bpp);
                        assertEquals(bpp, c.payloadBpp(), bpp * TOLERANCE.get(codec.name()), what + " at " + bpp + " bpp (" + c.setting() + ")");
                        Image d = c.decoded();
                        assertEquals(image.model(), d.model(), what);
                        assertEquals(image.width(), d.width(), what);
                        assertEquals(image.height(), d.height(), what);
                        if (codec instanceof JxlRateCodec) assertEquals(c.fileBytes(), c.payloadBytes(), what + ": a bare codestream is all payload");
                        else assertTrue(c.payloadBytes() < c.fileBytes(), what + ": the container is not payload");
                        double psnr = Psnr.of(image, d);
                        assertTrue(psnr > lastPsnr + 1, what + ": PSNR " + psnr + " at " + bpp + " bpp after " + lastPsnr);
                        lastPsnr = psnr;
                    }
                    assertTrue(s.encodings() > 0, what);
                }
            }
        }
    }

    @Test
    void greyComesBackGreyAndCloseToTheOriginal() throws IOException {
        for (ExternalRateCodec codec : ToolCodecs.all()) {
            ToolCodecs.require(codec);
            try (RateCodec.Session s = codec.open(grey)) {
                RateCodec.Compressed c = s.compress(3);
                assertEquals(ColorModel.GREY, c.decoded().model(), codec.name());
                assertTrue(Psnr.of(grey, c.decoded()) > 40, codec.name() + " at 3 bpp: " + Psnr.of(grey, c.decoded()) + " dB");
            }
        }
    }

    @Test
    void anRgbDecodingOfAGreyOriginalIsItsLuma() throws IOException {
        Image g = new Image(2, 1, ColorModel.GREY, new float[][] {{10, 200}});
        Image decoded = new Image(2, 1, ColorModel.RGB, new float[][] {{10, 210}, {10, 200}, {11, 180}});
        Image back = ExternalRateCodec.asOriginal(decoded, g, "test");
        assertEquals(ColorModel.GREY, back.model());
        assertArrayEquals(new float[] {10, Math.round(0.299 * 210 + 0.587 * 200 + 0.114 * 180)}, back.plane(0));
        assertThrows(IOException.class, () -> ExternalRateCodec.asOriginal(new Image(1, 1, ColorModel.GREY, new float[][] {{0}}), g, "test"));
        assertThrows(IOException.class, () -> ExternalRateCodec.asOriginal(g, decoded, "test"));
    }

    @Test
    void theSessionDeletesItsTemporaryFiles() throws IOException {
        ExternalRateCodec codec = new WebpRateCodec();
        ToolCodecs.require(codec);
        Path folder;
        try (RateCodec.Session s = codec.open(grey)) {
            s.compress(1);
            folder = ((ExternalRateCodec.ToolSession) s).folder();
            assertTrue(Files.isRegularFile(folder.resolve("in.pgm")), "the source is written once, as PGM for cwebp");
        }
        assertFalse(Files.exists(folder), folder + " left behind");
    }

    @Test
    void missingToolsAreOneClearMessage() {
        for (ExternalRateCodec codec : List.of(new WebpRateCodec("", Duration.ofSeconds(5)), new AvifRateCodec("", Duration.ofSeconds(5)),
                new JxlRateCodec("", Duration.ofSeconds(5)))) {
            String why = codec.missing().orElseThrow();
            IOException e = assertThrows(IOException.class, () -> codec.open(grey));
            assertEquals(why, e.getMessage());
            assertTrue(why.contains(codec.encoder()) && why.contains(codec.decoder()) && why.contains("apt-get install " + codec.debianPackage()), why);
        }
        assertEquals("webp", new WebpRateCodec().debianPackage());
        assertEquals("libavif-bin", new AvifRateCodec().debianPackage());
        assertEquals("libjxl-tools", new JxlRateCodec().debianPackage());
    }

    /** Fake cwebp and dwebp (shell scripts) in {@code dir}: a codec that finds them there runs them. */
    private static WebpRateCodec fakeWebp(Path dir, String cwebp, String dwebp, Duration timeout) throws IOException {
        script(dir.resolve("cwebp"), cwebp);
        script(dir.resolve("dwebp"), dwebp);
        return new WebpRateCodec(dir.toString(), timeout);
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The argument after {@code -o}, in a fake tool. */
    private static final String OUT = "while [ \"$1\" != -o ]; do shift; done; out=$2";

    @Test
    void aFailingEncoderIsAnIOExceptionWithItsMessage(@TempDir Path dir) throws IOException {
        WebpRateCodec codec = fakeWebp(dir, "echo 'Error! cannot read the input' >&2; exit 3", "exit 0", Duration.ofSeconds(20));
        try (RateCodec.Session s = codec.open(grey)) {
            IOException e = assertThrows(IOException.class, () -> s.compress(1));
            assertTrue(e.getMessage().contains("cwebp failed (exit 3): Error! cannot read the input"), e.getMessage());
        }
    }

    @Test
    void anEncoderThatWritesNothingIsAnIOException(@TempDir Path dir) throws IOException {
        WebpRateCodec codec = fakeWebp(dir, "exit 0", "exit 0", Duration.ofSeconds(20));
        try (RateCodec.Session s = codec.open(grey)) {
            IOException e = assertThrows(IOException.class, () -> s.compress(1));
            assertTrue(e.getMessage().contains("wrote no out.webp"), e.getMessage());
        }
    }

    @Test
    void aHangingToolIsKilledAtTheTimeLimit(@TempDir Path dir) throws IOException {
        WebpRateCodec codec = fakeWebp(dir, "sleep 60", "exit 0", Duration.ofMillis(500));
        try (RateCodec.Session s = codec.open(grey)) {
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> s.compress(1));
            double seconds = (System.nanoTime() - t0) / 1e9;
            // The limit given, plus a minute per megapixel of the image (ExternalTool.forImage).
            double limit = (500 + 60_000 * grey.pixels() / 1e6) / 1000;
            assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "cwebp did not finish within %.1f s", limit)), e.getMessage());
            assertTrue(seconds < 10, "killed after " + seconds + " s");
        }
    }

    /** A fake cwebp whose "file" is {@code 10 q + 5} bytes of garbage: no RIFF structure, a size that grows with -q. */
    private static final String GARBAGE_ENCODER = "q=$3; " + OUT + "; head -c $(( ${q%.*} * 10 + 5 )) /dev/zero | tr '\\0' x > \"$out\"";

    @Test
    void anUnparsableFileCountsWhole(@TempDir Path dir) throws IOException {
        // A "decoder" that returns a valid grey image of the right size, so the compression completes.
        WebpRateCodec codec = fakeWebp(dir, GARBAGE_ENCODER,
                OUT + "; printf 'P5\\n192 160\\n255\\n' > \"$out\"; head -c 30720 /dev/zero >> \"$out\"", Duration.ofSeconds(20));
        try (RateCodec.Session s = codec.open(grey)) {
            RateCodec.Compressed c = s.compress(498 * 8.0 / grey.pixels());
            assertEquals(c.fileBytes(), c.payloadBytes(), "no VP8 chunk found: the whole file is payload");
            assertEquals(495, c.payloadBytes(), c.setting()); // 10 q + 5 for whole q: 495 is the closest to 498
            assertEquals(ColorModel.GREY, c.decoded().model());
        }
    }

    @Test
    void aCorruptDecodingIsAnIOException(@TempDir Path dir) throws IOException {
        WebpRateCodec codec = fakeWebp(dir, GARBAGE_ENCODER, OUT + "; printf 'P6\\n2 2\\n255\\nxx' > \"$out\"", Duration.ofSeconds(20));
        try (RateCodec.Session s = codec.open(grey)) {
            IOException e = assertThrows(IOException.class, () -> s.compress(1));
            assertTrue(e.getMessage().contains("webp decoded at q="), e.getMessage());
        }
    }

    @Test
    void aDecodingOfTheWrongSizeIsRefused(@TempDir Path dir) throws IOException {
        ExternalRateCodec real = new WebpRateCodec();
        ToolCodecs.require(real);
        // A real encoder, and a "decoder" that returns a valid 2x2 PPM whatever it is given.
        Path cwebp = Path.of(ExternalTool.find("cwebp", ExternalRateCodec.systemPath(), Duration.ofSeconds(20)).orElseThrow().executable().toString());
        WebpRateCodec codec = fakeWebp(dir, "exec " + cwebp + " \"$@\"",
                OUT + "; printf 'P6\\n2 2\\n255\\n012345678901' > \"$out\"", Duration.ofSeconds(20));
        try (RateCodec.Session s = codec.open(grey)) {
            IOException e = assertThrows(IOException.class, () -> s.compress(1));
            assertTrue(e.getMessage().contains("decoded a 2x2 image from a 192x160 original"), e.getMessage());
        }
    }
}
