package org.spikecodec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.codec.TestImages;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The facade on the real cpu backend: the same bytes as the pipeline it wraps, rates, images in and out, sharing. */
class SpikeCodecTest {
    static Image grey;   // 128x96 crop of camera.png
    static Image colour; // 96x64 crop of astronaut.png
    static SpikeCodec codec;

    @BeforeAll static void setUp() throws Exception {
        grey = TestImages.crop(TestImages.read("camera.png"), 128, 96);
        colour = TestImages.crop(TestImages.read("astronaut.png"), 96, 64);
        codec = SpikeCodec.open("cpu");
    }

    @AfterAll static void tearDown() { codec.close(); }

    @Test
    void fixedParametersGiveThePipelinesBytes() {
        CodecSettings s = CodecSettings.defaults().withLif(LifParameters.defaults().withThreshold(0.4));
        try (CpuBackend b = new CpuBackend(); SpikeCodec c = SpikeCodec.sharing(b, s)) {
            SpikeCodec.Encoding e = c.encode(colour);
            assertArrayEquals(new SpikeEncoder(b).encode(colour, s).file(), e.file());
            assertEquals(1, e.encodings());
            assertTrue(Double.isNaN(e.targetBpp()));
            assertEquals(s.lif(), e.lif());
            assertEquals(e.file().length, e.bytes());
            assertEquals(e.bytes() * 8.0 / colour.pixels(), e.bpp(), 1e-12);
        }
    }

    @Test
    void targetRateIsMetWithinTheAim() {
        for (double target : new double[] {0.3, 1.5}) {
            SpikeCodec.Encoding e = codec.encodeToBpp(grey, target);
            assertEquals(target, e.bpp(), RateController.AIM * target, "at " + target);
            assertTrue(e.encodings() >= 1);
            assertEquals(target, e.targetBpp());
            assertNotEquals(LifParameters.DEFAULT_THRESHOLD, e.lif().threshold(), "theta was searched");
            // The parameters reported are the file's: encoding with them gives the same bytes.
            try (SpikeCodec fixed = codec.withSettings(codec.settings().withLif(e.lif()))) {
                assertArrayEquals(e.file(), fixed.encode(grey).file());
            }
        }
    }

    @Test
    void decodesToPlanesAndBufferedImages() throws Exception {
        SpikeCodec.Encoding e = codec.encodeToBpp(colour, 2.0);
        SpikeCodec.Decoding d = codec.decode(e.file());
        assertEquals(ColorModel.RGB, d.image().model());
        assertEquals(e.header(), d.header());
        assertEquals(e.bytes(), d.bytes());
        double psnr = d.psnr(colour);
        assertTrue(psnr > 28 && psnr < 60, "PSNR " + psnr + " dB at 2 bpp");
        BufferedImage bi = d.toBufferedImage();
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, bi.getType());
        assertEquals(d.image().quantized8(), BufferedImages.toImage(bi));

        BufferedImage greyIn = BufferedImages.toBufferedImage(grey);
        SpikeCodec.Decoding g = codec.decode(codec.encodeToBpp(greyIn, 1.0).file());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, g.toBufferedImage().getType());
        assertEquals(ColorModel.GREY, g.image().model());
    }

    @Test
    void corruptFilesAreInvalidInput() {
        byte[] file = codec.encode(grey).file().clone();
        file[file.length / 2] ^= 0x10;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> codec.decode(file));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        byte[] expected = codec.encodeToBpp(colour, 0.8).file();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) runs.add(pool.submit(() -> codec.encodeToBpp(colour, 0.8).file()));
            for (Future<byte[]> f : runs) assertArrayEquals(expected, f.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingASharingCodecLeavesTheBackendOpen() {
        try (CpuBackend b = new CpuBackend(2)) {
            SpikeCodec first = SpikeCodec.sharing(b, CodecSettings.defaults());
            byte[] before = first.encode(grey).file();
            first.close();
            assertThrows(IllegalStateException.class, () -> first.encode(grey));
            try (SpikeCodec second = SpikeCodec.sharing(b, CodecSettings.defaults())) {
                assertArrayEquals(before, second.encode(grey).file());
            }
        }
    }

    @Test
    void unknownBackendIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpikeCodec.open("cuda"));
        assertTrue(e.getMessage().contains("unknown backend"), e.getMessage());
    }
}
