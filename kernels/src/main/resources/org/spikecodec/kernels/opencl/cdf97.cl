// Multi-level 2-D CDF 9/7 lifting: one kernel launch per lifting step, one work-item per sample. (An earlier
// layout gave one work-item a whole row or column: too little parallelism for a GPU, and even on PoCL's CPU device
// it ran 9x slower than this one, measured in docs/performance.md.) The arithmetic is the cpu backend's
// (cpu.Cdf97Lifting), bit for bit:
//  - every update x += c * (a + b) is three separately rounded float operations in the Java order
//    (s = a + b; s = c * s; x = x + s), contraction off, no -cl-mad-enable / -cl-fast-relaxed-math;
//  - the lifting runs on interleaved samples in place (odd positions are the high-pass, even the low-pass), with
//    whole-sample symmetric extension (position -1 reads 1, position n reads n - 2); a, b are the left and right
//    neighbours in that order, the operands Java adds;
//  - within one step every target reads only samples of the other parity, so the items of a step are independent
//    and the host just orders the steps (in-order queue);
//  - the deinterleave (forward) or interleave (inverse) with the 1/K, K scaling goes through a scratch buffer and
//    is copied back, so that the rest of the plane (the previous levels' high-pass bands) is never touched.
// Rows: global (count along the row, rows); columns: global (columns, count down the column): dimension 0 always
// walks consecutive addresses, so neighbouring work-items read neighbouring floats (coalesced on a GPU).
#pragma OPENCL FP_CONTRACT OFF

inline float lift(const float x, const float c, const float a, const float b) {
    float s = a + b;
    s = c * s;
    return x + s;
}

// Lifting step on positions parity, parity + 2, ... < n of `lines` lines. Sample r of line l is at
// p[l * lineStride + r * sampleStride].
inline void lift_step(__global float* p, const int r, const int n, const size_t line, const size_t sampleStride,
                      const float c) {
    const int left = r > 0 ? r - 1 : r + 1;
    const int right = r + 1 < n ? r + 1 : r - 1;
    __global float* x = p + line + (size_t) r * sampleStride;
    *x = lift(*x, c, p[line + (size_t) left * sampleStride], p[line + (size_t) right * sampleStride]);
}

__kernel void cdf97_lift_rows(__global float* p, const int stride, const int n, const int rows, const int parity,
                              const float c) {
    const size_t r = parity + 2 * get_global_id(0), y = get_global_id(1);   // size_t: no overflow near INT_MAX
    if (r >= (size_t) n || y >= (size_t) rows) return;
    lift_step(p, (int) r, n, y * stride, 1, c);
}

__kernel void cdf97_lift_columns(__global float* p, const int stride, const int n, const int columns, const int parity,
                                 const float c) {
    const size_t x = get_global_id(0), r = parity + 2 * get_global_id(1);
    if (x >= (size_t) columns || r >= (size_t) n) return;
    lift_step(p, (int) r, n, x, (size_t) stride, c);
}

// Forward: position i goes to i / 2 (even, times invk) or nL + i / 2 (odd, times k). Inverse (`forward` == 0):
// position i < nL goes to 2i (times k), i >= nL to 2(i - nL) + 1 (times invk). One float multiply either way.
inline int reorder(const int i, const int n, const int forward, const float k, const float invk, float* scale) {
    const int nL = (n + 1) >> 1;
    if (forward) {
        *scale = (i & 1) ? k : invk;
        return (i & 1) ? nL + (i >> 1) : i >> 1;
    }
    *scale = i < nL ? k : invk;
    return i < nL ? 2 * i : 2 * (i - nL) + 1;
}

__kernel void cdf97_reorder_rows(__global const float* p, __global float* dst, const int stride, const int n,
                                 const int rows, const int forward, const float k, const float invk) {
    if (get_global_id(0) >= (size_t) n || get_global_id(1) >= (size_t) rows) return;
    const int i = (int) get_global_id(0), y = (int) get_global_id(1);
    float s;
    const int to = reorder(i, n, forward, k, invk, &s);
    const size_t line = (size_t) y * stride;
    dst[line + to] = p[line + i] * s;
}

__kernel void cdf97_reorder_columns(__global const float* p, __global float* dst, const int stride, const int n,
                                    const int columns, const int forward, const float k, const float invk) {
    if (get_global_id(0) >= (size_t) columns || get_global_id(1) >= (size_t) n) return;
    const int x = (int) get_global_id(0), i = (int) get_global_id(1);
    float s;
    const int to = reorder(i, n, forward, k, invk, &s);
    dst[(size_t) to * stride + x] = p[(size_t) i * stride + x] * s;
}

// dst = src on the w x h region at the top-left of planes with row stride `stride`.
__kernel void copy_region(__global const float* src, __global float* dst, const int stride, const int w, const int h) {
    if (get_global_id(0) >= (size_t) w || get_global_id(1) >= (size_t) h) return;
    const int x = (int) get_global_id(0), y = (int) get_global_id(1);
    const size_t at = (size_t) y * stride + x;
    dst[at] = src[at];
}

// ---- a whole row pass in local memory: one work-group per row -------------------------------------------------
// The per-sample kernels above read and write the plane about twelve times per pass (four lifting steps, the
// deinterleave to scratch, the copy back). When a row fits in local memory, one work-group loads it once
// (deinterleaved, as Java's forwardRow does), runs the four lifting steps there with a barrier between them, and
// writes it back once, scaled. Same operations on the same operands in the same order as cpu.Cdf97Lifting's
// forwardRow / inverseRow (split layout: evens at buf[0, nL), odds at buf[nL, nL + nH)), so bit-identical.

// Odd samples from their even neighbours: odd j reads evens j and j + 1 (j when j + 1 == nL, the mirror).
inline void predict_local(__local float* a, const int nL, const int nH, const float c) {
    for (int j = (int) get_local_id(0); j < nH; j += (int) get_local_size(0))
        a[nL + j] = lift(a[nL + j], c, a[j], a[j + 1 < nL ? j + 1 : j]);
    barrier(CLK_LOCAL_MEM_FENCE);
}

// Even samples from their odd neighbours: even i reads odds i - 1 and i, mirrored to 0 at the left and to nH - 1 at
// the right.
inline void update_local(__local float* a, const int nL, const int nH, const float c) {
    for (int i = (int) get_local_id(0); i < nL; i += (int) get_local_size(0))
        a[i] = lift(a[i], c, a[nL + (i > 0 ? i - 1 : 0)], a[nL + (i < nH ? i : nH - 1)]);
    barrier(CLK_LOCAL_MEM_FENCE);
}

__kernel void cdf97_rows_local(__global float* p, __local float* buf, const int stride, const int n, const int forward,
                               const float c1, const float c2, const float c3, const float c4,
                               const float k, const float invk) {
    __global float* row = p + (size_t) get_group_id(0) * stride;
    const int nL = (n + 1) >> 1, nH = n >> 1, lid = (int) get_local_id(0), ls = (int) get_local_size(0);
    if (forward) {
        for (int i = lid; i < n; i += ls) buf[(i & 1) ? nL + (i >> 1) : i >> 1] = row[i];
        barrier(CLK_LOCAL_MEM_FENCE);
        predict_local(buf, nL, nH, c1);
        update_local(buf, nL, nH, c2);
        predict_local(buf, nL, nH, c3);
        update_local(buf, nL, nH, c4);
        for (int i = lid; i < n; i += ls) row[i] = buf[i] * (i < nL ? invk : k);
    } else {
        for (int i = lid; i < n; i += ls) buf[i] = row[i] * (i < nL ? k : invk);
        barrier(CLK_LOCAL_MEM_FENCE);
        update_local(buf, nL, nH, c1);
        predict_local(buf, nL, nH, c2);
        update_local(buf, nL, nH, c3);
        predict_local(buf, nL, nH, c4);
        for (int i = lid; i < n; i += ls) row[i < nL ? 2 * i : 2 * (i - nL) + 1] = buf[i];
    }
}
