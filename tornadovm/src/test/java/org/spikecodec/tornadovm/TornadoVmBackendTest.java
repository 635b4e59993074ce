package org.spikecodec.tornadovm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;

/** Every stage of the TornadoVM backend against the cpu backend on random inputs: bit for bit (floats compared by their bits). */
class TornadoVmBackendTest {
    private static TornadoVmBackend tvm;
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        ComputeBackend b = new BackendSelector().open("tornadovm");
        assertTrue(b instanceof TornadoVmBackend, b.getClass().getName());
        tvm = (TornadoVmBackend) b;
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        tvm.close();
        cpu.close();
    }

    @Test
    void thresholdingAndReadoutEqualCpu() {
        Random rnd = new Random(16);
        for (int n : new int[] {1, 77, 5000, 300_001}) {
            float[] in = new float[n];
            for (int i = 0; i < n; i++) in[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 2));
            in[0] = -0f;
            if (n > 3) { in[1] = Float.MIN_VALUE; in[2] = -Float.MIN_VALUE * 3; in[3] = Float.NaN; }
            float[] table = new float[1 + rnd.nextInt(200)];
            float t = 0.01f;
            for (int k = 0; k < table.length; k++) table[k] = t = t * (1.01f + rnd.nextFloat());
            float gain = 0.5f + rnd.nextFloat() * 3;
            int[] expect = new int[n + 3], got = new int[n + 3];
            cpu.lifThreshold(in, 0, n, gain, table, expect, 3);
            tvm.lifThreshold(in, 0, n, gain, table, got, 3);
            assertArrayEquals(expect, got, "thresholding, n = " + n);
            assertDeviceTimed();

            float[] levels = new float[table.length + 1];
            for (int k = 1; k < levels.length; k++) levels[k] = table[k - 1] * (1 + rnd.nextFloat());
            expect[n + 2] = Integer.MIN_VALUE;
            float[] e = new float[n + 3], g = new float[n + 3];
            cpu.lifReadout(expect, 0, n + 3, levels, gain, e, 0);
            tvm.lifReadout(expect, 0, n + 3, levels, gain, g, 0);
            assertBits(e, g, "read-out, n = " + n);
        }
    }

    @Test
    void integrationEqualsCpu() {
        Random rnd = new Random(1616);
        int neurons = 20_000;
        for (LifIntegration p : new LifIntegration[] {
                LifIntegration.exact(64, 64, 64, 0.05, 1.0, 1.0, 0),     // one plane held, one bin
                LifIntegration.exact(50, 10, 7, 0.3, 1.7, 0.8, 2),       // planes change, bins, refractory period
                LifIntegration.exact(33, 1, 33, 1e-3, 0.9, 0.02, 1)}) {
            float[] in = new float[p.planes() * neurons];
            for (int i = 0; i < in.length; i++) in[i] = (float) (rnd.nextGaussian() * 2);
            float[] special = {Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE};
            for (int i = 0; i < special.length; i++) in[(i * 7919) % in.length] = special[i];
            int[] ce = new int[p.bins() * neurons], cg = new int[ce.length], fe = new int[neurons], fg = new int[neurons];
            cpu.lifIntegrate(in, neurons, p, ce, fe);
            tvm.lifIntegrate(in, neurons, p, cg, fg);
            assertArrayEquals(ce, cg, "counts, " + p);
            assertArrayEquals(fe, fg, "first spikes, " + p);
            assertTrue(java.util.Arrays.stream(ce).anyMatch(c -> c != 0), "some neuron fires");
            assertDeviceTimed();
        }
    }

    /**
     * The largest plane first (the graphs' arrays are sized once), and few distinct level counts: each count is a task
     * graph of two tasks per level, compiled on its first use (about a second a task on PoCL).
     */
    @Test
    void waveletEqualsCpuBothWays() {
        Random rnd = new Random(97);
        int[][] cases = {{768, 512, 4}, {333, 257, 1}, {333, 257, 4}, {17, 9, 40}, {17, 9, 1}, {1, 5, 4}, {2, 1, 4}, {1, 1, 4}};
        for (int[] c : cases) {
            int w = c[0], h = c[1], levels = c[2];
            float[] plane = new float[w * h];
            for (int i = 0; i < plane.length; i++) plane[i] = (float) (rnd.nextGaussian() * 50 + 100);
            float[] e = plane.clone(), g = plane.clone();
            cpu.dwtForward(e, w, h, levels);
            tvm.dwtForward(g, w, h, levels);
            assertBits(e, g, "forward " + w + "x" + h + " levels " + levels);
            cpu.dwtInverse(e, w, h, levels);
            tvm.dwtInverse(g, w, h, levels);
            assertBits(e, g, "inverse " + w + "x" + h + " levels " + levels);
        }
    }

    @Test
    void blurAndAdjointEqualCpu() {
        Random rnd = new Random(5);
        int[][] sizes = {{256, 200}, {31, 17}, {1, 4}, {3, 1}, {1, 1}}; // the largest first: the arrays are sized once
        for (int[] s : sizes) {
            for (int radius : new int[] {0, 1, 4, 40}) {
                int w = s[0], h = s[1];
                float[] kernel = new float[2 * radius + 1];
                for (int k = 0; k < kernel.length; k++) kernel[k] = rnd.nextFloat();
                float[] src = new float[w * h];
                for (int i = 0; i < src.length; i++) src[i] = (float) rnd.nextGaussian();
                float[] e = new float[src.length], g = new float[src.length];
                cpu.separableBlur(src, e, w, h, kernel);
                tvm.separableBlur(src, g, w, h, kernel);
                assertBits(e, g, "blur " + w + "x" + h + " r " + radius);
                cpu.separableBlurAdjoint(src, e, w, h, kernel);
                tvm.separableBlurAdjoint(src, g, w, h, kernel);
                assertBits(e, g, "adjoint " + w + "x" + h + " r " + radius);
            }
        }
    }

    @Test
    void profilerGivesKernelTimeAndCompileTimeApart() {
        float[] in = new float[1 << 16];
        int[] out = new int[in.length];
        float[] table = {0.5f, 1f, 2f};
        tvm.lifThreshold(in, 0, in.length, 1f, table, out, 0);
        tvm.lifThreshold(in, 0, in.length, 1f, table, out, 0);
        ProfiledBackend.Timing t = tvm.lastTiming();
        assertTrue(t.kernelNanos() > 0 && t.transferNanos() > 0, t.toString());
        assertEquals(0, tvm.lastCompileNanos(), "a second call compiles nothing");
        assertTrue(tvm.copyBenchmark(4L << 16) > 0);
        assertEquals(t, tvm.lastTiming(), "the copy baseline leaves the last call's timing");
    }

    /** The options exactness rests on are in force, and a JVM asking for TornadoVM's fma rewriting is refused. */
    @Test
    void exactnessSettingsAreInForceAndConflictsRefused() {
        assertEquals("false", System.getProperty("tornado.enable.fma"));
        assertEquals(TornadoVmSettings.OPENCL_FLAGS, System.getProperty("tornado.opencl.compiler.flags"));
        System.setProperty("tornado.enable.fma", "true");
        try {
            org.spikecodec.kernels.BackendUnavailableException e =
                    org.junit.jupiter.api.Assertions.assertThrows(org.spikecodec.kernels.BackendUnavailableException.class, TornadoVmSettings::apply);
            assertTrue(e.getMessage().contains("tornado.enable.fma"), e.getMessage());
        } finally {
            System.setProperty("tornado.enable.fma", "false");
        }
    }

    /** A call whose graph really ran on the device (not TornadoVM's fallback to the Java method) has kernel time. */
    private static void assertDeviceTimed() {
        assertTrue(tvm.lastTiming().kernelNanos() > 0, "device kernel time of the last call: " + tvm.lastTiming());
    }

    private static void assertBits(float[] e, float[] g, String what) {
        for (int i = 0; i < e.length; i++)
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(g[i]))
                throw new AssertionError(what + ": element " + i + " is " + g[i] + ", the cpu backend's " + e[i]);
    }
}
