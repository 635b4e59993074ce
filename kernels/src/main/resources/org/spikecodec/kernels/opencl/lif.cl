// LIF thresholding and read-out: the exact semantics of ComputeBackend / cpu.LifThresholding.
// Built WITHOUT -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero or -cl-unsafe-math-optimizations:
// the counts must agree bit for bit with the Java backend.
#pragma OPENCL FP_CONTRACT OFF

// out[i] = sign(x) * #{k : t[k] <= |x| * gain}. One IEEE-754 single multiply (correctly rounded in
// OpenCL, as in Java), then an upper-bound bisection over the increasing table: only comparisons.
// (An inline function is kept out of the kernel so that the floatN variants below reuse it for long tables.)
inline int count_at_most(const float x, const float gain, __global const float* t, const int tlen) {
    const float mag = fabs(x) * gain;
    int lo = 0, hi = tlen;            // invariant: t[0..lo) <= mag, t[hi..) > mag
    while (lo < hi) {
        const int mid = (int) (((uint) lo + (uint) hi) >> 1);
        if (t[mid] <= mag) lo = mid + 1; else hi = mid;
    }
    return x < 0.0f ? -lo : lo;
}

__kernel void lif_threshold(__global const float* in,
                            const float gain,
                            __global const float* t,
                            const int tlen,
                            __global int* out,
                            const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int i = (int) get_global_id(0);
    out[i] = count_at_most(in[i], gain, t, tlen);
}

// out[i] = sign(n) * q[min(|n|, last)], where q[a] = levels[a] / gain was computed on the host
// (Java float division), so no device division, whose accuracy OpenCL does not guarantee, is involved.
// The sign is applied by flipping the sign bit, as Java's unary minus does.
inline float level_of(const int c, __global const float* q, const int last) {
    const uint a = abs(c);            // OpenCL abs returns uint: abs(INT_MIN) = 2^31, which saturates
    const float v = q[min(a, (uint) last)];
    return c < 0 ? as_float(as_uint(v) ^ 0x80000000u) : v;
}

__kernel void lif_readout(__global const int* counts,
                          __global const float* q,
                          const int last,
                          __global float* out,
                          const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int i = (int) get_global_id(0);
    out[i] = level_of(counts[i], q, last);
}

// ---- explicit-vector variants for CPU devices (built with -DLIF_WIDTH=4, 8 or 16) ----------------------------
// PoCL vectorizes across work-items only when their control flow agrees, which the bisection above (a data-
// dependent trip count) prevents. Here one work-item takes LIF_WIDTH consecutive inputs as one floatN and counts,
// for short tables, every threshold at once: count = #{k : t[k] <= mag} with the same trip count in every lane,
// exactly the scalar kernel's count for an increasing table (NaN compares false everywhere: 0). For long tables the
// linear count costs more than a bisection, and a lane-wise bisection through gathers measured slower than the
// scalar kernel on PoCL (docs/performance.md), so those run the scalar bisection lane by lane.
#if defined(LIF_WIDTH) && LIF_WIDTH > 1
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define floatN CAT(float, LIF_WIDTH)
#define intN CAT(int, LIF_WIDTH)
#define uintN CAT(uint, LIF_WIDTH)
#define vloadN CAT(vload, LIF_WIDTH)
#define vstoreN CAT(vstore, LIF_WIDTH)
#define as_floatN CAT(as_float, LIF_WIDTH)
#define as_uintN CAT(as_uint, LIF_WIDTH)
#define LINEAR_MAX 64   // linear beats the bisection up to about 64-128 entries on PoCL (docs/performance.md)

// One lane per element of `idx`: no gather instruction in OpenCL C, so go through private arrays.
inline floatN gather(__global const float* t, const intN idx) {
    int i[LIF_WIDTH];
    float v[LIF_WIDTH];
    vstoreN(idx, 0, i);
    for (int l = 0; l < LIF_WIDTH; l++) v[l] = t[i[l]];
    return vloadN(0, v);
}

__kernel void lif_threshold_vec(__global const float* in,
                                const float gain,
                                __global const float* t,
                                const int tlen,
                                __global int* out,
                                const int n) {
    const size_t base = get_global_id(0) * LIF_WIDTH;   // size_t: the padded global size may pass INT_MAX / LIF_WIDTH
    if (base >= (size_t) n) return;
    // The tail of the array, and long tables: the scalar kernel's bisection, element by element.
    if ((size_t) n - base < LIF_WIDTH || tlen > LINEAR_MAX) {
        for (size_t i = base; i < min(base + LIF_WIDTH, (size_t) n); i++) out[i] = count_at_most(in[i], gain, t, tlen);
        return;
    }
    const floatN x = vloadN(0, in + base);
    const floatN mag = fabs(x) * gain;        // lane-wise IEEE single multiply, as Java's
    intN count = (intN) 0;
    for (int k = 0; k < tlen; k++) count -= (intN) ((floatN) t[k] <= mag);   // a true relation is -1
    vstoreN(select(count, -count, x < (floatN) 0.0f), 0, out + base);
}

__kernel void lif_readout_vec(__global const int* counts,
                              __global const float* q,
                              const int last,
                              __global float* out,
                              const int n) {
    const size_t base = get_global_id(0) * LIF_WIDTH;   // size_t: the padded global size may pass INT_MAX / LIF_WIDTH
    if (base >= (size_t) n) return;
    if ((size_t) n - base < LIF_WIDTH) {
        for (size_t i = base; i < (size_t) n; i++) out[i] = level_of(counts[i], q, last);
        return;
    }
    const intN c = vloadN(0, counts + base);
    const floatN v = gather(q, CAT(convert_int, LIF_WIDTH)(min(abs(c), (uintN) last)));
    const uintN signBit = as_uintN(c < (intN) 0) & (uintN) 0x80000000u;
    vstoreN(as_floatN(as_uintN(v) ^ signBit), 0, out + base);
}
#endif
