package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.kernels.cpu.CpuBackend;

/** The decoder's row-by-row read-out of streamed bands against the backend's read-out of whole bands, bit for bit. */
class RowReadoutTest {
    /** Few reachable counts (a long refractory period: 4) and many (no refractory period). */
    private static final List<LifQuantizer> QUANTIZERS = List.of(
            new LifQuantizer(new LifParameters(0.4, 7, 0.55, 66, 15)), new LifQuantizer(new LifParameters(0.09, 7, 0.55, 66, 0)));

    @Test
    void rowsReadOutAsTheBackendReadsOutTheBand() throws InvalidInputException {
        Random rnd = new Random(1201);
        try (CpuBackend cpu = new CpuBackend(2)) {
            for (int iter = 0; iter < 200; iter++) {
                LifQuantizer q = QUANTIZERS.get(iter % 2);
                Reconstruction mode = Reconstruction.values()[rnd.nextInt(Reconstruction.values().length)];
                // Negative gains read a zero count out as -0.0: no run of zeros may then be skipped.
                float channelGain = (rnd.nextBoolean() ? 1 : -1) * (0.2f + rnd.nextFloat());
                int bands = 1 + rnd.nextInt(3), stride = 40 + rnd.nextInt(40);
                List<BandShape> layout = new ArrayList<>();
                List<BandSideInfo> sides = new ArrayList<>();
                List<int[]> counts = new ArrayList<>();
                int[] offsets = new int[bands];
                int rowsUsed = 0;
                for (int b = 0; b < bands; b++) {
                    int w = 1 + rnd.nextInt(stride), h = 1 + rnd.nextInt(20);
                    layout.add(new BandShape("b" + b, w, h, 0, 0.5 + rnd.nextDouble()));
                    sides.add(rnd.nextBoolean() ? BandSideInfo.NONE : new BandSideInfo(0.05f + rnd.nextFloat(), rnd.nextBoolean() ? Float.NaN : 50 * rnd.nextFloat()));
                    offsets[b] = rowsUsed * stride + rnd.nextInt(stride - w + 1);
                    rowsUsed += h;
                    counts.add(sparseCounts(rnd, w * h, Math.min(q.maxReachableCount(), 1 + rnd.nextInt(40))));
                }
                float[] expected = new float[rowsUsed * stride], actual = new float[rowsUsed * stride];
                // A reused plane (an earlier image in it): every sample of the bands must be written, zero runs too.
                boolean reused = rnd.nextBoolean();
                if (reused) for (int i = 0; i < actual.length; i++) expected[i] = actual[i] = rnd.nextFloat() * 500 - 250;
                RowReadout leaves = new RowReadout(q, mode, layout, sides, channelGain, actual, !reused, offsets, stride);
                for (int b = 0; b < bands; b++) {
                    BandShape s = layout.get(b);
                    int[] n = counts.get(b);
                    int max = SpikeEncoder.maxMagnitude(n);
                    float[] levels = LifQuantizer.levels(q.thresholds(max + 1), max, mode, sides.get(b).laplace(), sides.get(b).topMean());
                    cpu.lifReadoutRows(n, 0, s.width(), s.height(), levels, SpikeEncoder.neuronGain(s, channelGain), expected, offsets[b], stride);
                    // Rows in a scrambled order, each from a buffer of its own at an offset (as the entropy decoder hands them).
                    int[] order = rnd.ints(0, s.height()).distinct().limit(s.height()).toArray();
                    for (int y : order) {
                        int from = 2 + rnd.nextInt(3);
                        int[] row = new int[from + s.width() + 3];
                        System.arraycopy(n, y * s.width(), row, from, s.width());
                        int rowMax = 0;
                        for (int x = 0; x < s.width(); x++) rowMax = Math.max(rowMax, Math.abs(row[from + x]));
                        leaves.row(b, y, row, from, s.width(), rowMax);
                    }
                }
                for (int i = 0; i < expected.length; i++)
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                            "iteration " + iter + " (" + mode + ", gain " + channelGain + (reused ? ", reused plane" : "") + "), sample " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
    }

    /** Mostly zero, in runs longer and shorter than the read-out's, with counts up to +-max. */
    private static int[] sparseCounts(Random rnd, int n, int max) {
        int[] a = new int[n];
        for (int i = 0; i < n; ) {
            int run = rnd.nextInt(40);
            i += run;
            if (i < n) a[i++] = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(max));
        }
        return a;
    }

    @Test
    void aCountBeyondTheReachableIsACorruptFile() {
        LifQuantizer q = QUANTIZERS.get(0);
        int reach = q.maxReachableCount();
        BandShape band = new BandShape("HH1", 8, 2, 0, 1.0);
        RowReadout leaves = new RowReadout(q, Reconstruction.MIDPOINT, List.of(band), List.of(BandSideInfo.NONE), 1f, new float[16], true, new int[] {0}, 8);
        int[] row = new int[12];
        row[5] = -(reach + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> leaves.row(0, 1, row, 2, 8, reach + 1));
        assertTrue(e.getMessage().contains("a count of " + (reach + 1) + " spikes in band HH1 is impossible"), e.getMessage());
    }
}
