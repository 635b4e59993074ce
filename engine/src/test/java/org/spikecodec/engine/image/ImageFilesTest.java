package org.spikecodec.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.InvalidInputException;

class ImageFilesTest {
    @TempDir Path dir;

    private static final int[][] SIZES = {{1, 1}, {1, 9}, {13, 1}, {7, 5}, {64, 33}, {31, 47}};

    @Test
    void roundTripsExactly() throws IOException {
        Random random = new Random(1);
        for (int[] size : SIZES) {
            for (ColorModel model : new ColorModel[] {ColorModel.GREY, ColorModel.RGB}) {
                Image image = TestImages.random(random, size[0], size[1], model);
                for (String ext : model == ColorModel.GREY ? List.of("png", "pgm", "pnm") : List.of("png", "ppm", "pnm")) {
                    Path file = dir.resolve("img_" + size[0] + "x" + size[1] + "_" + model + "." + ext);
                    ImageFiles.write(image, file);
                    assertEquals(image, ImageFiles.read(file), file.toString());
                }
            }
        }
    }

    @Test
    void writingRoundsAndClamps() throws IOException {
        Image image = new Image(5, 1, ColorModel.GREY, new float[][] {{-3.2f, 300, 12.5f, 12.49f, Float.NaN}});
        Image expected = new Image(5, 1, ColorModel.GREY, new float[][] {{0, 255, 13, 12, 0}});
        for (String ext : List.of("png", "pgm")) {
            Path file = dir.resolve("clamp." + ext);
            ImageFiles.write(image, file);
            assertEquals(expected, ImageFiles.read(file));
        }
    }

    @Test
    void ycbcrIsWrittenAsRgb() throws IOException {
        Image rgb = TestImages.random(new Random(2), 9, 6, ColorModel.RGB);
        for (String ext : List.of("png", "ppm")) {
            Path file = dir.resolve("ycc." + ext);
            ImageFiles.write(ColorTransform.toYcbcr(rgb), file);
            assertEquals(rgb, ImageFiles.read(file));
        }
    }

    @Test
    void greyToPpmRepeatsTheChannel() throws IOException {
        Image grey = TestImages.random(new Random(3), 4, 3, ColorModel.GREY);
        Path file = dir.resolve("grey.ppm");
        ImageFiles.write(grey, file);
        assertTrue(new String(Files.readAllBytes(file), 0, 2).equals("P6"));
        Image read = ImageFiles.read(file);
        assertEquals(ColorModel.RGB, read.model());
        for (int c = 0; c < 3; c++) assertArrayEquals(grey.plane(0), read.plane(c));
    }

    @Test
    void badExtensionsAreRejected() {
        Image rgb = Image.blank(2, 2, ColorModel.RGB);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(rgb, dir.resolve("x.jpg")));
        assertTrue(e.getMessage().contains(".png") && e.getMessage().contains(".pgm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(rgb, dir.resolve("noextension")));
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(rgb, dir.resolve("colour.pgm")));
        assertEquals(0, dir.toFile().list().length, "nothing may be left behind");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("out.png");
        ImageFiles.write(TestImages.random(new Random(4), 8, 8, ColorModel.GREY), file);
        Image second = TestImages.random(new Random(5), 3, 2, ColorModel.RGB);
        ImageFiles.write(second, file);
        assertEquals(second, ImageFiles.read(file));
        assertArrayEquals(new String[] {"out.png"}, dir.toFile().list());
        // A folder that does not exist: IOException, and nothing created.
        assertThrows(IOException.class, () -> ImageFiles.write(second, dir.resolve("missing/out.png")));
        assertArrayEquals(new String[] {"out.png"}, dir.toFile().list());
    }

    @Test
    void formatComesFromContentNotName() throws IOException {
        Image image = TestImages.random(new Random(6), 5, 4, ColorModel.RGB);
        Path png = dir.resolve("really_png.ppm.png"), ppm = dir.resolve("really_ppm.ppm");
        ImageFiles.write(image, png);
        ImageFiles.write(image, ppm);
        Path pngNamedPpm = Files.move(png, dir.resolve("png_named.ppm")), ppmNamedJpg = Files.move(ppm, dir.resolve("ppm_named.jpg"));
        assertEquals(image, ImageFiles.read(pngNamedPpm));
        assertEquals(image, ImageFiles.read(ppmNamedJpg));
    }

    @Test
    void rgbaAndGreyAlphaPngDropAlpha() throws IOException {
        Random random = new Random(7);
        Image rgb = TestImages.random(random, 6, 5, ColorModel.RGB);
        BufferedImage rgba = new BufferedImage(6, 5, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++) {
                int i = y * 6 + x;
                rgba.setRGB(x, y, (random.nextInt(256) << 24) | ((int) rgb.plane(0)[i] << 16) | ((int) rgb.plane(1)[i] << 8) | (int) rgb.plane(2)[i]);
            }
        Path file = dir.resolve("rgba.png");
        assertTrue(ImageIO.write(rgba, "png", file.toFile()));
        assertEquals(rgb, ImageFiles.read(file));

        // Grey + alpha, built through a 2-band raster since BufferedImage has no such predefined type.
        Image grey = TestImages.random(random, 4, 3, ColorModel.GREY);
        var cm = new java.awt.image.ComponentColorModel(java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY),
                true, false, java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
        var raster = cm.createCompatibleWritableRaster(4, 3);
        for (int i = 0; i < 12; i++) {
            raster.setSample(i % 4, i / 4, 0, (int) grey.plane(0)[i]);
            raster.setSample(i % 4, i / 4, 1, 7 * i);
        }
        Path greyAlpha = dir.resolve("grey_alpha.png");
        assertTrue(ImageIO.write(new BufferedImage(cm, raster, false, null), "png", greyAlpha.toFile()));
        assertEquals(grey, ImageFiles.read(greyAlpha));
    }

    @Test
    void palettePngsExpandToRgbOrGrey() throws IOException {
        byte[] r = {0, (byte) 255, 10, 20}, g = {0, 0, (byte) 200, 20}, b = {0, 0, 30, (byte) 220};
        BufferedImage colour = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        int[] indices = {0, 1, 2, 3, 2, 1};
        colour.getRaster().setPixels(0, 0, 3, 2, indices);
        Path file = dir.resolve("palette.png");
        assertTrue(ImageIO.write(colour, "png", file.toFile()));
        Image read = ImageFiles.read(file);
        assertEquals(ColorModel.RGB, read.model());
        for (int i = 0; i < 6; i++) {
            assertEquals(r[indices[i]] & 0xFF, read.plane(0)[i]);
            assertEquals(g[indices[i]] & 0xFF, read.plane(1)[i]);
            assertEquals(b[indices[i]] & 0xFF, read.plane(2)[i]);
        }

        byte[] levels = {0, 90, (byte) 180, (byte) 255};
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, levels, levels, levels));
        grey.getRaster().setPixels(0, 0, 3, 2, indices);
        Path greyFile = dir.resolve("palette_grey.png");
        assertTrue(ImageIO.write(grey, "png", greyFile.toFile()));
        Image greyRead = ImageFiles.read(greyFile);
        assertEquals(ColorModel.GREY, greyRead.model());
        for (int i = 0; i < 6; i++) assertEquals(levels[indices[i]] & 0xFF, greyRead.plane(0)[i]);
    }

    @Test
    void sixteenBitPngAndTiffAreScaled() throws IOException {
        int[] samples = {0, 65535, 257, 32768, 1000, 65280};
        BufferedImage deep = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setPixels(0, 0, 3, 2, samples);
        for (String format : List.of("png", "tiff")) {
            Path file = dir.resolve("deep." + format);
            assertTrue(ImageIO.write(deep, format, file.toFile()), format);
            Image read = ImageFiles.read(file);
            assertEquals(ColorModel.GREY, read.model());
            for (int i = 0; i < samples.length; i++) assertEquals(samples[i] * 255.0 / 65535, read.plane(0)[i], 1e-3, format);
        }
    }

    @Test
    void tiffBmpAndGifWrittenByImageIoReadBackExactly() throws IOException {
        Random random = new Random(8);
        Image rgb = TestImages.random(random, 17, 9, ColorModel.RGB);
        Image grey = TestImages.random(random, 17, 9, ColorModel.GREY);
        for (String format : List.of("tiff", "bmp")) {
            Path file = dir.resolve("rgb." + format);
            assertTrue(ImageIO.write(toBufferedImage(rgb), format, file.toFile()), format);
            assertEquals(rgb, ImageFiles.read(file), format);
            Path greyFile = dir.resolve("grey." + format);
            assertTrue(ImageIO.write(toBufferedImage(grey), format, greyFile.toFile()), format);
            assertEquals(grey, ImageFiles.read(greyFile), format);
        }
        // GIF: 8-bit grey is written with a grey palette, which reads back as grey.
        Path gif = dir.resolve("grey.gif");
        assertTrue(ImageIO.write(toBufferedImage(grey), "gif", gif.toFile()));
        assertEquals(grey, ImageFiles.read(gif));
    }

    @Test
    void jpegReadsBackApproximately() throws IOException {
        Image smooth = TestImages.smooth(40, 32, 9);
        Image rgb = new Image(40, 32, ColorModel.RGB, new float[][] {smooth.plane(0), smooth.plane(0).clone(), smooth.plane(0).clone()});
        for (int i = 0; i < rgb.plane(1).length; i++) rgb.plane(1)[i] = 255 - rgb.plane(1)[i];
        for (Image image : List.of(smooth, rgb)) {
            Path file = dir.resolve("photo_" + image.model() + ".jpg");
            assertTrue(ImageIO.write(toBufferedImage(image), "jpeg", file.toFile()));
            Image read = ImageFiles.read(file);
            assertEquals(image.model(), read.model());
            double error = 0;
            for (int c = 0; c < image.channels(); c++)
                for (int i = 0; i < image.plane(c).length; i++) error += Math.abs(read.plane(c)[i] - image.plane(c)[i]);
            error /= image.pixels() * image.channels();
            assertTrue(error < 12, "mean absolute JPEG error " + error);
        }
    }

    @Test
    void realPhoto() throws Exception {
        Path camera = Path.of(getClass().getResource("camera.png").toURI());
        Image image = ImageFiles.read(camera);
        assertEquals(512, image.width());
        assertEquals(512, image.height());
        assertEquals(ColorModel.GREY, image.model());
        // Reference values from an independent decode (zlib + PNG unfiltering in Python).
        double sum = 0;
        for (float v : image.plane(0)) sum += v;
        assertEquals(33832495, sum, 0);
        assertEquals(200, image.plane(0)[0]);
        assertEquals(54, image.plane(0)[100 * 512 + 200]);
        assertEquals(20, image.plane(0)[256 * 512 + 17]);
        assertEquals(149, image.plane(0)[511 * 512 + 511]);
        Path pgm = dir.resolve("camera.pgm");
        ImageFiles.write(image, pgm);
        assertEquals(image, ImageFiles.read(pgm));
    }

    @Test
    void missingEmptyAndNonFilesAreInvalidInput() throws IOException {
        Path missing = dir.resolve("nope.png");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageFiles.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ImageFiles.read(dir));
        Path empty = Files.createFile(dir.resolve("empty.png"));
        e = assertThrows(InvalidInputException.class, () -> ImageFiles.read(empty));
        assertTrue(e.getMessage().contains("empty.png"), e.getMessage());
    }

    @Test
    void unsupportedFormatsNameTheFile() throws IOException {
        Path wbmp = dir.resolve("image.wbmp");
        BufferedImage bilevel = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
        assertTrue(ImageIO.write(bilevel, "wbmp", wbmp.toFile()));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageFiles.read(wbmp));
        assertTrue(e.getMessage().contains("image.wbmp") && e.getMessage().contains("PNG"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.png"), "just some text\n");
        assertThrows(InvalidInputException.class, () -> ImageFiles.read(text));
    }

    @Test
    void hugePngHeaderIsRejectedBeforeDecoding() throws IOException {
        for (int[] size : new int[][] {{100_000, 100_000}, {10_000, 10_000}, {70_000, 1}}) {
            Path file = dir.resolve("huge_" + size[0] + "x" + size[1] + ".png");
            Files.write(file, pngHeaderOnly(size[0], size[1]));
            InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThrows(InvalidInputException.class, () -> ImageFiles.read(file)));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void truncatedAndCorruptImageIoFilesAreInvalidInput() throws IOException {
        BufferedImage image = toBufferedImage(TestImages.random(new Random(10), 20, 20, ColorModel.RGB));
        Path png = dir.resolve("full.png");
        assertTrue(ImageIO.write(image, "png", png.toFile()));
        byte[] bytes = Files.readAllBytes(png);
        Path truncated = dir.resolve("truncated.png");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(InvalidInputException.class, () -> ImageFiles.read(truncated));
    }

    @Test
    void randomGarbageIsInvalidInput() throws IOException {
        Random random = new Random(11);
        byte[][] magics = {{}, {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                {'B', 'M'}, {'I', 'I', 42, 0}, {'M', 'M', 0, 42}, {'G', 'I', 'F', '8', '9', 'a'}, {'P', '5'}, {'P', '6'}, {'P', '2'},
                {'P', '3', ' '}, {'P', '6', '\n', '3', ' ', '3', '\n', '2', '5', '5', '\n'}};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int trial = 0; trial < 600; trial++) {
                byte[] magic = magics[trial % magics.length];
                byte[] bytes = new byte[magic.length + random.nextInt(trial < 300 ? 64 : 4000)];
                random.nextBytes(bytes);
                System.arraycopy(magic, 0, bytes, 0, magic.length);
                if (magic.length == 0 && bytes.length > 0 && bytes[0] == 'P') bytes[0] = 'Q'; // keep it magic-free
                Path file = dir.resolve("garbage" + trial);
                Files.write(file, bytes);
                try {
                    Image image = ImageFiles.read(file);
                    // A magic number plus random bytes may happen to be a valid tiny image; pure garbage may not.
                    assertTrue(magic.length > 0, "garbage without a magic number decoded as " + image);
                } catch (InvalidInputException expected) {
                    assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
                }
            }
        });
    }

    static BufferedImage toBufferedImage(Image image) {
        boolean grey = image.model() == ColorModel.GREY;
        BufferedImage bi = new BufferedImage(image.width(), image.height(), grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        for (int c = 0; c < image.channels(); c++)
            for (int i = 0; i < image.pixels(); i++)
                bi.getRaster().setSample(i % image.width(), i / image.width(), c, PnmCodec.to8bit(image.plane(c)[i]));
        return bi;
    }

    /** A PNG signature and a valid IHDR chunk for an 8-bit RGB image, and nothing else. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
