package org.spikecodec.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wavelet's row kernels on the Vector API against the scalar ones, bit for bit: every row length from 2 up to
 * several vectors (odd and even, with and without whole vectors and tails), at offsets into a larger array, with the
 * offset subtracted or added, samples of magnitudes from 1e-3 to 1e3; the vertical pipeline's transfers; then whole
 * transforms, split by a hostile runner.
 */
class VectorCdf97RowsTest {
    private Cdf97Rows vector;

    @BeforeEach
    void loadKernel() {
        assumeTrue(VectorSupport.modulePresent(), "jdk.incubator.vector not in the boot layer");
        assertTrue(VectorSupport.available(), "module present but the vector kernels did not load");
        vector = VectorSupport.rows(true);
        assertNotSame(Cdf97Rows.SCALAR, vector);
    }

    @Test
    void rowsGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(11);
        int rows = 0;
        for (int n = 2; n <= 300; n++) {
            for (int off : new int[] {0, 3}) {
                for (int mode = 0; mode < 2; mode++) {
                    boolean shifted = mode == 1;
                    float offset = (float) r.nextGaussian() * 100;
                    float[] x = SplitTransformsTest.data(r, off + n + 5);
                    float[] want = x.clone(), got = x.clone();
                    Cdf97Lifting.scalarRows(n).forward(want, off, shifted, offset);
                    vector.rows(n).forward(got, off, shifted, offset);
                    SplitTransformsTest.assertBits(want, got, "forward, n " + n + ", offset " + off + (shifted ? ", subtracting" : ""));
                    Cdf97Lifting.scalarRows(n).inverse(want, off, shifted, offset);
                    vector.rows(n).inverse(got, off, shifted, offset);
                    SplitTransformsTest.assertBits(want, got, "inverse, n " + n + ", offset " + off + (shifted ? ", adding" : ""));
                    rows++;
                }
            }
        }
        assertEquals(299 * 4, rows);
        assertThrows(IllegalArgumentException.class, () -> vector.rows(1));
    }

    /** The vertical pipeline's transfers between the plane and a row buffer, every width from 1 to 100, at an offset. */
    @Test
    void transfersGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(14);
        for (int w = 1; w <= 100; w++) {
            int at = r.nextInt(0, 7);
            float scale = r.nextBoolean() ? Cdf97Lifting.K : Cdf97Lifting.INV_K, offset = (float) r.nextGaussian() * 100;
            float[] plane = SplitTransformsTest.data(r, at + w + 3), row = SplitTransformsTest.data(r, w);
            for (int mode = 0; mode < 2; mode++) {
                boolean shifted = mode == 1;
                float[] want = new float[w], got = new float[w];
                Cdf97Rows.SCALAR.loadScaled(plane, at, want, w, scale);
                vector.loadScaled(plane, at, got, w, scale);
                SplitTransformsTest.assertBits(want, got, "loadScaled, w " + w);
                Cdf97Rows.SCALAR.load(plane, at, want, w, shifted, offset);
                vector.load(plane, at, got, w, shifted, offset);
                SplitTransformsTest.assertBits(want, got, "load, w " + w);
                float[] wantPlane = plane.clone(), gotPlane = plane.clone();
                Cdf97Rows.SCALAR.storeScaled(row.clone(), wantPlane, at, w, scale);
                vector.storeScaled(row.clone(), gotPlane, at, w, scale);
                SplitTransformsTest.assertBits(wantPlane, gotPlane, "storeScaled, w " + w);
                Cdf97Rows.SCALAR.store(row.clone(), wantPlane, at, w, shifted, offset);
                vector.store(row.clone(), gotPlane, at, w, shifted, offset);
                SplitTransformsTest.assertBits(wantPlane, gotPlane, "store, w " + w);
            }
        }
    }

    /** One rows object lifts many rows: its buffers carry nothing from one row to the next. */
    @Test
    void rowsObjectsAreReusable() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : new int[] {2, 3, 31, 32, 33, 2520, 2521}) {
            Cdf97Rows.Rows scalar = Cdf97Lifting.scalarRows(n), vec = vector.rows(n);
            for (int k = 0; k < 5; k++) {
                float[] x = SplitTransformsTest.data(r, n);
                float[] want = x.clone(), got = x.clone();
                scalar.inverse(want, 0, false, 0f);
                vec.inverse(got, 0, false, 0f);
                SplitTransformsTest.assertBits(want, got, "inverse row " + k + " of " + n);
                scalar.forward(want, 0, false, 0f);
                vec.forward(got, 0, false, 0f);
                SplitTransformsTest.assertBits(want, got, "forward row " + k + " of " + n);
            }
        }
    }

    @Test
    void wholeTransformsGiveTheScalarFloats() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] s : SplitTransformsTest.SIZES) {
            int w = s[0], h = s[1];
            for (int levels : new int[] {1, 3, 6}) {
                float offset = (float) r.nextGaussian() * 50;
                float[] x = SplitTransformsTest.data(r, w * h);
                float[] want = x.clone(), got = x.clone();
                Cdf97Lifting.forward2d(want, w, h, levels, RangeRunner.SERIAL, Cdf97Rows.SCALAR, true, offset);
                Cdf97Lifting.forward2d(got, w, h, levels, SplitTransformsTest.hostile(r.nextLong()), vector, true, offset);
                SplitTransformsTest.assertBits(want, got, "forward " + w + "x" + h + ", " + levels + " levels");
                Cdf97Lifting.inverse2d(want, w, h, levels, RangeRunner.SERIAL, Cdf97Rows.SCALAR, true, offset);
                Cdf97Lifting.inverse2d(got, w, h, levels, SplitTransformsTest.hostile(r.nextLong()), vector, true, offset);
                SplitTransformsTest.assertBits(want, got, "inverse " + w + "x" + h + ", " + levels + " levels");
            }
        }
        try (CpuBackend scalar = new CpuBackend(2, false); CpuBackend vec = new CpuBackend(2, true)) {
            float[] x = SplitTransformsTest.data(r, 640 * 480);
            float[] want = x.clone(), got = x.clone();
            scalar.dwtForward(want, 640, 480, 5, 117.5f);
            vec.dwtForward(got, 640, 480, 5, 117.5f);
            SplitTransformsTest.assertBits(want, got, "the backends' forward");
            scalar.dwtInverse(want, 640, 480, 5, 117.5f);
            vec.dwtInverse(got, 640, 480, 5, 117.5f);
            SplitTransformsTest.assertBits(want, got, "the backends' inverse");
        }
    }
}
