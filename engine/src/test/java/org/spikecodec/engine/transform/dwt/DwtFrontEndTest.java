package org.spikecodec.engine.transform.dwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

class DwtFrontEndTest {
    private static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(1); }

    @AfterAll static void close() { backend.close(); }

    private static DwtFrontEnd frontEnd(int levels) { return new DwtFrontEnd(new TransformSpec.Dwt(levels), backend); }

    private static final int[][] SIZES = {
        {1, 1}, {1, 2}, {2, 1}, {1, 37}, {37, 1}, {2, 2}, {3, 3}, {5, 7}, {7, 5}, {2, 50}, {13, 31}, {64, 64}, {63, 65}, {97, 89}, {128, 33},
    };

    private static float[] randomPlane(int n, long seed) {
        Random rnd = new Random(seed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = rnd.nextInt(256) - 128;
        return p;
    }

    @Test
    void layoutCoversThePlaneInCodingOrder() {
        for (int[] s : SIZES) {
            for (int levels = 0; levels <= TransformSpec.Dwt.MAX_LEVELS; levels++) {
                int w = s[0], h = s[1];
                List<BandShape> layout = frontEnd(levels).layout(w, h);
                int applied = DwtFrontEnd.effectiveLevels(w, h, levels);
                assertEquals(w * h, layout.stream().mapToInt(BandShape::size).sum(), w + "x" + h + " levels " + levels);
                assertEquals("LL" + applied, layout.get(0).name());
                assertEquals(0, layout.get(0).context());
                Set<String> names = new HashSet<>();
                int previousLevel = Integer.MAX_VALUE;
                for (BandShape b : layout) {
                    assertTrue(b.size() > 0, "empty band listed: " + b);
                    assertTrue(names.add(b.name()), "duplicate " + b.name());
                    if (b == layout.get(0)) continue;
                    int level = Integer.parseInt(b.name().substring(2));
                    assertTrue(level <= previousLevel && level >= 1 && level <= applied, "order " + layout);
                    previousLevel = level;
                    int orientation = List.of("HL", "LH", "HH").indexOf(b.name().substring(0, 2));
                    assertEquals(1 + 3 * Math.min(level - 1, 3) + orientation, b.context(), b.name());
                }
            }
        }
    }

    @Test
    void layoutOfKnownSizes() {
        assertEquals(List.of("LL3", "HL3", "LH3", "HH3", "HL2", "LH2", "HH2", "HL1", "LH1", "HH1"),
            frontEnd(3).layout(64, 48).stream().map(BandShape::name).toList());
        // 13x9, 2 levels: regions 13x9 -> 7x5 -> 4x3.
        List<BandShape> l = frontEnd(2).layout(13, 9);
        int[][] expected = {{4, 3}, {3, 3}, {4, 2}, {3, 2}, {6, 5}, {7, 4}, {6, 4}};
        assertEquals(expected.length, l.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], l.get(i).width(), l.get(i).name());
            assertEquals(expected[i][1], l.get(i).height(), l.get(i).name());
        }
        // A single column only has LL and LH bands, and stops when it reaches one sample.
        assertEquals(List.of("LL3", "LH3", "LH2", "LH1"), frontEnd(9).layout(1, 5).stream().map(BandShape::name).toList());
        assertEquals(List.of("LL0"), frontEnd(0).layout(10, 10).stream().map(BandShape::name).toList());
        assertEquals(List.of("LL0"), frontEnd(4).layout(1, 1).stream().map(BandShape::name).toList());
    }

    @Test
    void forwardCutsTheMallatPlaneAtTheLayoutPositions() {
        int w = 13, h = 9;
        float[] plane = randomPlane(w * h, 3);
        float[] mallat = plane.clone();
        backend.dwtForward(mallat, w, h, 2);
        List<float[]> bands = frontEnd(2).forward(plane, w, h);
        // {x0, y0, width, height} of each band, worked out by hand for 13x9 -> 7x5 -> 4x3.
        int[][] rects = {{0, 0, 4, 3}, {4, 0, 3, 3}, {0, 3, 4, 2}, {4, 3, 3, 2}, {7, 0, 6, 5}, {0, 5, 7, 4}, {7, 5, 6, 4}};
        for (int b = 0; b < rects.length; b++) {
            int[] r = rects[b];
            for (int y = 0; y < r[3]; y++)
                for (int x = 0; x < r[2]; x++) assertEquals(mallat[(r[1] + y) * w + r[0] + x], bands.get(b)[y * r[2] + x], "band " + b);
        }
    }

    /** The encoder's centring folded into the transform: the bands of the plane less the offset, bit for bit. */
    @Test
    void forwardWithOffsetIsTheForwardOfTheCentredPlane() {
        Random rnd = new Random(99);
        for (int[] s : SIZES) {
            int w = s[0], h = s[1];
            for (int levels = 0; levels <= 6; levels++) {
                DwtFrontEnd fe = frontEnd(levels);
                float[] plane = randomPlane(w * h, rnd.nextLong());
                for (int i = 0; i < plane.length; i++) plane[i] += rnd.nextFloat();
                float offset = 100 * rnd.nextFloat();
                float[] centred = plane.clone();
                for (int i = 0; i < centred.length; i++) centred[i] -= offset;
                List<float[]> expected = fe.forwardConsuming(centred, w, h);
                List<float[]> got = fe.forwardConsuming(plane.clone(), w, h, offset);
                assertEquals(expected.size(), got.size());
                for (int b = 0; b < expected.size(); b++)
                    for (int i = 0; i < expected.get(b).length; i++)
                        assertEquals(Float.floatToRawIntBits(expected.get(b)[i]), Float.floatToRawIntBits(got.get(b)[i]),
                                w + "x" + h + " levels " + levels + " band " + b + " at " + i);
            }
        }
    }

    @Test
    void roundTripReconstructsThePlane() {
        long seed = 11;
        for (int[] s : SIZES) {
            for (int levels = 0; levels <= 8; levels++) {
                int w = s[0], h = s[1];
                DwtFrontEnd fe = frontEnd(levels);
                float[] plane = randomPlane(w * h, seed++);
                float[] copy = plane.clone();
                List<float[]> bands = fe.forward(plane, w, h);
                assertTrue(Arrays.equals(copy, plane), "forward must not modify its input");
                List<BandShape> layout = fe.layout(w, h);
                for (int b = 0; b < layout.size(); b++) assertEquals(layout.get(b).size(), bands.get(b).length);
                float[] back = fe.inverse(bands, w, h);
                for (int i = 0; i < plane.length; i++) assertEquals(plane[i], back[i], 1e-3, w + "x" + h + " levels " + levels + " at " + i);
            }
        }
    }

    @Test
    void constantPlaneLandsInLowBand() {
        float[] plane = new float[40 * 30];
        Arrays.fill(plane, -37.5f);
        List<float[]> bands = frontEnd(3).forward(plane, 40, 30);
        for (float v : bands.get(0)) assertEquals(-37.5f, v, 1e-3);
        for (int b = 1; b < bands.size(); b++) for (float v : bands.get(b)) assertEquals(0f, v, 1e-3);
    }

    @Test
    void rejectsMismatchedInput() {
        DwtFrontEnd fe = frontEnd(2);
        assertThrows(IllegalArgumentException.class, () -> fe.forward(new float[10], 4, 4));
        assertThrows(IllegalArgumentException.class, () -> fe.layout(0, 4));
        List<float[]> bands = new ArrayList<>(fe.forward(new float[16], 4, 4));
        bands.set(1, new float[bands.get(1).length + 1]);
        assertThrows(IllegalArgumentException.class, () -> fe.inverse(bands, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> fe.inverse(bands.subList(0, 3), 4, 4));
    }

    @Test
    void gainsMatchImpulseResponsesOfTheInverse() {
        // Large enough that a coefficient in the middle of a level-5 band has a basis function clear of the borders.
        for (int levels = 1; levels <= 5; levels++) checkGainsByImpulse(frontEnd(levels), 512, 512);
        checkGainsByImpulse(frontEnd(4), 1, 512);
        checkGainsByImpulse(frontEnd(4), 512, 1);
        checkGainsByImpulse(frontEnd(3), 300, 200);
    }

    private static void checkGainsByImpulse(DwtFrontEnd fe, int w, int h) {
        List<BandShape> layout = fe.layout(w, h);
        for (int b = 0; b < layout.size(); b++) {
            List<float[]> bands = new ArrayList<>();
            for (BandShape s : layout) bands.add(new float[s.size()]);
            BandShape s = layout.get(b);
            bands.get(b)[(s.height() / 2) * s.width() + s.width() / 2] = 1f;
            double energy = 0;
            for (float v : fe.inverse(bands, w, h)) energy += (double) v * v;
            assertEquals(Math.sqrt(energy), s.gain(), 1e-4 * s.gain(), w + "x" + h + " " + s.name());
        }
    }

    @Test
    void gainsHaveTheJpeg2000Values() {
        // Synthesis energy gains of the 9/7 in this normalisation: 1.96591 (low), 0.52022 (high), per dimension.
        List<BandShape> one = frontEnd(1).layout(64, 64);
        assertEquals(1.96591, one.get(0).gain(), 1e-4);
        assertEquals(Math.sqrt(1.96591 * 0.52022), one.get(1).gain(), 1e-4);
        assertEquals(Math.sqrt(1.96591 * 0.52022), one.get(2).gain(), 1e-4);
        assertEquals(0.52022, one.get(3).gain(), 1e-4);
        assertEquals(1.0, frontEnd(0).layout(8, 8).get(0).gain());
    }
}
