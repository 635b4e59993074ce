// Time-stepped LIF integration: the exact loop documented on ComputeBackend.lifIntegrate and run by
// cpu.LifIntegrator. One work-item per neuron; every float operation separately rounded, in the Java order.
// Built WITHOUT -cl-fast-relaxed-math, -cl-mad-enable, -cl-denorms-are-zero or -cl-unsafe-math-optimizations,
// and with contraction off, so that no a*b+c becomes a fused multiply-add: the counts must agree bit for bit.
#pragma OPENCL FP_CONTRACT OFF

__kernel void lif_integrate(__global const float* input,
                            const int neurons,
                            const int steps,
                            const int stepsPerPlane,
                            const int stepsPerBin,
                            const int bins,
                            const float driveScale,
                            const float decay,
                            const float oneMinusDecay,
                            const float threshold,
                            const int refractorySteps,
                            __global int* counts,
                            __global int* firstSpike) {
    if (get_global_id(0) >= (size_t) neurons) return;   // size_t: the padded global size may pass INT_MAX
    const int i = (int) get_global_id(0);
    for (int b = 0; b < bins; b++) counts[(size_t) b * neurons + i] = 0;
    int first = -1, hold = 0;
    int bin = 0, c = 0;               // the count of the current bin, kept in a register until the bin changes
    float u = 0.0f;
    for (int t = 0; t < steps; t++) {
        if (hold > 0) { hold--; continue; }
        const float x = input[(size_t) (t / stepsPerPlane) * neurons + i];
        const float drive = driveScale * fabs(x);
        const float leaked = u * decay;
        const float charged = drive * oneMinusDecay;
        u = leaked + charged;
        if (u >= threshold) {
            const int b = t / stepsPerBin;
            if (b != bin) {
                if (c != 0) counts[(size_t) bin * neurons + i] = c;
                bin = b;
                c = 0;
            }
            c = c != 0 ? (c < 0 ? c - 1 : c + 1) : (x < 0.0f ? -1 : 1);
            if (first < 0) first = t + 1;
            u = 0.0f;
            hold = refractorySteps;
        }
    }
    if (c != 0) counts[(size_t) bin * neurons + i] = c;
    firstSpike[i] = first;
}

// The common case of lif_integrate: one input plane held over the window, one count bin, no refractory period.
// Same float operations, branch-free, so that a CPU driver (PoCL) can run work-items in SIMD lanes: the drive is
// loaded once, and the potential is carried before the threshold test ("pre"). After a spike lif_integrate sets
// u = 0 and computes 0 * decay + charged, which is exactly charged (+0 times a finite decay is +0; +0 plus charged
// is charged, NaN included), so the next pre is (fired ? charged : pre * decay + charged).
__kernel void lif_integrate_constant(__global const float* input,
                                     const int from,
                                     const int neurons,
                                     const int steps,
                                     const float driveScale,
                                     const float decay,
                                     const float oneMinusDecay,
                                     const float threshold,
                                     __global int* counts,
                                     __global int* firstSpike) {
    if (get_global_id(0) >= (size_t) (neurons - from)) return;   // neurons [from, neurons)
    const int i = from + (int) get_global_id(0);
    const float x = input[i];
    const float drive = driveScale * fabs(x);
    const float charged = drive * oneMinusDecay;
    float pre = charged;              // 0 * decay + charged
    int c = 0, first = 0;             // first: steps before the first spike while there has been none
    for (int t = 0; t < steps; t++) {
        const int fired = pre >= threshold;
        first += c == 0 && !fired;
        c += fired;
        const float leaked = pre * decay;
        const float next = leaked + charged;
        pre = fired ? charged : next;
    }
    counts[i] = c == 0 ? 0 : (x < 0.0f ? -c : c);
    firstSpike[i] = c == 0 ? -1 : first + 1;
}

// lif_integrate_constant on 16 neurons a work-item ([16g, 16g + 16)), in float16 lanes, for CPU drivers (PoCL), which do
// not run the scalar work-items of this loop in SIMD lanes themselves; the same operations lane by lane. The host runs
// the neurons past the last whole group with lif_integrate_constant.
__kernel void lif_integrate_constant16(__global const float* input,
                                       const int groups,
                                       const int steps,
                                       const float driveScale,
                                       const float decay,
                                       const float oneMinusDecay,
                                       const float threshold,
                                       __global int* counts,
                                       __global int* firstSpike) {
    if (get_global_id(0) >= (size_t) groups) return;
    const size_t g = get_global_id(0);
    const float16 x = vload16(g, input);
    const float16 drive = driveScale * fabs(x);
    const float16 charged = drive * oneMinusDecay;
    float16 pre = charged;
    int16 c = (int16) 0, first = (int16) 0;
    for (int t = 0; t < steps; t++) {
        const int16 fired = pre >= threshold;            // -1 in the lanes that fire
        first -= (c == (int16) 0) & ~fired;
        c -= fired;
        const float16 leaked = pre * decay;
        const float16 next = leaked + charged;
        pre = select(next, charged, fired);
    }
    vstore16(select(c, -c, x < 0.0f), g, counts);
    vstore16(select(first + 1, (int16) -1, c == (int16) 0), g, firstSpike);
}
