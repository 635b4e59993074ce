// LIF thresholding and read-out: the exact semantics of ComputeBackend / cpu.LifThresholding.
// Built WITHOUT -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero or -cl-unsafe-math-optimizations:
// the counts must agree bit for bit with the Java backend.
#pragma OPENCL FP_CONTRACT OFF

// out[i] = sign(x) * #{k : t[k] <= |x| * gain}. One IEEE-754 single multiply (correctly rounded in
// OpenCL, as in Java), then an upper-bound bisection over the increasing table: only comparisons.
__kernel void lif_threshold(__global const float* in,
                            const float gain,
                            __global const float* t,
                            const int tlen,
                            __global int* out,
                            const int n) {
    const int i = (int) get_global_id(0);
    if (i >= n) return;
    const float x = in[i];
    const float mag = fabs(x) * gain;
    int lo = 0, hi = tlen;            // invariant: t[0..lo) <= mag, t[hi..) > mag
    while (lo < hi) {
        const int mid = (int) (((uint) lo + (uint) hi) >> 1);
        if (t[mid] <= mag) lo = mid + 1; else hi = mid;
    }
    out[i] = x < 0.0f ? -lo : lo;
}

// out[i] = sign(n) * q[min(|n|, last)], where q[a] = levels[a] / gain was computed on the host
// (Java float division), so no device division, whose accuracy OpenCL does not guarantee, is involved.
// The sign is applied by flipping the sign bit, as Java's unary minus does.
__kernel void lif_readout(__global const int* counts,
                          __global const float* q,
                          const int last,
                          __global float* out,
                          const int n) {
    const int i = (int) get_global_id(0);
    if (i >= n) return;
    const int c = counts[i];
    const uint a = abs(c);            // OpenCL abs returns uint: abs(INT_MIN) = 2^31, which saturates
    const float v = q[min(a, (uint) last)];
    out[i] = c < 0 ? as_float(as_uint(v) ^ 0x80000000u) : v;
}

// ---- explicit-vector variants for CPU devices (built with -DLIF_WIDTH=4, 8 or 16) ----------------------------
// PoCL vectorizes across work-items only when their control flow agrees, which the bisection above (a data-
// dependent trip count) prevents. Here one work-item takes LIF_WIDTH consecutive inputs as one floatN, and the
// search has the same trip count in every lane: a linear count over short tables, a binary lifting (the count grows
// by step when t[count + step - 1] <= mag, for step = the largest power of two <= tlen, halved down to 1) over long
// ones. Both give exactly #{k : t[k] <= mag}, the count of the scalar kernel; NaN compares false everywhere (0).
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
#define LINEAR_MAX 32

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
    const int base = (int) get_global_id(0) * LIF_WIDTH;
    if (base >= n) return;
    if (n - base < LIF_WIDTH) {       // the tail: the scalar kernel's search, element by element
        for (int i = base; i < n; i++) {
            const float mag = fabs(in[i]) * gain;
            int c = 0;
            while (c < tlen && t[c] <= mag) c++;
            out[i] = in[i] < 0.0f ? -c : c;
        }
        return;
    }
    const floatN x = vloadN(0, in + base);
    const floatN mag = fabs(x) * gain;        // lane-wise IEEE single multiply, as Java's
    intN count = (intN) 0;
    if (tlen <= LINEAR_MAX) {
        for (int k = 0; k < tlen; k++) count -= (intN) ((floatN) t[k] <= mag);   // a true relation is -1
    } else {
        int step = 1;
        while (step <= tlen >> 1) step <<= 1;
        for (; step > 0; step >>= 1) {
            const intN probe = count + step;
            const intN inRange = probe <= tlen;
            const floatN v = gather(t, min(probe, (intN) tlen) - 1);
            count = select(count, probe, inRange & (v <= mag));
        }
    }
    vstoreN(select(count, -count, x < (floatN) 0.0f), 0, out + base);
}

__kernel void lif_readout_vec(__global const int* counts,
                              __global const float* q,
                              const int last,
                              __global float* out,
                              const int n) {
    const int base = (int) get_global_id(0) * LIF_WIDTH;
    if (base >= n) return;
    if (n - base < LIF_WIDTH) {
        for (int i = base; i < n; i++) {
            const int c = counts[i];
            const float v = q[min(abs(c), (uint) last)];
            out[i] = c < 0 ? as_float(as_uint(v) ^ 0x80000000u) : v;
        }
        return;
    }
    const intN c = vloadN(0, counts + base);
    const floatN v = gather(q, CAT(convert_int, LIF_WIDTH)(min(abs(c), (uintN) last)));
    const uintN signBit = as_uintN(c < (intN) 0) & (uintN) 0x80000000u;
    vstoreN(as_floatN(as_uintN(v) ^ signBit), 0, out + base);
}
#endif
