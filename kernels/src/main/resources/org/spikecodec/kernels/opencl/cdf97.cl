// Multi-level 2-D CDF 9/7 lifting, the exact float arithmetic of cpu.Cdf97Lifting (see that class for the
// conventions: whole-sample symmetric extension, Mallat layout, low-pass first, 1/K on low-pass, K on high-pass).
// The host runs, per level, the column kernel (when the region is at least 2 rows high) then the row kernel
// (when at least 2 columns wide); the inverse runs the levels backwards, rows then columns.
//
// Bit-identity with Java: every lifting update x += c * (a + b) is written as three separately rounded float
// operations in the Java order (s = a + b; s = c * s; x = x + s); no mad/fma (FP_CONTRACT OFF, and the program
// is built without -cl-mad-enable / -cl-fast-relaxed-math); constants come from Java as kernel arguments, so
// they are the very floats the cpu backend uses. One work-item owns one whole line (a column or a row) and does
// the line's steps in the Java order; different lines never read each other's samples, so the result does not
// depend on the schedule.
#pragma OPENCL FP_CONTRACT OFF

inline float lift(const float x, const float c, const float a, const float b) {
    float s = a + b;
    s = c * s;
    return x + s;
}

// ---- one line of n >= 2 samples at buf[0..n) already split: evens at [0, nL), odds at [nL, nL + nH) ----

inline void predict_line(__global float* a, const int nL, const int nH, const float c) {
    for (int i = 0; i < nL - 1; i++) a[nL + i] = lift(a[nL + i], c, a[i], a[i + 1]);
    if (nL == nH) a[nL + nH - 1] = lift(a[nL + nH - 1], c, a[nL - 1], a[nL - 1]);
}

inline void update_line(__global float* a, const int nL, const int nH, const float c) {
    a[0] = lift(a[0], c, a[nL], a[nL]);
    for (int i = 1; i < nH; i++) a[i] = lift(a[i], c, a[nL + i - 1], a[nL + i]);
    if (nL > nH) a[nL - 1] = lift(a[nL - 1], c, a[nL + nH - 1], a[nL + nH - 1]);
}

// Rows 0..rows of the region, each of n >= 2 samples, at p + y * stride; scratch holds rows * stride floats.
__kernel void cdf97_forward_rows(__global float* p, __global float* scratch, const int stride, const int n, const int rows,
                                 const float alpha, const float beta, const float gamma, const float delta,
                                 const float k, const float invk) {
    const int y = (int) get_global_id(0);
    if (y >= rows) return;
    __global float* row = p + (size_t) y * stride;
    __global float* buf = scratch + (size_t) y * stride;
    const int nL = (n + 1) >> 1, nH = n >> 1;
    for (int i = 0; i < nL; i++) buf[i] = row[2 * i];
    for (int i = 0; i < nH; i++) buf[nL + i] = row[2 * i + 1];
    predict_line(buf, nL, nH, alpha);
    update_line(buf, nL, nH, beta);
    predict_line(buf, nL, nH, gamma);
    update_line(buf, nL, nH, delta);
    for (int i = 0; i < nL; i++) row[i] = buf[i] * invk;
    for (int i = nL; i < n; i++) row[i] = buf[i] * k;
}

// c1..c4 are -delta, -gamma, -beta, -alpha (negated in Java).
__kernel void cdf97_inverse_rows(__global float* p, __global float* scratch, const int stride, const int n, const int rows,
                                 const float c1, const float c2, const float c3, const float c4,
                                 const float k, const float invk) {
    const int y = (int) get_global_id(0);
    if (y >= rows) return;
    __global float* row = p + (size_t) y * stride;
    __global float* buf = scratch + (size_t) y * stride;
    const int nL = (n + 1) >> 1, nH = n >> 1;
    for (int i = 0; i < nL; i++) buf[i] = row[i] * k;
    for (int i = nL; i < n; i++) buf[i] = row[i] * invk;
    update_line(buf, nL, nH, c1);
    predict_line(buf, nL, nH, c2);
    update_line(buf, nL, nH, c3);
    predict_line(buf, nL, nH, c4);
    for (int i = 0; i < nL; i++) row[2 * i] = buf[i];
    for (int i = 0; i < nH; i++) row[2 * i + 1] = buf[nL + i];
}

// ---- one column x of n >= 2 rows, lifted in place on interleaved rows (Java's predictRows / updateRows) ----

inline void predict_column(__global float* p, const int stride, const int n, const float c) {
    for (int r = 1; r < n; r += 2) {
        const size_t row = (size_t) r * stride, up = row - stride, down = r + 1 < n ? row + stride : up;
        p[row] = lift(p[row], c, p[up], p[down]);
    }
}

inline void update_column(__global float* p, const int stride, const int n, const float c) {
    for (int r = 0; r < n; r += 2) {
        const size_t row = (size_t) r * stride;
        const size_t down = r + 1 < n ? row + stride : row - stride;
        const size_t up = r > 0 ? row - stride : down;
        p[row] = lift(p[row], c, p[up], p[down]);
    }
}

// Columns 0..w of the region's n >= 2 rows; scratch holds (n / 2) * w floats (Java's layout: [k * w + x]).
__kernel void cdf97_forward_columns(__global float* p, __global float* scratch, const int stride, const int w, const int n,
                                    const float alpha, const float beta, const float gamma, const float delta,
                                    const float k, const float invk) {
    const int x = (int) get_global_id(0);
    if (x >= w) return;
    __global float* col = p + x;
    predict_column(col, stride, n, alpha);
    update_column(col, stride, n, beta);
    predict_column(col, stride, n, gamma);
    update_column(col, stride, n, delta);
    const int nL = (n + 1) >> 1, nH = n >> 1;
    for (int j = 0; j < nH; j++) scratch[(size_t) j * w + x] = col[(size_t) (2 * j + 1) * stride] * k;
    for (int j = 0; j < nL; j++) col[(size_t) j * stride] = col[(size_t) 2 * j * stride] * invk;
    for (int j = 0; j < nH; j++) col[(size_t) (nL + j) * stride] = scratch[(size_t) j * w + x];
}

__kernel void cdf97_inverse_columns(__global float* p, __global float* scratch, const int stride, const int w, const int n,
                                    const float c1, const float c2, const float c3, const float c4,
                                    const float k, const float invk) {
    const int x = (int) get_global_id(0);
    if (x >= w) return;
    __global float* col = p + x;
    const int nL = (n + 1) >> 1, nH = n >> 1;
    for (int j = 0; j < nH; j++) scratch[(size_t) j * w + x] = col[(size_t) (nL + j) * stride] * invk;
    for (int j = nL - 1; j >= 0; j--) col[(size_t) 2 * j * stride] = col[(size_t) j * stride] * k;
    for (int j = 0; j < nH; j++) col[(size_t) (2 * j + 1) * stride] = scratch[(size_t) j * w + x];
    update_column(col, stride, n, c1);
    predict_column(col, stride, n, c2);
    update_column(col, stride, n, c3);
    predict_column(col, stride, n, c4);
}
