package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

class SpikeCountCoderHostileInputTest {

    /** Decodes garbage: must return counts of the layout's shape or throw InvalidInputException, nothing else. */
    private static void decodeOrReject(byte[] data, List<BandShape> layout, String label) {
        try {
            List<int[]> out = SpikeCountCoder.decode(data, layout);
            assertEquals(layout.size(), out.size(), label);
            for (int b = 0; b < layout.size(); b++) {
                assertEquals(layout.get(b).size(), out.get(b).length, label);
                for (int v : out.get(b)) assertTrue(Math.abs(v) <= SpikeCountCoder.MAX_MAGNITUDE, label);
            }
        } catch (InvalidInputException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), label);
        } catch (RuntimeException e) {
            fail(label + ": unexpected " + e, e);
        }
    }

    private static TestData.Bands realStream() { return TestData.waveletCounts(new Random(21), 160, 120, 4, 6); }

    @Test
    void everyTruncationDecodesOrThrowsInvalidInput() {
        TestData.Bands b = realStream();
        byte[] full = SpikeCountCoder.encode(b.layout(), b.counts());
        assertTrue(full.length > 1000, "test stream too small: " + full.length);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int rejected = 0;
            for (int len = 0; len < full.length; len++) {
                try {
                    SpikeCountCoder.decode(Arrays.copyOf(full, len), b.layout());
                } catch (InvalidInputException e) {
                    rejected++;
                }
            }
            // Anything shorter than the stream by more than the flush slack must be detected.
            assertTrue(rejected >= full.length - RangeDecoder.MAX_READ_PAST_END - 1, rejected + " of " + full.length + " truncations rejected");
        });
    }

    @Test
    void randomCorruptionDecodesOrThrowsInvalidInput() {
        TestData.Bands b = realStream();
        byte[] full = SpikeCountCoder.encode(b.layout(), b.counts());
        Random rnd = new Random(22);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int iter = 0; iter < 300; iter++) {
                byte[] bad = full.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
                decodeOrReject(bad, b.layout(), "corruption " + iter);
            }
            for (int iter = 0; iter < 50; iter++) {
                byte[] noise = new byte[rnd.nextInt(3000)];
                rnd.nextBytes(noise);
                decodeOrReject(noise, b.layout(), "noise " + iter);
            }
        });
    }

    @Test
    void constantPayloadsDecodeOrThrowInvalidInput() {
        TestData.Bands b = realStream();
        List<BandShape> big = List.of(TestData.band("big", 3000, 3000, 0));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int len : new int[] {0, 1, 2, 3, 4, 5, 8, 100, 1000, 10_000, 100_000}) {
                for (byte fill : new byte[] {0, (byte) 0xFF, (byte) 0x80, 0x7F}) {
                    byte[] data = new byte[len];
                    Arrays.fill(data, fill);
                    decodeOrReject(data, b.layout(), "fill " + fill + " len " + len);
                    decodeOrReject(data, big, "big, fill " + fill + " len " + len);
                }
            }
        });
    }

    @Test
    void hugeLayoutForTinyPayloadIsRejectedBeforeAllocating() {
        List<BandShape> huge = List.of(TestData.band("a", 40_000, 40_000, 0), TestData.band("b", 40_000, 40_000, 1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpikeCountCoder.decode(new byte[10], huge));
        assertTrue(e.getMessage().contains("cannot hold"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> SpikeCountCoder.decode(new byte[10], List.of(TestData.band("overflow", 1 << 16, 1 << 16, 0))));
    }

    @Test
    void wrongLayoutIsUsuallyDetected() {
        TestData.Bands b = realStream();
        byte[] full = SpikeCountCoder.encode(b.layout(), b.counts());
        // Fewer coefficients than encoded leaves bytes unread.
        assertThrows(InvalidInputException.class, () -> SpikeCountCoder.decode(full, b.layout().subList(0, b.layout().size() - 1)));
        decodeOrReject(full, List.of(TestData.band("other", 99, 77, 0)), "other layout");
    }

    @Test
    void corruptExponentIsRejectedWithAClearMessage() {
        // A single raw-mode band whose first coefficient has every exponent node set: magnitude >= 2^21.
        // Build the stream with the encoder's own primitives so the test does not depend on hand-made bytes.
        ContextModels m = new ContextModels(1);
        RangeEncoder enc = new RangeEncoder(64);
        enc.encodeDirect(0, 1);
        enc.encodeBit(m.sig, ContextModels.sigModel(0, 0, 0, 0, 0, 0, 0, 0), 1);
        enc.encodeBit(m.sign, ContextModels.signModel(0, 0, 0), 0);
        int base = ContextModels.expBase(0, 0, 0, 0, 0, 0, 0, 0);
        for (int i = 0; i < ContextModels.MAX_EXPONENT; i++) enc.encodeBit(m.exp, base + i, 1);
        int mb = ContextModels.mantBase(0, ContextModels.MAX_EXPONENT);
        enc.encodeBit(m.mant, mb, 0);
        enc.encodeBit(m.mant, mb + 1, 0);
        enc.encodeDirect(0, ContextModels.MAX_EXPONENT - 2);
        byte[] data = enc.finish();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpikeCountCoder.decode(data, List.of(TestData.band("x", 1, 1, 0))));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void maxSymbolsForBoundsTheDensestPossibleStream() {
        // The constant is ceil(8 / minimum cost of one decision).
        assertEquals((long) Math.ceil(8 / SpikeCountCoder.MIN_BITS_PER_DECISION), SpikeCountCoder.MAX_COEFFICIENTS_PER_BYTE);
        // All zeros is the cheapest content: every coefficient is one maximally likely decision.
        for (int side : new int[] {1, 10, 300, 4096}) {
            long n = (long) side * side;
            byte[] data = SpikeCountCoder.encode(List.of(TestData.band("z", side, side, 0)), List.of(new int[(int) n]));
            long bound = SpikeCountCoder.maxSymbolsFor(data.length);
            System.out.printf("all-zero %dx%d: %d bytes, bound %d coefficients (%.2fx margin)%n", side, side, data.length, bound, bound / (double) n);
            assertTrue(bound >= n, side + ": bound " + bound + " < " + n + " coefficients in " + data.length + " bytes");
            if (side == 4096) assertTrue(bound < 2 * n, "bound should be tight for the cheapest content: " + bound + " vs " + n);
        }
        // Also several bands and context classes, and a long 1-D band.
        byte[] d2 = SpikeCountCoder.encode(List.of(TestData.band("a", 1 << 22, 1, 0), TestData.band("b", 1, 1 << 20, 5)), List.of(new int[1 << 22], new int[1 << 20]));
        assertTrue(SpikeCountCoder.maxSymbolsFor(d2.length) >= (1 << 22) + (1 << 20));
        assertEquals(Long.MAX_VALUE, SpikeCountCoder.maxSymbolsFor(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.maxSymbolsFor(-1));
    }
}
