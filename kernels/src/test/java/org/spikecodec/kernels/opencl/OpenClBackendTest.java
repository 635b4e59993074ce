package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.spikecodec.kernels.ProfiledBackend;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The OpenCL LIF kernels against the cpu backend, on the real OpenCL runtime of this machine (PoCL in CI).
 * Skipped, with the probe's reason, where no OpenCL device is available.
 */
class OpenClBackendTest extends OpenClDeviceTest {

    // ---- inputs ------------------------------------------------------------------------------------

    /** Strictly increasing, positive, finite thresholds spread over many binades. */
    static float[] table(SplittableRandom r, int n) {
        float[] t = new float[n];
        float v = (float) Math.pow(2, r.nextInt(-140, 10)) * (1 + r.nextFloat());
        for (int i = 0; i < n; i++) {
            t[i] = v;
            float step = r.nextInt(8) == 0 ? Math.ulp(v) : v * (float) r.nextDouble(1e-6, 0.5);
            float next = v + step;
            v = next > v ? next : Math.nextUp(v);
            if (!Float.isFinite(v) || v >= Float.MAX_VALUE / 2) v = Math.nextUp(t[i]);
        }
        for (int i = 1; i < n; i++) assertTrue(t[i] > t[i - 1] && Float.isFinite(t[i]));
        return t;
    }

    static final float[] SPECIAL = {0f, -0f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
        -Math.nextDown(Float.MIN_NORMAL), 1e-40f, -1e-40f, 1f, -1f, 1e30f, -1e38f, 3.4e38f};

    /** Random values, specials, and values on, just above and just below every threshold (divided by gain). */
    static float[] inputs(SplittableRandom r, float[] t, float gain, int randomCount) {
        List<Float> v = new ArrayList<>();
        for (float s : SPECIAL) v.add(s);
        int step = Math.max(1, t.length / 3000);
        for (int k = 0; k < t.length; k += step) {
            float[] bases = {t[k], t[k] / gain};
            for (float b : bases) {
                float x = b;
                for (int j = 0; j < 2; j++) x = Math.nextDown(x);
                for (int j = 0; j < 5; j++) { v.add(x); v.add(-x); x = Math.nextUp(x); }
            }
        }
        for (int i = 0; i < randomCount; i++) {
            float x;
            switch (r.nextInt(4)) {
                case 0: x = Float.intBitsToFloat(r.nextInt()); break;                  // any bit pattern
                case 1: x = t.length == 0 ? r.nextFloat() : t[r.nextInt(t.length)] / gain * (float) r.nextDouble(0.5, 2); break;
                case 2: x = (float) r.nextGaussian() * 10; break;
                default: x = Float.intBitsToFloat(r.nextInt(0, 0x00800000)) * (r.nextBoolean() ? 1 : -1); // subnormal
            }
            v.add(x);
        }
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }

    static final float[] GAINS = {1f, 0.5f, 3f, 0.1f, 7.3f, 1e-30f, 1e30f, Float.MIN_VALUE, 1e-39f, 0f, -2f,
        Float.POSITIVE_INFINITY, Float.NaN};

    // ---- thresholding ----------------------------------------------------------------------------------

    /** Every kernel variant, on this machine's device: the scalar kernels and the floatN ones. */
    static final int[] LIF_WIDTHS = {1, 4, 8, 16};

    /** Runs the check with a backend of each LIF variant. */
    static void forEachVariant(java.util.function.Consumer<OpenClBackend> check) {
        for (int w : LIF_WIDTHS) {
            try (OpenClBackend b = new OpenClBackend(cl.device(), KernelVariants.forDevice(cl.device()).withLifWidth(w))) {
                check.accept(b);
            }
        }
    }

    @Test
    void thresholdIdenticalToCpu() { forEachVariant(OpenClBackendTest::thresholdIdenticalToCpu); }

    private static void thresholdIdenticalToCpu(OpenClBackend cl) {
        SplittableRandom r = new SplittableRandom(42);
        int[] lengths = {0, 1, 2, 3, 17, 1000, 100_000};
        long checked = 0;
        for (int len : lengths) {
            for (float gain : GAINS) {
                float[] t = table(r, len);
                float[] in = inputs(r, t, gain, 20_000);
                checked += compareThreshold(cl, in, 0, in.length, gain, t, 0);
            }
        }
        // random gains too
        for (int i = 0; i < 20; i++) {
            float[] t = table(r, r.nextInt(1, 300));
            float gain = (float) Math.exp(r.nextDouble(-20, 20));
            float[] in = inputs(r, t, gain, 5000);
            checked += compareThreshold(cl, in, 0, in.length, gain, t, 0);
        }
        assertTrue(checked > 1_000_000, "checked " + checked);
    }

    @Test
    void thresholdWithOffsets() {
        forEachVariant(cl -> {
            SplittableRandom r = new SplittableRandom(7);
            for (int len : new int[] {100, 10}) { // a long table (bisection in the floatN kernels too) and a short one (linear)
                float[] t = table(r, len);
                float[] in = inputs(r, t, 2f, 3000);
                for (int off = 0; off < 20; off++) compareThreshold(cl, in, 123 + off, in.length - 500 - off, 2f, t, 77 + off / 2);
            }
            float[] t = table(r, 50);
            assertThrows(IndexOutOfBoundsException.class, () -> cl.lifThreshold(new float[9], 1, 9, 1f, t, new int[9], 0));
        });
    }

    private static long compareThreshold(OpenClBackend cl, float[] in, int inOff, int len, float gain, float[] t, int outOff) {
        int[] want = new int[outOff + len + 5];
        int[] got = new int[outOff + len + 5];
        Arrays.fill(want, 12345);
        Arrays.fill(got, 12345);
        cpu.lifThreshold(in, inOff, len, gain, t, want, outOff);
        cl.lifThreshold(in, inOff, len, gain, t, got, outOff);
        for (int i = 0; i < want.length; i++) {
            if (want[i] != got[i]) {
                float x = i >= outOff && i < outOff + len ? in[inOff + i - outOff] : Float.NaN;
                fail("count differs at " + i + ": x=" + x + " (bits " + Integer.toHexString(Float.floatToRawIntBits(x)) + "), gain=" + gain
                        + ", table length " + t.length + ": cpu " + want[i] + ", opencl " + got[i] + " (" + cl.variants() + ")");
            }
        }
        return len;
    }

    // ---- read-out ---------------------------------------------------------------------------------------

    @Test
    void readoutIdenticalToCpu() { forEachVariant(OpenClBackendTest::readoutIdenticalToCpu); }

    private static void readoutIdenticalToCpu(OpenClBackend cl) {
        SplittableRandom r = new SplittableRandom(3);
        int[] lengths = {1, 2, 5, 1000, 100_000};
        for (int n : lengths) {
            for (float gain : GAINS) {
                float[] levels = new float[n];
                float[] t = table(r, Math.max(0, n - 1));
                System.arraycopy(t, 0, levels, 1, n - 1);
                int m = 50_000;
                int[] counts = new int[m];
                for (int i = 0; i < m; i++) counts[i] = r.nextInt(-(n + 5), n + 6);
                int[] edges = {0, 1, -1, n - 1, n, n + 1, -n, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1};
                System.arraycopy(edges, 0, counts, 0, edges.length);
                compareReadout(cl, counts, 0, m, levels, gain, 0);
            }
        }
        float[] levels = {0f, 1f, 2f};
        int[] counts = {0, 1, 2, 3, -1, -2, -3};
        for (int off = 0; off < 3; off++) compareReadout(cl, counts, off, 4, levels, 3f, 1 + off);
        // rows into a plane (the interface's default: a buffer, then its rows copied)
        float[] want = new float[40], got = new float[40];
        Arrays.fill(want, 7f);
        Arrays.fill(got, 7f);
        cpu.lifReadoutRows(counts, 1, 3, 2, levels, 3f, want, 2, 5);
        cl.lifReadoutRows(counts, 1, 3, 2, levels, 3f, got, 2, 5);
        assertArrayEquals(want, got);
        assertThrows(IllegalArgumentException.class, () -> cl.lifReadout(counts, 0, 1, new float[] {1f}, 1f, new float[1], 0));
        assertThrows(IllegalArgumentException.class, () -> cl.lifReadout(counts, 0, 1, new float[0], 1f, new float[1], 0));
    }

    private static void compareReadout(OpenClBackend cl, int[] counts, int off, int len, float[] levels, float gain, int outOff) {
        float[] want = new float[outOff + len + 3];
        float[] got = new float[outOff + len + 3];
        cpu.lifReadout(counts, off, len, levels, gain, want, outOff);
        cl.lifReadout(counts, off, len, levels, gain, got, outOff);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail("read-out differs at " + i + ": gain=" + gain + ", cpu " + want[i] + ", opencl " + got[i] + " (" + cl.variants() + ")");
            }
        }
    }

    // ---- buffers, timing, leaks -----------------------------------------------------------------------

    @Test
    void buffersAreReusedAcrossSizes() {
        SplittableRandom r = new SplittableRandom(11);
        float[] t = table(r, 100);
        int[] sizes = {10, 1000, 5, 200_000, 7, 199_999, 1, 50_000, 300_000, 3};
        long[] before = null;
        for (int s : sizes) {
            float[] in = inputs(r, t, 1f, s);
            in = Arrays.copyOf(in, s);
            compareThreshold(cl, in, 0, s, 1f, t, 0);
            long[] caps = cl.bufferCapacities();
            assertTrue(caps[0] >= 4L * s && caps[1] >= 4L * s);
            if (before != null && 4L * s <= before[0]) assertArrayEquals(before, caps, "no reallocation when the buffers suffice");
            before = caps;
        }
    }

    @Test
    void timingOf4MFloats() {
        int n = 4 << 20;
        SplittableRandom r = new SplittableRandom(5);
        float[] t = table(r, 64);
        float[] in = new float[n];
        for (int i = 0; i < n; i++) in[i] = (float) r.nextGaussian() * t[32];
        int[] a = new int[n], b = new int[n];
        cl.lifThreshold(in, 0, n, 1f, t, a, 0); // warm-up
        long w0 = System.nanoTime();
        cl.lifThreshold(in, 0, n, 1f, t, a, 0);
        long wall = System.nanoTime() - w0;
        ProfiledBackend.Timing tm = cl.lastTiming();
        cpu.lifThreshold(in, 0, n, 1f, t, b, 0);
        long c0 = System.nanoTime();
        cpu.lifThreshold(in, 0, n, 1f, t, b, 0);
        long cpuNanos = System.nanoTime() - c0;
        assertArrayEquals(b, a);
        assertTrue(tm.kernelNanos() > 0 && tm.transferNanos() > 0, tm.toString());
        System.out.printf("lifThreshold 4M floats, 64 thresholds on %s: kernel %.2f ms, transfers %.2f ms, wall %.2f ms; "
                + "Java cpu backend %.2f ms%n", cl.device().name(), tm.kernelNanos() / 1e6, tm.transferNanos() / 1e6, wall / 1e6, cpuNanos / 1e6);
    }

    @Test
    void manyCallsAndOpenCloseCyclesDoNotLeak() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status");
        SplittableRandom r = new SplittableRandom(13);
        float[] t = table(r, 256);
        float[] in = new float[100_000];
        for (int i = 0; i < in.length; i++) in[i] = (float) r.nextGaussian() * t[128];
        int[] out = new int[in.length];
        float[] back = new float[in.length];
        float[] levels = new float[257];
        System.arraycopy(t, 0, levels, 1, 256);
        OpenClDevice device = cl.device();
        for (int i = 0; i < 20; i++) cycle(device, in, t, out); // warm-up: JIT, allocator pools, PoCL caches
        for (int i = 0; i < 100; i++) calls(r, in, t, out, levels, back);
        System.gc();
        long rss0 = rssKiB();
        for (int i = 0; i < 1000; i++) calls(r, in, t, out, levels, back);
        long rss1 = rssKiB();
        for (int i = 0; i < 1000; i++) cycle(device, in, t, out);
        System.gc();
        long rss2 = rssKiB();
        System.out.printf("VmRSS: %d KiB before, %d KiB after 1000 calls, %d KiB after 1000 open/close cycles%n", rss0, rss1, rss2);
        assertTrue(rss1 - rss0 < 64 * 1024, "1000 calls grew RSS by " + (rss1 - rss0) + " KiB");
        assertTrue(rss2 - rss0 < 128 * 1024, "1000 open/close cycles grew RSS by " + (rss2 - rss0) + " KiB");
    }

    private static void calls(SplittableRandom r, float[] in, float[] t, int[] out, float[] levels, float[] back) {
        int len = r.nextInt(1, in.length);
        cl.lifThreshold(in, 0, len, 1f, t, out, 0);
        cl.lifReadout(out, 0, len, levels, 1f, back, 0);
    }

    private static void cycle(OpenClDevice device, float[] in, float[] t, int[] out) {
        try (OpenClBackend b = new OpenClBackend(device)) {
            b.lifThreshold(in, 0, 1000, 1f, t, out, 0);
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void closedBackendRefusesWorkAndCloseIsIdempotent() {
        OpenClBackend b = new OpenClBackend(cl.device());
        b.close();
        b.close();
        assertThrows(IllegalStateException.class, () -> b.lifThreshold(new float[1], 0, 1, 1f, new float[] {1f}, new int[1], 0));
    }

    @Test
    void dwtMatchesCpu() {
        float[] a = new float[37 * 23], b = new float[a.length];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < a.length; i++) a[i] = b[i] = (float) r.nextGaussian();
        cl.dwtForward(a, 37, 23, 3);
        cpu.dwtForward(b, 37, 23, 3);
        assertArrayEquals(b, a);
    }
}
