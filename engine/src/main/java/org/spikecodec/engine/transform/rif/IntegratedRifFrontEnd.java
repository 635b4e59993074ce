package org.spikecodec.engine.transform.rif;

import java.util.List;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TimeVaryingFrontEnd;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The dynamic path of the retina filter (spike-coding.md 2.3): each neuron integrates the layer's time-varying response
 * {@code A(x, t) = a(t) (G_C f)(x) - b(t) (G_S f)(x)} over its LIF window, instead of one snapshot held constant.
 *
 * <p>Time: the retina is sampled at P instants {@code t_p = (p + 1/2) W / P} (p = 0..P-1, W the integration time),
 * the midpoints of P equal slices of {@code (0, W]}; plane p drives the neurons for {@code stepsPerPlane} steps of the
 * LIF window, so the window [0, T] stands for the retina's first W ms.
 *
 * <p>What the decoder estimates: the time-averaged layer {@code J = (1/P) sum_p A(., t_p) = abar G_C f - bbar G_S f}
 * with {@code abar, bbar} the means of a(t_p), b(t_p). For a nearly perfect integrator (the codec's T/tau = 0.05) a
 * neuron's count measures the integral of its drive, which is P T-slices of |A|: so J is, up to the sign changes of A
 * within the window, what the count carries; and J is linear in f, a single retina layer with weights
 * (abar, bbar), inverted by {@link RifFrontEnd}'s least squares with that layer's peak gain. Every neuron's drive is
 * {@code gain * A(x, t_p)}, with the gain of that averaged layer.
 *
 * <p>The read-out shape (the per-plane profile a count is read out under, {@link #readoutShape()}): the layer's time
 * course at the spatial frequency w* where the averaged layer peaks (the frequency its gain normalises),
 * {@code |a(t_p) G_C(w*) - b(t_p) G_S(w*)|}, scaled to mean 1. A neuron's real profile depends on its own mix of
 * centre and surround; for a low-pass layer early in time (b << a) they differ by little, and the spike count is
 * insensitive to the profile for a nearly perfect integrator: the shape matters through the leak and the step at
 * which the threshold is crossed only.
 */
public final class IntegratedRifFrontEnd implements TimeVaryingFrontEnd {
    /**
     * Default: the first 10 ms, ending at the time of the snapshot default ({@link RifFrontEnd#DEFAULT_LAYERS_MS}), so
     * that the two paths see the retina up to the same instant; 10 planes, one a millisecond, of 32 steps each (320 steps
     * in all; the entropy coder, not the kernel, still dominates an encoding). The response rises steeply from onset (a(t) grows like t^6: the
     * first 5 planes carry 1.6% of the summed centre weight, the last 3 carry 87%), so most spikes fall in the last
     * hundred steps; at 1 to 2 bpp on detailed photos the counts reach the coarse cells of the stepped neuron
     * (docs/rate-distortion.md, "The dynamic path").
     */
    public static final double DEFAULT_INTEGRATION_MS = 10;
    public static final int DEFAULT_PLANES = 10, DEFAULT_STEPS_PER_PLANE = 32;

    private final TransformSpec.RifDynamic spec;
    private final ComputeBackend backend;
    private final RetinaFilter filter;
    /** Centre and surround weights of each plane. */
    private final double[] planeA, planeB;
    private final RifFrontEnd averaged;
    private final float[] shape;

    public IntegratedRifFrontEnd(TransformSpec.RifDynamic spec, ComputeBackend backend) {
        this(spec, backend, RetinaFilter.DEFAULT);
    }

    IntegratedRifFrontEnd(TransformSpec.RifDynamic spec, ComputeBackend backend, RetinaFilter filter) {
        this.spec = spec;
        this.backend = backend;
        this.filter = filter;
        int n = spec.planes();
        planeA = new double[n];
        planeB = new double[n];
        double sumA = 0, sumB = 0;
        for (int p = 0; p < n; p++) {
            double t = planeTimeMs(p);
            planeA[p] = filter.a(t);
            planeB[p] = filter.b(t);
            sumA += planeA[p];
            sumB += planeB[p];
        }
        double abar = sumA / n, bbar = sumB / n;
        this.averaged = new RifFrontEnd(spec, backend, filter, new String[] {bandName(spec.integrationMs())}, new double[] {abar},
                new double[] {bbar}, null);
        double[] peak = RifFrontEnd.peakResponses(filter, abar, bbar);
        double[] profile = new double[n];
        double mean = 0;
        for (int p = 0; p < n; p++) {
            profile[p] = Math.abs(planeA[p] * peak[0] - planeB[p] * peak[1]);
            mean += profile[p] / n;
        }
        if (!(mean > 0)) throw new IllegalArgumentException("the retina layer has no response over " + spec.integrationMs() + " ms");
        this.shape = new float[n];
        for (int p = 0; p < n; p++) shape[p] = (float) (profile[p] / mean);
    }

    public static TransformSpec.RifDynamic defaultSpec() {
        return new TransformSpec.RifDynamic(DEFAULT_INTEGRATION_MS, DEFAULT_PLANES, DEFAULT_STEPS_PER_PLANE, RifFrontEnd.DEFAULT_CG_TOLERANCE,
                RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS);
    }

    static String bandName(double integrationMs) {
        return "0-" + RifFrontEnd.layerName(integrationMs).substring(2);
    }

    /** Retina time of plane p: the midpoint of its slice of (0, W]. */
    double planeTimeMs(int p) {
        return (p + 0.5) * spec.integrationMs() / spec.planes();
    }

    /** The least-squares inverse of the time-averaged layer (for the encoder's choice of the CG count). */
    public RifFrontEnd averagedLayer() { return averaged; }

    @Override public TransformSpec spec() { return spec; }

    @Override public int planes() { return spec.planes(); }

    @Override public int stepsPerPlane() { return spec.stepsPerPlane(); }

    @Override public float[] readoutShape() { return shape.clone(); }

    @Override public List<BandShape> layout(int width, int height) { return averaged.layout(width, height); }

    /** The time-averaged layer J, which the decoder estimates. */
    @Override public List<float[]> forward(float[] plane, int width, int height) { return averaged.forward(plane, width, height); }

    @Override
    public float[] drive(float[] plane, int width, int height) {
        int n = plane.length;
        if (width < 1 || height < 1 || (long) width * height != n) throw new IllegalArgumentException("plane of " + n + " samples for " + width + "x" + height);
        float[][] cs = filter.blurPair(backend, plane, width, height);
        float[] out = new float[Math.multiplyExact(spec.planes(), n)];
        float[] layer = new float[n];
        for (int p = 0; p < spec.planes(); p++) {
            RetinaFilter.combine(planeA[p], planeB[p], cs[0], cs[1], layer);
            System.arraycopy(layer, 0, out, p * n, n);
        }
        return out;
    }

    @Override public float[] inverse(List<float[]> bands, int width, int height) { return averaged.inverse(bands, width, height); }
}
