// Separable convolution with whole-sample symmetric (mirror) extension and its exact adjoint: the float
// arithmetic of cpu.MirrorConvolution, operation for operation (see that class for the operator).
//
// Bit-identity with Java: each output is accumulated by one work-item in exactly the order the Java loops
// accumulate it (the Java loops are tap-outer / pixel-inner, but every output sample still receives its
// terms in a fixed order, which is replayed here), every product and sum is a separately rounded float
// operation (FP_CONTRACT OFF, no mad/fma, no fast-math options), and the accumulators start from the same
// value as Java's (a first product, or +0.0f where Java adds into a zeroed array: 0.0f + -0.0f is +0.0f).
// Mirror index tables and the fold lists of the adjoint are integer tables built on the host.
#pragma OPENCL FP_CONTRACT OFF

// tmp[y][i] = sum_k kern[k] * src[y][mx[i + k]], k ascending, starting from the k = 0 product.
__kernel void blur_rows(__global const float* src, __global float* tmp, __global const int* mx,
                        __global const float* kern, const int klen, const int w, const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int g = (int) get_global_id(0);
    const int y = g / w, i = g - y * w;
    __global const float* row = src + (size_t) y * w;
    float acc = kern[0] * row[mx[i]];
    for (int k = 1; k < klen; k++) {
        const float t = kern[k] * row[mx[i + k]];
        acc = acc + t;
    }
    tmp[g] = acc;
}

// dst[y][x] = sum_k kern[k] * tmp[my[y + k]][x], k ascending, starting from the k = 0 product.
__kernel void blur_columns(__global const float* tmp, __global float* dst, __global const int* my,
                           __global const float* kern, const int klen, const int w, const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int g = (int) get_global_id(0);
    const int y = g / w, x = g - y * w;
    float acc = kern[0] * tmp[(size_t) my[y] * w + x];
    for (int k = 1; k < klen; k++) {
        const float t = kern[k] * tmp[(size_t) my[y + k] * w + x];
        acc = acc + t;
    }
    dst[g] = acc;
}

// V^T. Java: extRows[j] = 0 + sum over y ascending of kern[j - y] * src[y] (scatter loop y-outer, k-inner),
// then tmp[t] = 0 + sum over j ascending with my[j] == t of extRows[j]. The host lists those j, ascending,
// in jlist[jstart[t] .. jstart[t + 1]).
__kernel void blur_adjoint_columns(__global const float* src, __global float* tmp, __global const int* jstart,
                                   __global const int* jlist, __global const float* kern, const int klen,
                                   const int w, const int h, const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int g = (int) get_global_id(0);
    const int t = g / w, x = g - t * w;
    const int r2 = klen - 1;
    float acc = 0.0f;
    for (int q = jstart[t]; q < jstart[t + 1]; q++) {
        const int j = jlist[q];
        float e = 0.0f;
        for (int y = max(0, j - r2); y <= min(h - 1, j); y++) {
            const float p = kern[j - y] * src[(size_t) y * w + x];
            e = e + p;
        }
        acc = acc + e;
    }
    tmp[g] = acc;
}

// H^T. Java: ext[m] = 0 + sum over k ascending of kern[k] * tmp[m - k] (scatter loop k-outer, i-inner), then
// dst[i] = ext[i + r], then += ext[j] for the left-margin j (ascending), then the right-margin j (ascending)
// with mx[j] == i. The host lists, per i, first i + r and then those margin j in that order.
__kernel void blur_adjoint_rows(__global const float* tmp, __global float* dst, __global const int* jstart,
                                __global const int* jlist, __global const float* kern, const int klen,
                                const int w, const int n) {
    if (get_global_id(0) >= (size_t) n) return;   // size_t: the padded global size may pass INT_MAX
    const int g = (int) get_global_id(0);
    const int y = g / w, i = g - y * w;
    __global const float* row = tmp + (size_t) y * w;
    float acc = 0.0f;
    for (int q = jstart[i]; q < jstart[i + 1]; q++) {
        const int m = jlist[q];
        float e = 0.0f;
        for (int k = max(0, m - w + 1); k <= min(klen - 1, m); k++) {
            const float p = kern[k] * row[m - k];
            e = e + p;
        }
        if (q == jstart[i]) acc = e; else acc = acc + e;
    }
    dst[g] = acc;
}
