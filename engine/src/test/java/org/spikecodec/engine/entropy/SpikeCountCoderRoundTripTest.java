package org.spikecodec.engine.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

class SpikeCountCoderRoundTripTest {

    private static void assertRoundTrip(List<BandShape> layout, List<int[]> counts, String label) throws InvalidInputException {
        byte[] data = SpikeCountCoder.encode(layout, counts);
        List<int[]> back = SpikeCountCoder.decode(data, layout);
        assertEquals(counts.size(), back.size(), label);
        for (int b = 0; b < counts.size(); b++) assertArrayEquals(counts.get(b), back.get(b), label + " band " + b);
    }

    /** Random band of one of several flavours: Laplacian with rare huge values, zeros, all large, constant, smooth. */
    static int[] randomBand(Random rnd, int w, int h) {
        int n = w * h;
        int flavour = rnd.nextInt(6);
        int[] a = new int[n];
        switch (flavour) {
            case 0 -> {
                double b = Math.exp(rnd.nextDouble() * 6 - 3);
                for (int i = 0; i < n; i++) {
                    a[i] = TestData.laplacian(rnd, b);
                    if (rnd.nextInt(50) == 0) a[i] = (rnd.nextBoolean() ? 1 : -1) * rnd.nextInt(SpikeCountCoder.MAX_MAGNITUDE + 1);
                }
            }
            case 1 -> { /* all zeros */ }
            case 2 -> {
                for (int i = 0; i < n; i++) a[i] = rnd.nextInt(2 * SpikeCountCoder.MAX_MAGNITUDE + 1) - SpikeCountCoder.MAX_MAGNITUDE;
            }
            case 3 -> java.util.Arrays.fill(a, rnd.nextBoolean() ? SpikeCountCoder.MAX_MAGNITUDE : -SpikeCountCoder.MAX_MAGNITUDE);
            case 4 -> a = TestData.smoothField(rnd, w, h, rnd.nextInt(5000));
            default -> {
                for (int i = 0; i < n; i++) a[i] = rnd.nextInt(100) < 90 ? 0 : TestData.laplacian(rnd, 3);
            }
        }
        return a;
    }

    static int randomDim(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 1 + rnd.nextInt(4);
            default -> 1 + rnd.nextInt(70);
        };
    }

    @Test
    void randomLayoutsAndCountsRoundTripExactly() throws InvalidInputException {
        Random rnd = new Random(20240601);
        for (int iter = 0; iter < 400; iter++) {
            int bands = rnd.nextInt(12);
            List<BandShape> layout = new ArrayList<>();
            List<int[]> counts = new ArrayList<>();
            for (int b = 0; b < bands; b++) {
                int w = randomDim(rnd), h = randomDim(rnd);
                layout.add(new BandShape("b" + b, w, h, rnd.nextInt(4) - 1, 1.0));
                counts.add(randomBand(rnd, w, h));
            }
            assertRoundTrip(layout, counts, "iteration " + iter);
        }
    }

    @Test
    void waveletLayoutsWithParentsRoundTrip() throws InvalidInputException {
        Random rnd = new Random(5);
        for (int iter = 0; iter < 30; iter++) {
            int w = 1 + rnd.nextInt(150), h = 1 + rnd.nextInt(150);
            TestData.Bands b = TestData.waveletCounts(rnd, w, h, 1 + rnd.nextInt(5), 1 + rnd.nextInt(40));
            assertRoundTrip(b.layout(), b.counts(), w + "x" + h);
        }
    }

    @Test
    void emptyAndDegenerateLayouts() throws InvalidInputException {
        assertRoundTrip(List.of(), List.of(), "no bands");
        assertRoundTrip(List.of(TestData.band("e", 0, 5, 0), TestData.band("e2", 7, 0, 0)), List.of(new int[0], new int[0]), "empty bands");
        assertRoundTrip(List.of(TestData.band("one", 1, 1, 0)), List.of(new int[] {-SpikeCountCoder.MAX_MAGNITUDE}), "1x1 extreme");
        int[] row = new int[1000], col = new int[1000];
        for (int i = 0; i < 1000; i++) {
            row[i] = i * 37 % 201 - 100;
            col[i] = i % 3 == 0 ? SpikeCountCoder.MAX_MAGNITUDE : 0;
        }
        assertRoundTrip(List.of(TestData.band("row", 1000, 1, 0), TestData.band("col", 1, 1000, 0)), List.of(row, col), "1xN, Nx1");
    }

    @Test
    void everyMagnitudeBoundaryRoundTrips() throws InvalidInputException {
        List<Integer> values = new ArrayList<>();
        for (int e = 0; e <= 20; e++)
            for (int d = -1; d <= 1; d++) {
                int v = (1 << e) + d;
                if (v >= 0 && v <= SpikeCountCoder.MAX_MAGNITUDE) {
                    values.add(v);
                    values.add(-v);
                }
            }
        int[] a = values.stream().mapToInt(Integer::intValue).toArray();
        assertRoundTrip(List.of(TestData.band("x", a.length, 1, 0)), List.of(a), "boundaries");
        // The same values as a smooth-ish 2-D band, to exercise the prediction mode with extreme residuals.
        int[] b = new int[a.length * a.length];
        for (int y = 0; y < a.length; y++) for (int x = 0; x < a.length; x++) b[y * a.length + x] = (x + y) % 7 == 0 ? a[(x * y) % a.length] : a[x] / 2 + a[y] / 2;
        assertRoundTrip(List.of(TestData.band("x", a.length, a.length, 0)), List.of(b), "boundaries 2-D");
    }

    @Test
    void rejectsInvalidEncoderInput() {
        List<BandShape> one = List.of(TestData.band("x", 2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.encode(one, List.of(new int[] {0, 0, 0, SpikeCountCoder.MAX_MAGNITUDE + 1})));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.encode(one, List.of(new int[] {Integer.MIN_VALUE, 0, 0, 0})));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.encode(one, List.of(new int[3])));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.encode(one, List.of()));
        assertThrows(IllegalArgumentException.class, () -> SpikeCountCoder.encode(List.of(TestData.band("huge", 1 << 16, 1 << 16, 0)), List.of(new int[0])));
    }
}
