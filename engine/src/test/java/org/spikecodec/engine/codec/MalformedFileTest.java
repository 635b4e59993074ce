package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/** Truncated, corrupted and hostile files: a clear InvalidInputException, never a crash, a hang or a huge allocation. */
class MalformedFileTest {
    static CpuBackend backend;
    static SpikeDecoder decoder;
    static byte[] grey, colour;

    @BeforeAll static void encode() throws Exception {
        backend = new CpuBackend();
        decoder = new SpikeDecoder(backend);
        SpikeEncoder enc = new SpikeEncoder(backend);
        grey = enc.encode(TestImages.crop(TestImages.read("camera.png"), 48, 40), CodecSettings.defaults().withLif(LifParameters.defaults().withThreshold(2))).file();
        colour = enc.encode(TestImages.crop(TestImages.read("astronaut.png"), 33, 29),
                new CodecSettings(new TransformSpec.Dwt(3), LifParameters.defaults().withThreshold(2), Reconstruction.CENTROID, 0.7)).file();
    }

    @AfterAll static void close() { backend.close(); }

    @Test
    void everyTruncationIsRejected() {
        for (byte[] file : List.of(grey, colour)) {
            decodeOk(file);
            for (int len = 0; len < file.length; len++) {
                byte[] cut = Arrays.copyOf(file, len);
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(cut), "truncated at " + len);
                assertNotNull(e.getMessage());
            }
        }
    }

    @Test
    void randomCorruptionIsDetectedOrHarmless() {
        SplittableRandom rnd = new SplittableRandom(1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int rejected = 0, trials = 3000;
            for (int t = 0; t < trials; t++) {
                byte[] f = (t % 2 == 0 ? grey : colour).clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) f[rnd.nextInt(f.length)] ^= (byte) (1 + rnd.nextInt(255));
                try {
                    decoder.decode(f);
                } catch (InvalidInputException e) {
                    rejected++;
                }
            }
            // CRC-32 over every section plus the magic and version checks: nothing slips through.
            assertEquals(trials, rejected);
        });
    }

    /** Corrupt payloads behind valid CRCs (an attacker can recompute them): the decoders themselves must cope. */
    @Test
    void garbagePayloadsWithValidCrcsNeverHangOrCrash() {
        SplittableRandom rnd = new SplittableRandom(2);
        SpkContainer.Parsed ok = parse(grey);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int t = 0; t < 500; t++) {
                byte[] payload = new byte[rnd.nextInt(1, 2 * ok.channelPayloads().get(0).length)];
                for (int i = 0; i < payload.length; i++) payload[i] = (byte) rnd.nextInt(256);
                if (t % 5 == 0) payload[0] = 0; // valid side-info flags: reach the entropy decoder
                byte[] file = SpkContainer.write(ok.header(), List.of(payload));
                try {
                    SpikeDecoder.Decoded d = decoder.decode(file);
                    assertEquals(48, d.image().width());
                } catch (InvalidInputException expected) {
                    assertNotNull(expected.getMessage());
                }
            }
        });
    }

    /** A valid header claiming a huge image over a tiny payload is refused before anything is allocated. */
    @Test
    void hostileDimensionsAreRefusedBeforeAllocation() {
        byte[] header = headerBytes(parse(grey));
        for (long[] dims : new long[][] {{8192, 8192}, {65536, 1}, {60000, 60000}, {0, 5}, {0xFFFFFFFFL, 0xFFFFFFFFL}}) {
            ByteBuffer.wrap(header).putInt(0, (int) dims[0]).putInt(4, (int) dims[1]);
            byte[] file = frame(header, new byte[] {0, 1, 2, 3});
            long before = usedMemory();
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(file), Arrays.toString(dims));
            assertTrue(usedMemory() - before < 64L << 20, "no large allocation for " + Arrays.toString(dims));
            // 65536x1 is within what 4 bytes can describe in version 3 (a zero chunk of 16 symbols is one decision): the
            // entropy decoder then finds the payload too short.
            assertTrue(e.getMessage().contains("size") || e.getMessage().contains("cannot encode") || e.getMessage().contains("ends early"), e.getMessage());
        }
    }

    @Test
    void framingErrorsSayWhatIsWrong() {
        assertMessage(new byte[0], "not a .spk file");
        assertMessage("GIF89a-not-spk".getBytes(), "bad magic");
        byte[] v = grey.clone();
        v[4] = 9;
        assertMessage(v, "version 9");
        byte[] trailing = Arrays.copyOf(grey, grey.length + 3);
        assertMessage(trailing, "after the last section");
        byte[] hugeSection = grey.clone();
        ByteBuffer.wrap(hugeSection).putInt(5, 0x7FFFFFF0);
        assertMessage(hugeSection, "header section claims");
        byte[] crc = grey.clone();
        crc[12] ^= 1;
        assertMessage(crc, "CRC-32");
    }

    @Test
    void invalidHeaderValuesAreRejected() {
        SpkContainer.Parsed ok = parse(grey);
        byte[] h = headerBytes(ok);
        byte[] badModel = h.clone();
        badModel[8] = 77;
        assertMessage(frame(badModel, ok.channelPayloads().get(0)), "colour model");
        byte[] badTransform = h.clone();
        badTransform[9] = 0;
        assertMessage(frame(badTransform, ok.channelPayloads().get(0)), "transform");
        byte[] badLevels = h.clone();
        badLevels[10] = (byte) 200;
        assertMessage(frame(badLevels, ok.channelPayloads().get(0)), "levels");
        byte[] negativeTheta = h.clone();
        ByteBuffer.wrap(negativeTheta).putDouble(11, -1);
        assertMessage(frame(negativeTheta, ok.channelPayloads().get(0)), "threshold");
        byte[] nanTau = h.clone();
        ByteBuffer.wrap(nanTau).putDouble(19, Double.NaN);
        assertMessage(frame(nanTau, ok.channelPayloads().get(0)), "tau");
    }

    /**
     * The dynamic retina path's fields (integration time f64, planes u8, steps per plane u16, CG tolerance f64, CG
     * iterations u16, after the transform id) outside what the encoder writes: refused, naming the field.
     */
    @Test
    void invalidDynamicRetinaValuesAreRejected() {
        SpkContainer.Parsed ok = parse(new SpikeEncoder(backend).encode(TestImages.crop(grey(), 20, 16),
                new CodecSettings(new TransformSpec.RifDynamic(10, 10, 8, 1e-5, 30), LifParameters.defaults().withThreshold(0.5),
                        Reconstruction.MIDPOINT, 1)).file());
        byte[] h = headerBytes(ok);
        assertEquals(4, h[9], "transform id of rif-dynamic");
        decodeOk(frame(h, ok.channelPayloads().get(0)));
        byte[] time = h.clone();
        ByteBuffer.wrap(time).putDouble(10, 0.01);
        assertMessage(frame(time, ok.channelPayloads().get(0)), "integration time");
        byte[] nanTime = h.clone();
        ByteBuffer.wrap(nanTime).putDouble(10, Double.NaN);
        assertMessage(frame(nanTime, ok.channelPayloads().get(0)), "integration time");
        byte[] noPlanes = h.clone();
        noPlanes[18] = 0;
        assertMessage(frame(noPlanes, ok.channelPayloads().get(0)), "retina planes");
        byte[] manyPlanes = h.clone();
        manyPlanes[18] = (byte) 65;
        assertMessage(frame(manyPlanes, ok.channelPayloads().get(0)), "retina planes");
        byte[] noSteps = h.clone();
        ByteBuffer.wrap(noSteps).putShort(19, (short) 0);
        assertMessage(frame(noSteps, ok.channelPayloads().get(0)), "steps per plane");
        byte[] manySteps = h.clone();
        ByteBuffer.wrap(manySteps).putShort(19, (short) 410); // 10 planes x 410 > 4096 steps
        assertMessage(frame(manySteps, ok.channelPayloads().get(0)), "steps per plane");
        byte[] cg = h.clone();
        ByteBuffer.wrap(cg).putShort(29, (short) (org.spikecodec.engine.container.SpkHeader.MAX_CG_ITERATIONS + 1));
        assertMessage(frame(cg, ok.channelPayloads().get(0)), "CG iterations");
    }

    /**
     * The scaled retina's fields (layer count u8, then per layer: time f64, sigma scale f64, decimation u8, gain f64; then
     * CG tolerance f64 and CG iterations u16, after the transform id) outside what the encoder writes: refused, naming the
     * field, before any layer is allocated.
     */
    @Test
    void invalidScaledRetinaValuesAreRejected() {
        SpkContainer.Parsed ok = parse(new SpikeEncoder(backend).encode(TestImages.crop(grey(), 20, 16),
                new CodecSettings(new TransformSpec.RifScaled(new double[] {6, 40}, new double[] {2, 0.5}, new int[] {2, 1}, new double[] {1, 0.5}, 1e-5, 30),
                        LifParameters.defaults().withThreshold(0.5), Reconstruction.MIDPOINT, 1)).file());
        byte[] h = headerBytes(ok);
        assertEquals(5, h[9], "transform id of rif-scaled");
        assertEquals(2, h[10], "layer count");
        decodeOk(frame(h, ok.channelPayloads().get(0)));
        // layer 0 at 11: time 11, scale 19, decimation 27, gain 28; layer 1 at 36: time 36, scale 44, decimation 52, gain 53
        byte[] noLayers = h.clone();
        noLayers[10] = 0;
        assertMessage(frame(noLayers, ok.channelPayloads().get(0)), "layer count");
        byte[] manyLayers = h.clone();
        manyLayers[10] = (byte) 255;
        assertMessage(frame(manyLayers, ok.channelPayloads().get(0)), "layer count");
        byte[] time = h.clone();
        ByteBuffer.wrap(time).putDouble(36, Double.NaN);
        assertMessage(frame(time, ok.channelPayloads().get(0)), "layer time");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0, -1, 0.2, 9, 1e300}) {
            byte[] scale = h.clone();
            ByteBuffer.wrap(scale).putDouble(19, bad);
            assertMessage(frame(scale, ok.channelPayloads().get(0)), "sigma scale");
        }
        for (int bad : new int[] {0, 9, 255}) {
            byte[] dec = h.clone();
            dec[52] = (byte) bad;
            assertMessage(frame(dec, ok.channelPayloads().get(0)), "decimation");
        }
        for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 0, -0.5, 1e-4, 2e3}) {
            byte[] gain = h.clone();
            ByteBuffer.wrap(gain).putDouble(28, bad);
            assertMessage(frame(gain, ok.channelPayloads().get(0)), "layer gain");
        }
        byte[] cg = h.clone();
        ByteBuffer.wrap(cg).putShort(69, (short) (org.spikecodec.engine.container.SpkHeader.MAX_CG_ITERATIONS + 1));
        assertMessage(frame(cg, ok.channelPayloads().get(0)), "CG iterations");
        byte[] tol = h.clone();
        ByteBuffer.wrap(tol).putDouble(61, Double.NaN);
        assertMessage(frame(tol, ok.channelPayloads().get(0)), "CG tolerance");
        // The heap check counts each distinct retina's planes (DecodeMemory), before anything is allocated.
        assertEquals(DecodeMemory.CG_PLANES + DecodeMemory.PLANES_PER_RETINA, assertDoesNotThrow(() -> decoder.inspect(frame(h, ok.channelPayloads().get(0)))).memory().cgPlanes());
        byte[] four = new SpikeEncoder(backend).encode(TestImages.crop(grey(), 20, 16), new CodecSettings(
                org.spikecodec.engine.transform.rif.ScaledRifFrontEnd.parse("6:4:4,40:0.5:1,10:1:1,10:1:2"), LifParameters.defaults().withThreshold(0.5),
                Reconstruction.MIDPOINT, 1)).file();
        assertEquals(DecodeMemory.CG_PLANES + 3 * DecodeMemory.PLANES_PER_RETINA, assertDoesNotThrow(() -> decoder.inspect(four)).memory().cgPlanes());
        decodeOk(four);
        // A valid header whose decimation disagrees with the coded layers' sizes: refused or decoded, never a crash.
        byte[] otherSize = h.clone();
        otherSize[27] = 3;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                decoder.decode(frame(otherSize, ok.channelPayloads().get(0)));
            } catch (InvalidInputException expected) {
                assertNotNull(expected.getMessage());
            }
        });
    }

    private static org.spikecodec.engine.image.Image grey() {
        try { return TestImages.read("camera.png"); } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
    }

    private static void decodeOk(byte[] file) {
        assertDoesNotThrow(() -> decoder.decode(file));
    }

    private static void assertMessage(byte[] file, String part) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> decoder.decode(file));
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    private static SpkContainer.Parsed parse(byte[] f) {
        try { return SpkContainer.read(f); } catch (InvalidInputException e) { throw new AssertionError(e); }
    }

    private static byte[] headerBytes(SpkContainer.Parsed p) {
        byte[] f = SpkContainer.write(p.header(), p.channelPayloads());
        int len = ByteBuffer.wrap(f).getInt(5);
        return Arrays.copyOfRange(f, 9, 9 + len);
    }

    /** A file with a valid framing and CRCs around arbitrary section contents. */
    private static byte[] frame(byte[] header, byte[]... channels) {
        ByteBuffer b = ByteBuffer.allocate(5 + 8 + header.length + Arrays.stream(channels).mapToInt(c -> c.length + 8).sum());
        b.put(SpkContainer.MAGIC).put((byte) SpkContainer.VERSION);
        for (byte[] s : concat(header, channels)) {
            CRC32 crc = new CRC32();
            crc.update(s);
            b.putInt(s.length).put(s).putInt((int) crc.getValue());
        }
        return b.array();
    }

    private static byte[][] concat(byte[] first, byte[][] rest) {
        byte[][] all = new byte[rest.length + 1][];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static long usedMemory() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }


    /** Channels decode in parallel, but the error reported is the lowest failing channel's, naming it. */
    @Test
    void theLowestCorruptChannelIsReported() throws Exception {
        SpkContainer.Parsed p = SpkContainer.read(colour);
        List<byte[]> payloads = new java.util.ArrayList<>(p.channelPayloads());
        payloads.set(0, Arrays.copyOf(payloads.get(0), payloads.get(0).length + 64)); // trailing garbage
        payloads.set(2, Arrays.copyOf(payloads.get(2), 3));                           // truncated
        byte[] bad = SpkContainer.write(p.header(), payloads);
        try (CpuBackend cpu = new CpuBackend(2)) {
            SpikeDecoder dec = new SpikeDecoder(cpu);
            for (int round = 0; round < 10; round++) {
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> dec.decode(bad));
                assertTrue(e.getMessage().startsWith("channel 0: "), e.getMessage());
            }
            payloads.set(0, p.channelPayloads().get(0));
            byte[] bad2 = SpkContainer.write(p.header(), payloads);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> dec.decode(bad2));
            assertTrue(e.getMessage().contains("channel 2"), e.getMessage());
        }
    }
}
