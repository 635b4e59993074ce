package org.spikecodec.tornadovm;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The kernels of {@link TornadoVmBackend}, written against TornadoVM's kernel API ({@link KernelContext}: one work-item
 * per element, neuron, row or column; the global size is set per call by the backend's grid, so a kernel is compiled
 * once and serves any size up to its arrays' capacity). Each repeats the arithmetic of the cpu backend
 * ({@code org.spikecodec.kernels.cpu}) operation for operation, in the same order, as separately rounded float
 * operations; the backend turns TornadoVM's {@code a * b + c} to {@code fma} rewriting off and builds without
 * {@code -cl-mad-enable -cl-fast-relaxed-math} ({@link TornadoVmSettings}), so the results are the cpu backend's bit
 * for bit. Sizes and scalar parameters come in small arrays ({@code ip}, {@code fp}) copied at every call, not as
 * scalar arguments, which TornadoVM fixes when the task graph is built.
 *
 * <p>Float comparisons: TornadoVM emits a Java {@code a <= b} or {@code a >= b} as the negation of an ordered
 * {@code isless}, so a NaN operand makes it true where Java makes it false; the two kernels that compare floats test
 * for NaN first. Integer {@code Math.abs} is written out (TornadoVM's OpenCL plugin for it failed to compile the read-out).
 *
 * <p>The class must be compiled with debug information ({@code -g}): without the local variable table TornadoVM
 * cannot compile the methods and runs them as plain Java (the backend refuses to run then, see
 * {@link TornadoVmBackend}).
 */
public final class TornadoKernels {
    private TornadoKernels() {}

    // ---- LIF thresholding and read-out (cpu.LifThresholding) ---------------------------------------------------

    /** ip = {n, table length}; fp = {gain}. out[i] = sign(x) * #{k : t[k] <= |x| * gain}, by upper-bound bisection. */
    public static void lifThreshold(KernelContext ctx, FloatArray in, FloatArray t, IntArray ip, FloatArray fp, IntArray out) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            float x = in.get(i);
            float mag = Math.abs(x) * fp.get(0);
            int lo = 0;
            // NaN compares false with every entry: count 0. Said explicitly because TornadoVM 5.2 emits Java's
            // t <= mag as !isless(mag, t) (Graal's form), which is true for NaN (it drops the unordered case).
            int hi = mag != mag ? 0 : ip.get(1);
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (t.get(mid) <= mag) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out.set(i, x < 0f ? -lo : lo);
        }
    }

    /** ip = {n, last}; q[a] = levels[a] / gain, divided on the host. out[i] = sign(c) * q[min(|c|, last)]. */
    public static void lifReadout(KernelContext ctx, IntArray counts, FloatArray q, IntArray ip, FloatArray out) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            int c = counts.get(i);
            int last = ip.get(1);
            // Math.abs(int) written out: TornadoVM 5.2's OpenCL plugin for it fails here ("plugin manipulated the stack
            // incorrectly"). |MIN_VALUE| overflows: it saturates, as in the cpu backend.
            int m = c < 0 ? -c : c;
            int a = (c == Integer.MIN_VALUE || m > last) ? last : m;
            float v = q.get(a);
            out.set(i, c < 0 ? -v : v);
        }
    }

    // ---- time-stepped LIF integration (ComputeBackend.lifIntegrate, cpu.LifIntegrator) ------------------------

    /**
     * ip = {neurons, steps, stepsPerPlane, stepsPerBin, bins, refractorySteps}; fp = {driveScale, decay, oneMinusDecay,
     * threshold}. One work-item per neuron runs the documented loop.
     */
    public static void lifIntegrate(KernelContext ctx, FloatArray input, IntArray ip, FloatArray fp, IntArray counts, IntArray first) {
        int i = ctx.globalIdx;
        int neurons = ip.get(0);
        if (i < neurons) {
            int steps = ip.get(1);
            int stepsPerPlane = ip.get(2);
            int stepsPerBin = ip.get(3);
            int bins = ip.get(4);
            int refractory = ip.get(5);
            float driveScale = fp.get(0);
            float decay = fp.get(1);
            float oneMinusDecay = fp.get(2);
            float threshold = fp.get(3);
            for (int b = 0; b < bins; b++) {
                counts.set(b * neurons + i, 0);
            }
            int firstStep = -1;
            int hold = 0;
            float u = 0f;
            for (int t = 0; t < steps; t++) {
                if (hold > 0) {
                    hold--;
                } else {
                    float x = input.get((t / stepsPerPlane) * neurons + i);
                    float drive = driveScale * Math.abs(x);
                    float leaked = u * decay;
                    float charged = drive * oneMinusDecay;
                    u = leaked + charged;
                    if (u == u && u >= threshold) { // u == u: a NaN potential never fires (see lifThreshold)
                        int at = (t / stepsPerBin) * neurons + i;
                        int c = counts.get(at);
                        int next = x < 0f ? -1 : 1;
                        if (c > 0) {
                            next = c + 1;
                        } else if (c < 0) {
                            next = c - 1;
                        }
                        counts.set(at, next);
                        if (firstStep < 0) {
                            firstStep = t + 1;
                        }
                        u = 0f;
                        hold = refractory;
                    }
                }
            }
            first.set(i, firstStep);
        }
    }

    // ---- separable blur with mirror extension and its adjoint (cpu.MirrorConvolution) -----------------------------

    /** ip = {w, h, kernel length}. tmp[y][i] = sum_k kern[k] * src[y][mx[i + k]], k ascending, from the k = 0 product. */
    public static void blurRows(KernelContext ctx, FloatArray src, IntArray mx, FloatArray kern, IntArray ip, FloatArray tmp) {
        int g = ctx.globalIdx;
        int w = ip.get(0);
        if (g < w * ip.get(1)) {
            int klen = ip.get(2);
            int y = g / w;
            int i = g - y * w;
            int row = y * w;
            float acc = kern.get(0) * src.get(row + mx.get(i));
            for (int k = 1; k < klen; k++) {
                float p = kern.get(k) * src.get(row + mx.get(i + k));
                acc = acc + p;
            }
            tmp.set(g, acc);
        }
    }

    /** ip = {w, h, kernel length}. dst[y][x] = sum_k kern[k] * tmp[my[y + k]][x], k ascending, from the k = 0 product. */
    public static void blurColumns(KernelContext ctx, FloatArray tmp, IntArray my, FloatArray kern, IntArray ip, FloatArray dst) {
        int g = ctx.globalIdx;
        int w = ip.get(0);
        if (g < w * ip.get(1)) {
            int klen = ip.get(2);
            int y = g / w;
            int x = g - y * w;
            float acc = kern.get(0) * tmp.get(my.get(y) * w + x);
            for (int k = 1; k < klen; k++) {
                float p = kern.get(k) * tmp.get(my.get(y + k) * w + x);
                acc = acc + p;
            }
            dst.set(g, acc);
        }
    }

    /**
     * V^T (ip = {w, h, kernel length}): the cpu adjoint scatters extRows[j] = 0 + sum over y ascending of
     * kern[j - y] * src[y], then tmp[t] = 0 + sum over j ascending with my[j] == t of extRows[j]; the host lists those j
     * in fold[start[t] .. start[t + 1]).
     */
    public static void blurAdjointColumns(KernelContext ctx, FloatArray src, IntArray start, IntArray fold, FloatArray kern, IntArray ip,
                                          FloatArray tmp) {
        int g = ctx.globalIdx;
        int w = ip.get(0);
        int h = ip.get(1);
        if (g < w * h) {
            int r2 = ip.get(2) - 1;
            int t = g / w;
            int x = g - t * w;
            float acc = 0f;
            for (int q = start.get(t); q < start.get(t + 1); q++) {
                int j = fold.get(q);
                float e = 0f;
                for (int y = Math.max(0, j - r2); y <= Math.min(h - 1, j); y++) {
                    float p = kern.get(j - y) * src.get(y * w + x);
                    e = e + p;
                }
                acc = acc + e;
            }
            tmp.set(g, acc);
        }
    }

    /**
     * H^T (ip = {w, h, kernel length}): ext[m] = 0 + sum over k ascending of kern[k] * tmp[m - k]; dst[i] = ext[i + r],
     * then += the folded margin positions; the host lists, per i, i + r first and then the margins, in that order.
     */
    public static void blurAdjointRows(KernelContext ctx, FloatArray tmp, IntArray start, IntArray fold, FloatArray kern, IntArray ip,
                                       FloatArray dst) {
        int g = ctx.globalIdx;
        int w = ip.get(0);
        if (g < w * ip.get(1)) {
            int klen = ip.get(2);
            int y = g / w;
            int i = g - y * w;
            int row = y * w;
            float acc = 0f;
            int q0 = start.get(i);
            for (int q = q0; q < start.get(i + 1); q++) {
                int m = fold.get(q);
                float e = 0f;
                for (int k = Math.max(0, m - w + 1); k <= Math.min(klen - 1, m); k++) {
                    float p = kern.get(k) * tmp.get(row + m - k);
                    e = e + p;
                }
                if (q == q0) {
                    acc = e;
                } else {
                    acc = acc + e;
                }
            }
            dst.set(g, acc);
        }
    }

    // ---- CDF 9/7 lifting (cpu.Cdf97Lifting): one work-item per column (vertical pass) or row (horizontal pass) ----
    // ip = {width, level, w_0, h_0, w_1, h_1, ...}: the plane's row stride, the level this run transforms, then each
    // level's region.
    // fp = {c1, c2, c3, c4, K, 1/K}: the four lifting constants in the order applied ({alpha, beta, gamma, delta}
    // forward, {-delta, -gamma, -beta, -alpha} inverse), then the scaling.

    /** Forward vertical pass of level ip[1]: column x of the region, lifted in place, then deinterleaved. */
    public static void dwtForwardColumns(KernelContext ctx, FloatArray p, FloatArray scratch, IntArray ip, FloatArray fp) {
        int level = ip.get(1);
        int x = ctx.globalIdx;
        int stride = ip.get(0);
        int w = ip.get(2 + 2 * level);
        int n = ip.get(3 + 2 * level);
        if (x < w && n > 1) {
            predictColumn(p, stride, x, n, fp.get(0));
            updateColumn(p, stride, x, n, fp.get(1));
            predictColumn(p, stride, x, n, fp.get(2));
            updateColumn(p, stride, x, n, fp.get(3));
            float k = fp.get(4);
            float invK = fp.get(5);
            int nL = (n + 1) >> 1;
            int nH = n >> 1;
            for (int j = 0; j < nH; j++) {
                scratch.set(j * stride + x, p.get((2 * j + 1) * stride + x) * k);
            }
            for (int j = 0; j < nL; j++) {
                p.set(j * stride + x, p.get(2 * j * stride + x) * invK);
            }
            for (int j = 0; j < nH; j++) {
                p.set((nL + j) * stride + x, scratch.get(j * stride + x));
            }
        }
    }

    /** Inverse vertical pass of level ip[1]: interleave (scaled), then lift in place. */
    public static void dwtInverseColumns(KernelContext ctx, FloatArray p, FloatArray scratch, IntArray ip, FloatArray fp) {
        int level = ip.get(1);
        int x = ctx.globalIdx;
        int stride = ip.get(0);
        int w = ip.get(2 + 2 * level);
        int n = ip.get(3 + 2 * level);
        if (x < w && n > 1) {
            float k = fp.get(4);
            float invK = fp.get(5);
            int nL = (n + 1) >> 1;
            int nH = n >> 1;
            for (int j = 0; j < nH; j++) {
                scratch.set(j * stride + x, p.get((nL + j) * stride + x) * invK);
            }
            for (int j = nL - 1; j >= 0; j--) {
                p.set(2 * j * stride + x, p.get(j * stride + x) * k);
            }
            for (int j = 0; j < nH; j++) {
                p.set((2 * j + 1) * stride + x, scratch.get(j * stride + x));
            }
            updateColumn(p, stride, x, n, fp.get(0));
            predictColumn(p, stride, x, n, fp.get(1));
            updateColumn(p, stride, x, n, fp.get(2));
            predictColumn(p, stride, x, n, fp.get(3));
        }
    }

    /** Odd rows from the even rows above and below (the last mirrored): the cpu vertical predict step (Cdf97Lifting.predictSplitRows) for one column. */
    private static void predictColumn(FloatArray p, int stride, int x, int n, float c) {
        for (int r = 1; r < n; r += 2) {
            int row = r * stride;
            int up = row - stride;
            int down = r + 1 < n ? row + stride : up;
            float s = p.get(up + x) + p.get(down + x);
            float d = c * s;
            p.set(row + x, p.get(row + x) + d);
        }
    }

    /** Even rows from the odd rows above and below (mirrored at both ends): the cpu vertical update step (Cdf97Lifting.updateSplitRows) for one column. */
    private static void updateColumn(FloatArray p, int stride, int x, int n, float c) {
        for (int r = 0; r < n; r += 2) {
            int row = r * stride;
            int down = r + 1 < n ? row + stride : row - stride;
            int up = r > 0 ? row - stride : down;
            float s = p.get(up + x) + p.get(down + x);
            float d = c * s;
            p.set(row + x, p.get(row + x) + d);
        }
    }

    /** Forward horizontal pass of level ip[1]: row y split into scratch (evens, then odds), lifted there, scaled back. */
    public static void dwtForwardRows(KernelContext ctx, FloatArray p, FloatArray scratch, IntArray ip, FloatArray fp) {
        int level = ip.get(1);
        int y = ctx.globalIdx;
        int stride = ip.get(0);
        int n = ip.get(2 + 2 * level);
        int h = ip.get(3 + 2 * level);
        if (y < h && n > 1) {
            int off = y * stride;
            int nL = (n + 1) >> 1;
            int nH = n >> 1;
            for (int i = 0; i < nL; i++) {
                scratch.set(off + i, p.get(off + 2 * i));
            }
            for (int i = 0; i < nH; i++) {
                scratch.set(off + nL + i, p.get(off + 2 * i + 1));
            }
            predictSplit(scratch, off, nL, nH, fp.get(0));
            updateSplit(scratch, off, nL, nH, fp.get(1));
            predictSplit(scratch, off, nL, nH, fp.get(2));
            updateSplit(scratch, off, nL, nH, fp.get(3));
            float k = fp.get(4);
            float invK = fp.get(5);
            for (int i = 0; i < nL; i++) {
                p.set(off + i, scratch.get(off + i) * invK);
            }
            for (int i = nL; i < n; i++) {
                p.set(off + i, scratch.get(off + i) * k);
            }
        }
    }

    /** Inverse horizontal pass of level ip[1]: scaled into scratch, lifted there, interleaved back. */
    public static void dwtInverseRows(KernelContext ctx, FloatArray p, FloatArray scratch, IntArray ip, FloatArray fp) {
        int level = ip.get(1);
        int y = ctx.globalIdx;
        int stride = ip.get(0);
        int n = ip.get(2 + 2 * level);
        int h = ip.get(3 + 2 * level);
        if (y < h && n > 1) {
            int off = y * stride;
            int nL = (n + 1) >> 1;
            int nH = n >> 1;
            float k = fp.get(4);
            float invK = fp.get(5);
            for (int i = 0; i < nL; i++) {
                scratch.set(off + i, p.get(off + i) * k);
            }
            for (int i = nL; i < n; i++) {
                scratch.set(off + i, p.get(off + i) * invK);
            }
            updateSplit(scratch, off, nL, nH, fp.get(0));
            predictSplit(scratch, off, nL, nH, fp.get(1));
            updateSplit(scratch, off, nL, nH, fp.get(2));
            predictSplit(scratch, off, nL, nH, fp.get(3));
            for (int i = 0; i < nL; i++) {
                p.set(off + 2 * i, scratch.get(off + i));
            }
            for (int i = 0; i < nH; i++) {
                p.set(off + 2 * i + 1, scratch.get(off + nL + i));
            }
        }
    }

    /** cpu predict on a split line at a[off..]: odds (at nL..) from their even neighbours, the last mirrored. */
    private static void predictSplit(FloatArray a, int off, int nL, int nH, float c) {
        for (int i = 0; i < nL - 1; i++) {
            lift(a, off + nL + i, a.get(off + i), a.get(off + i + 1), c);
        }
        if (nL == nH) {
            lift(a, off + nL + nH - 1, a.get(off + nL - 1), a.get(off + nL - 1), c);
        }
    }

    /** cpu update on a split line: evens from their odd neighbours, mirrored at both ends. */
    private static void updateSplit(FloatArray a, int off, int nL, int nH, float c) {
        lift(a, off, a.get(off + nL), a.get(off + nL), c);
        for (int i = 1; i < nH; i++) {
            lift(a, off + i, a.get(off + nL + i - 1), a.get(off + nL + i), c);
        }
        if (nL > nH) {
            lift(a, off + nL - 1, a.get(off + nL + nH - 1), a.get(off + nL + nH - 1), c);
        }
    }

    /** a[at] += c * (left + right): three separately rounded float operations in the Java order. */
    private static void lift(FloatArray a, int at, float left, float right, float c) {
        float s = left + right;
        float d = c * s;
        a.set(at, a.get(at) + d);
    }

    // ---- copy baseline ------------------------------------------------------------------------------------------------

    /** ip = {n}: out[i] = in[i], the memory-copy baseline of the benchmarks. */
    public static void copy(KernelContext ctx, FloatArray in, IntArray ip, FloatArray out) {
        int i = ctx.globalIdx;
        if (i < ip.get(0)) {
            out.set(i, in.get(i));
        }
    }
}
