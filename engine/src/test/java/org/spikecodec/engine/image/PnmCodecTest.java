package org.spikecodec.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.InvalidInputException;

class PnmCodecTest {
    @TempDir Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path file(String name, String ascii) throws IOException {
        return file(name, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private InvalidInputException rejected(Path file) {
        InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(InvalidInputException.class, () -> ImageFiles.read(file)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void asciiPgmWithComments() throws IOException {
        // Comments in the header and between samples, a comment ending a token, and assorted whitespace.
        Path p2 = file("a.pgm", "P2\n# made by hand\n3 # width\n2\t15#maxval\n0 1 2\r\n# row 2\n3\f4\u000B15");
        Image image = ImageFiles.read(p2);
        assertEquals(ColorModel.GREY, image.model());
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertArrayEquals(new float[] {0, 17, 34, 51, 68, 255}, image.plane(0));
    }

    @Test
    void asciiPpm() throws IOException {
        Path p3 = file("a.ppm", "P3 # colour\n2 1 255\n255 0 0   0 128 255\n");
        Image image = ImageFiles.read(p3);
        assertEquals(ColorModel.RGB, image.model());
        assertArrayEquals(new float[] {255, 0}, image.plane(0));
        assertArrayEquals(new float[] {0, 128}, image.plane(1));
        assertArrayEquals(new float[] {0, 255}, image.plane(2));
    }

    @Test
    void binaryWithCommentBeforeRaster() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("P5\n#c1\n2 2\n#c2\n255\n".getBytes(StandardCharsets.US_ASCII));
        // Raster bytes that look like whitespace and '#' must be read as samples.
        out.writeBytes(new byte[] {'#', ' ', '\n', (byte) 200});
        Image image = ImageFiles.read(file("c.pgm", out.toByteArray()));
        assertArrayEquals(new float[] {'#', ' ', '\n', 200}, image.plane(0));
    }

    @Test
    void sixteenBitIsScaled() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("P5 4 1 65535\n".getBytes(StandardCharsets.US_ASCII));
        int[] samples = {0, 65535, 257, 32768};
        for (int s : samples) out.writeBytes(new byte[] {(byte) (s >> 8), (byte) s});
        Image image = ImageFiles.read(file("deep.pgm", out.toByteArray()));
        for (int i = 0; i < 4; i++) assertEquals(samples[i] * 255.0 / 65535, image.plane(0)[i], 1e-4);

        // maxval 1000 (two bytes per sample) and maxval 3 (one byte) scale to 0..255 too.
        out.reset();
        out.writeBytes("P6 1 1 1000\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0x03, (byte) 0xE8, 0x01, (byte) 0xF4, 0, 0});
        Image rgb = ImageFiles.read(file("deep.ppm", out.toByteArray()));
        assertEquals(255, rgb.plane(0)[0], 1e-4);
        assertEquals(127.5, rgb.plane(1)[0], 1e-4);
        assertEquals(0, rgb.plane(2)[0]);
        assertArrayEquals(new float[] {0, 85, 170, 255}, ImageFiles.read(file("small.pgm", "P2 4 1 3 0 1 2 3")).plane(0), 1e-4f);
    }

    @Test
    void hostileHeadersFailFastWithoutAllocating() throws IOException {
        // 20-byte files claiming billions of samples: rejected by size checks, not by an OutOfMemoryError.
        rejected(file("huge.pgm", "P5 60000 60000 255\n\0"));
        rejected(file("huge16.ppm", "P6 8000 8000 65535\n"));
        rejected(file("hugeascii.pgm", "P2 8000 8000 255 1 2"));
        InvalidInputException e = rejected(file("side.pgm", "P5 70000 1 255\n"));
        assertTrue(e.getMessage().contains("70000"), e.getMessage());
        e = rejected(file("short.pgm", "P5 8000 8000 255\n0123456789"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        rejected(file("digits.pgm", "P5 99999999999999999999 1 255\n"));
        rejected(file("zero.pgm", "P5 0 5 255\n"));
        rejected(file("zeroh.pgm", "P5 5 0 255\n"));
        rejected(file("negative.pgm", "P5 -3 5 255\n"));
        rejected(file("maxval0.pgm", "P5 1 1 0\n\0"));
        rejected(file("maxval65536.pgm", "P5 1 1 65536\n\0\0"));
        rejected(file("junk.pgm", "P5 2x 1 255\n\0\0"));
        rejected(file("nonumber.pgm", "P5 abc"));
        rejected(file("eof.pgm", "P5 2"));
        rejected(file("over.pgm", "P2 2 1 100 50 101"));
        rejected(file("overbinary.pgm", new byte[] {'P', '5', ' ', '2', ' ', '1', ' ', '1', '0', '0', '\n', 50, (byte) 200}));
        rejected(file("letter.pgm", "P2 2 1 100 50 x1"));
    }

    @Test
    void unsupportedNetpbmVariants() throws IOException {
        for (String magic : new String[] {"P1", "P4", "P7"}) {
            InvalidInputException e = rejected(file("v" + magic, magic + " 1 1\n1"));
            assertTrue(e.getMessage().contains(magic), e.getMessage());
        }
    }

    @Test
    void truncationAtEveryOffsetIsRejected() throws IOException {
        Random random = new Random(1);
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        deep.writeBytes("P5\n# sixteen\n3 2\n65535\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 12; i++) deep.write(random.nextInt(256));
        ByteArrayOutputStream eight = new ByteArrayOutputStream();
        PnmCodec.write(TestImages.random(random, 3, 4, ColorModel.RGB), eight);
        for (byte[] whole : new byte[][] {deep.toByteArray(), eight.toByteArray()}) {
            ImageFiles.read(file("whole", whole)); // the untruncated file is fine
            for (int length = 0; length < whole.length; length++)
                rejected(file("cut" + length, Arrays.copyOf(whole, length)));
        }
        // ASCII: cutting anywhere before the last sample starts loses a sample (within it, a shorter number stays valid).
        String ascii = "P3\n2 2\n255\n1 2 3  4 5 6\n7 8 9 10 11 123";
        ImageFiles.read(file("whole.ppm", ascii));
        for (int length = 0; length < ascii.lastIndexOf(' ') + 1; length++)
            rejected(file("cutascii" + length, ascii.substring(0, length)));
    }

    @Test
    void writesBinaryHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PnmCodec.write(new Image(2, 1, ColorModel.GREY, new float[][] {{1, 254}}), out);
        assertArrayEquals(new byte[] {'P', '5', '\n', '2', ' ', '1', '\n', '2', '5', '5', '\n', 1, (byte) 254}, out.toByteArray());
    }
}
