package org.spikecodec.kernels;

/**
 * The data-parallel stages of the codec, behind one interface so that the engine never knows
 * which accelerator runs them. Implementations: {@code cpu} (pure Java, always present);
 * an OpenCL backend (issue 3) and others (TornadoVM, CUDA) can be added beside it.
 *
 * <p>Contract shared by every implementation, so that all of them produce identical spike counts:
 * <ul>
 *   <li>LIF thresholding compares the float {@code |x| * gain} (one IEEE-754 float multiply,
 *       round-to-nearest) against a table of float decision thresholds; the count is the number of
 *       table entries {@code <=} that magnitude. No transcendental function is evaluated on the
 *       device side of the decision, so no device-dependent rounding can change a count.</li>
 *   <li>Arrays are dense row-major planes unless a stride is given.</li>
 * </ul>
 * Backends own native resources, hence {@link AutoCloseable}.
 */
public interface ComputeBackend extends AutoCloseable {

    /** Short identifier recorded in outputs, e.g. {@code cpu} or {@code opencl:NVIDIA H200}. */
    String name();

    /**
     * Closed-form LIF thresholding (the "thresholding kernel").
     * {@code out[outOff+i] = sign(in[inOff+i]) * #{k : thresholds[k] <= |in[inOff+i]| * gain}}.
     *
     * @param thresholds strictly increasing, finite, positive decision thresholds I_1 < I_2 < ...
     * @throws IllegalArgumentException when the table is not (checked by every backend, {@link #requireDecisionTable}:
     *         with any other table the backends' search strategies would disagree)
     */
    void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff);

    /**
     * Checks the contract of a decision table: strictly increasing, finite and positive. Every count is
     * {@code #{k : t[k] <= m}} only for such a table; a bisection and a linear count, both used by backends, differ
     * on any other. O(length), negligible beside the elements of a call.
     */
    static void requireDecisionTable(float[] t) {
        for (int k = 0; k < t.length; k++) {
            if (!(t[k] > 0f) || t[k] == Float.POSITIVE_INFINITY || (k > 0 && !(t[k] > t[k - 1])))
                throw new IllegalArgumentException("LIF decision table must be strictly increasing, finite and positive: t["
                        + k + "] = " + t[k] + (k > 0 ? " after " + t[k - 1] : ""));
        }
    }

    /** Checks {@code [off, off + len)} lies in an array of {@code length}: {@link IndexOutOfBoundsException} otherwise. */
    static void requireRange(int length, int off, int len) {
        if (off < 0 || len < 0 || off > length - len) throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + length);
    }

    /** Checks the arguments of {@link #dwtForward} and {@link #dwtInverse}: {@link IllegalArgumentException} otherwise. */
    static void requireDwtArguments(float[] plane, int width, int height, int levels) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("plane size must be positive: " + width + "x" + height);
        if (levels < 0) throw new IllegalArgumentException("levels must be >= 0: " + levels);
        if ((long) width * height > plane.length)
            throw new IllegalArgumentException("plane of " + plane.length + " floats is smaller than " + width + "x" + height);
    }

    /** Checks the arguments of {@link #separableBlur} and its adjoint: {@link IllegalArgumentException} otherwise. */
    static void requireBlurArguments(float[] src, float[] dst, int w, int h, float[] kernel) {
        if (w < 1 || h < 1) throw new IllegalArgumentException("size must be >= 1x1: " + w + "x" + h);
        if ((long) w * h != src.length || src.length != dst.length)
            throw new IllegalArgumentException("arrays of " + src.length + "/" + dst.length + " for " + w + "x" + h);
        if (kernel.length % 2 != 1) throw new IllegalArgumentException("kernel length must be odd: " + kernel.length);
    }

    /**
     * LIF read-out (count to coefficient): {@code out[i] = sign(n) * levels[|n|] / gain}, where
     * {@code levels[0] == 0}. Counts beyond the table saturate to the last level.
     */
    void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff);

    /**
     * {@link #lifReadout} of {@code height} rows of {@code width} counts each, contiguous from {@code countsOff}, into
     * rows of {@code out} that start {@code outStride} apart from {@code outOff} (a band straight into its place in a
     * plane); the same floats. The default reads out into a buffer and copies its rows (none when the rows are
     * contiguous); a backend may store them in place.
     *
     * @throws IndexOutOfBoundsException when a row lies outside its array, or {@code outStride < width}
     */
    default void lifReadoutRows(int[] counts, int countsOff, int width, int height, float[] levels, float gain,
                                float[] out, int outOff, int outStride) {
        int len = requireRows(out.length, outOff, width, height, outStride);
        if (outStride == width || height <= 1) { lifReadout(counts, countsOff, len, levels, gain, out, outOff); return; }
        requireRange(counts.length, countsOff, len);
        float[] rows = new float[len];
        lifReadout(counts, countsOff, len, levels, gain, rows, 0);
        for (int y = 0; y < height; y++) System.arraycopy(rows, y * width, out, outOff + y * outStride, width);
    }

    /**
     * Checks that {@code height} rows of {@code width}, {@code stride} apart from {@code off}, lie in an array of
     * {@code length} and do not overlap; returns {@code width * height}. {@link IndexOutOfBoundsException} otherwise.
     */
    static int requireRows(int length, int off, int width, int height, int stride) {
        if (width < 0 || height < 0 || stride < width || off < 0
                || (height > 0 && off + (long) (height - 1) * stride + width > length) || (long) width * height > Integer.MAX_VALUE)
            throw new IndexOutOfBoundsException(height + " rows of " + width + ", " + stride + " apart from " + off + ", in " + length);
        return width * height;
    }

    /**
     * Time-stepped LIF integration (the "integration kernel", spike-coding.md 1.5) over a time-varying input,
     * data-parallel over neurons. Each neuron {@code i} in {@code [0, neurons)} runs, with
     * {@code float u = 0f; int hold = 0;} and every one of its outputs first cleared
     * ({@code countsPerBin[b * neurons + i] = 0} for every bin b, {@code firstSpikeStep[i] = -1}):
     * <pre>
     * for (int t = 0; t &lt; p.steps(); t++) {
     *     if (hold &gt; 0) { hold--; continue; }                         // refractory: u stays 0, the input is ignored
     *     float x = input[(t / p.stepsPerPlane()) * neurons + i];
     *     float drive = p.driveScale() * Math.abs(x);                   // one float multiply
     *     u = u * p.decay() + drive * p.oneMinusDecay();               // two float multiplies, then one float add
     *     if (u &gt;= p.threshold()) {                                   // float compare
     *         int b = t / p.stepsPerBin(), c = countsPerBin[b * neurons + i];
     *         countsPerBin[b * neurons + i] = c != 0 ? c + Integer.signum(c) : (x &lt; 0f ? -1 : 1);
     *         if (firstSpikeStep[i] &lt; 0) firstSpikeStep[i] = t + 1;     // 1-based: the spike happens at time (t+1) dt
     *         u = 0f;
     *         hold = p.refractorySteps();
     *     }
     * }
     * </pre>
     * Every operation is a separately rounded IEEE-754 single-precision operation (round to nearest, subnormals
     * kept), in exactly this order: no fused multiply-add, no contraction, no reassociation, no wider
     * intermediate. Given that, u's trajectory, hence every count and first-spike step, is the same integer on
     * every backend; the only decision, {@code u >= threshold}, compares two floats both sides hold bit for bit.
     *
     * <p>Sign (sign-magnitude, spike-coding.md 1.4, as a pair of ON/OFF cells): the magnitude {@code |x|} drives
     * the one membrane; the sign of the input at the step a spike fires picks its cell. A bin's count is the
     * number of spikes in it, negative when the bin's <em>first</em> spike fired on a negative input
     * ({@code x < 0f}; {@code -0f} counts as positive). A bin whose spikes fired on inputs of both signs (the input
     * changed sign inside the bin) reports them all with the first spike's sign.
     *
     * <p>Non-finite inputs follow IEEE arithmetic: an infinite drive fires at once (when
     * {@code oneMinusDecay > 0}), a NaN makes u NaN, which never fires and never resets, so the neuron is silent
     * from then on.
     *
     * @param input          {@code p.planes()} consecutive planes of {@code neurons} input currents each
     * @param countsPerBin   receives {@code p.bins()} planes of {@code neurons} signed spike counts
     * @param firstSpikeStep receives, per neuron, the 1-based step of its first spike, -1 when it never fires;
     *                       may be null when not wanted
     * @throws IllegalArgumentException when the arrays are too short for {@code neurons} and {@code p}
     *                                  ({@link LifIntegration#checkArrays})
     */
    void lifIntegrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep);

    /**
     * In-place multi-level 2-D CDF 9/7 forward transform (JPEG 2000 irreversible lifting, whole-sample
     * symmetric extension) of a {@code width x height} plane; Mallat layout (LL of the last level at the
     * top-left, low-pass halves of odd sizes take the extra sample).
     */
    void dwtForward(float[] plane, int width, int height, int levels);

    /**
     * {@code offset} subtracted from each of the plane's first {@code width * height} samples ({@code x - offset}, one
     * float subtract each: the encoder's channel mean), then {@link #dwtForward}. The default does just that; a backend
     * may do the subtract where its first pass loads each sample, the same floats.
     */
    default void dwtForward(float[] plane, int width, int height, int levels, float offset) {
        requireDwtArguments(plane, width, height, levels); // before the plane is touched
        for (int i = 0, n = width * height; i < n; i++) plane[i] -= offset;
        dwtForward(plane, width, height, levels);
    }

    /** Exact inverse of {@link #dwtForward}. */
    void dwtInverse(float[] plane, int width, int height, int levels);

    /**
     * {@link #dwtInverse}, then {@code offset} added to each of the plane's first {@code width * height} samples
     * ({@code x + offset}, one float add each: the decoder's channel mean). The default does just that; a backend may
     * do the add where its last pass stores each sample, the same floats.
     */
    default void dwtInverse(float[] plane, int width, int height, int levels, float offset) {
        dwtInverse(plane, width, height, levels);
        for (int i = 0, n = width * height; i < n; i++) plane[i] += offset;
    }

    /**
     * Separable convolution with a symmetric odd-length kernel and whole-sample symmetric (mirror)
     * boundary extension: {@code dst = K_y * (K_x * src)}.
     */
    void separableBlur(float[] src, float[] dst, int width, int height, float[] kernel);

    /** Exact adjoint of {@link #separableBlur} with the same kernel (differs from it at the borders). */
    void separableBlurAdjoint(float[] src, float[] dst, int width, int height, float[] kernel);

    @Override
    void close();
}
