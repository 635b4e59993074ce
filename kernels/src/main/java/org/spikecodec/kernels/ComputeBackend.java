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
     */
    void lifThreshold(float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff);

    /**
     * LIF read-out (count to coefficient): {@code out[i] = sign(n) * levels[|n|] / gain}, where
     * {@code levels[0] == 0}. Counts beyond the table saturate to the last level.
     */
    void lifReadout(int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff);

    /**
     * In-place multi-level 2-D CDF 9/7 forward transform (JPEG 2000 irreversible lifting, whole-sample
     * symmetric extension) of a {@code width x height} plane; Mallat layout (LL of the last level at the
     * top-left, low-pass halves of odd sizes take the extra sample).
     */
    void dwtForward(float[] plane, int width, int height, int levels);

    /** Exact inverse of {@link #dwtForward}. */
    void dwtInverse(float[] plane, int width, int height, int levels);

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
