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
