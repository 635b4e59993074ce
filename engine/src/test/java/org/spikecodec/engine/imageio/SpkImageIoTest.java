package org.spikecodec.engine.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.codec.TestImages;
import org.spikecodec.engine.container.SpkContainer;

/** The plugin as any Java program meets it: through {@code javax.imageio} alone, found by the service loader. */
class SpkImageIoTest {
    static BufferedImage grey;   // 128x128 crop of camera.png, TYPE_BYTE_GRAY
    static BufferedImage colour; // 128x96 crop of astronaut.png, RGB

    @TempDir Path dir;

    @BeforeAll
    static void photos() throws IOException {
        grey = ImageIO.read(TestImages.photo("camera.png").toFile()).getSubimage(192, 96, 128, 128);
        colour = ImageIO.read(TestImages.photo("astronaut.png").toFile()).getSubimage(160, 40, 128, 96);
    }

    @Test
    void registeredByNameSuffixAndMimeType() {
        assertTrue(ImageIO.getImageReadersByFormatName("spk").hasNext());
        assertTrue(ImageIO.getImageWritersByFormatName("spk").hasNext());
        assertTrue(ImageIO.getImageReadersBySuffix("spk").hasNext());
        assertTrue(ImageIO.getImageWritersBySuffix("spk").hasNext());
        assertTrue(ImageIO.getImageReadersByMIMEType(SpkImageReaderSpi.MIME_TYPE).hasNext());
        assertTrue(Arrays.asList(ImageIO.getReaderFormatNames()).contains("spk"));
    }

    @Test
    void greyRoundTripWithTheDefaults() throws IOException {
        File f = dir.resolve("grey.spk").toFile();
        assertTrue(ImageIO.write(grey, "spk", f));
        BufferedImage back = ImageIO.read(f);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, back.getType());
        assertEquals(128, back.getWidth());
        assertEquals(128, back.getHeight());
        double psnr = psnr(grey, back);
        assertTrue(psnr > 30, "PSNR " + psnr + " dB at " + bpp(f, grey) + " bpp");
    }

    @Test
    void colourAtATargetRate() throws IOException {
        for (double target : new double[] {0.5, 2.0}) {
            File f = dir.resolve("colour-" + target + ".spk").toFile();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("spk").next();
            SpkImageWriteParam param = (SpkImageWriteParam) writer.getDefaultWriteParam();
            param.setTargetBitsPerPixel(target);
            write(writer, colour, param, f);
            assertEquals(target, bpp(f, colour), 0.01 * target, "file rate at a target of " + target);
            BufferedImage back = ImageIO.read(f);
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, back.getType());
            double psnr = psnr(colour, back);
            assertTrue(psnr > (target < 1 ? 22 : 28), "PSNR " + psnr + " dB at " + target + " bpp");
        }
    }

    @Test
    void compressionQualityMapsToTheDocumentedRate() throws IOException {
        File f = dir.resolve("q.spk").toFile();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("spk").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.5f); // 0.02 * 100^0.5 = 0.2 bpp
        write(writer, grey, param, f);
        assertEquals(0.2, bpp(f, grey), 0.002);
    }

    @Test
    void readerLeavesForeignStreamsAlone() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", png);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png.toByteArray()))) {
            for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); )
                assertFalse(it.next() instanceof SpkImageReader, "a PNG stream claimed by the .spk reader");
            assertEquals(0, in.getStreamPosition(), "the magic check consumed the stream");
        }
        byte[] spk = encode(grey);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(spk))) {
            assertTrue(ImageIO.getImageReaders(in).next() instanceof SpkImageReader);
            assertEquals(0, in.getStreamPosition());
        }
        assertNull(ImageIO.read(new ByteArrayInputStream("SPK but not quite".getBytes())), "no reader claims it");
    }

    @Test
    void corruptOrTruncatedFilesAreIioExceptions() throws IOException {
        byte[] spk = encode(colour);
        byte[] flipped = spk.clone();
        flipped[spk.length - 20] ^= 0x04;
        assertReadFails(flipped, "CRC-32 mismatch");
        assertReadFails(Arrays.copyOf(spk, spk.length - 7), "truncated");
        assertReadFails(Arrays.copyOf(spk, 9), "truncated");
        byte[] nextVersion = spk.clone();
        nextVersion[4] = (byte) (SpkContainer.VERSION + 1);
        assertReadFails(nextVersion, "version " + (SpkContainer.VERSION + 1) + " is not supported");
        byte[] trailing = Arrays.copyOf(spk, spk.length + 3);
        assertReadFails(trailing, "after the last section");
    }

    private void assertReadFails(byte[] data, String expected) throws IOException {
        Path f = dir.resolve("bad.spk");
        Files.write(f, data);
        IIOException e = assertThrows(IIOException.class, () -> ImageIO.read(f.toFile()));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "spk", out));
        return out.toByteArray();
    }

    private static void write(ImageWriter writer, BufferedImage image, ImageWriteParam param, File f) throws IOException {
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static double bpp(File f, BufferedImage image) { return f.length() * 8.0 / ((long) image.getWidth() * image.getHeight()); }

    /** PSNR over every band of the two rasters (8-bit samples, same band order). */
    private static double psnr(BufferedImage a, BufferedImage b) {
        Raster ra = a.getRaster(), rb = b.getRaster();
        assertEquals(ra.getNumBands(), rb.getNumBands());
        double se = 0;
        long n = 0;
        for (int band = 0; band < ra.getNumBands(); band++)
            for (int y = 0; y < a.getHeight(); y++)
                for (int x = 0; x < a.getWidth(); x++) {
                    double d = ra.getSample(x, y, band) - rb.getSample(x, y, band);
                    se += d * d;
                    n++;
                }
        return 10 * Math.log10(255.0 * 255.0 / (se / n));
    }
}
