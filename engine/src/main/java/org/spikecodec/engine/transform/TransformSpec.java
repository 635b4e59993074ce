package org.spikecodec.engine.transform;

import java.util.Arrays;

/** Immutable parameters of a front end; everything the decoder needs to rebuild it. */
public sealed interface TransformSpec permits TransformSpec.Dwt, TransformSpec.Retina, TransformSpec.Pixels {

    TransformKind kind();

    /**
     * A retina-filter front end, whose decoder solves a least-squares problem by conjugate gradient: it stops when the
     * relative residual falls below {@code cgTolerance()} or after {@code cgMaxIterations()} (which the encoder may
     * choose, {@code RifIterationChoice}).
     */
    sealed interface Retina extends TransformSpec permits Rif, RifScaled, RifDynamic {
        double cgTolerance();

        int cgMaxIterations();

        /** The same front end with another CG iteration limit. */
        Retina withCgMaxIterations(int iterations);

        static void checkCg(double cgTolerance, int cgMaxIterations) {
            if (!(cgTolerance > 0 && cgTolerance < 1)) throw new IllegalArgumentException("CG tolerance must be in (0,1): " + cgTolerance);
            if (cgMaxIterations < 1 || cgMaxIterations > 10_000) throw new IllegalArgumentException("CG iterations must be in 1..10000: " + cgMaxIterations);
        }
    }

    /** CDF 9/7 wavelet with {@code levels} decomposition levels (0 = identity). */
    record Dwt(int levels) implements TransformSpec {
        public static final int MAX_LEVELS = 12;
        public Dwt {
            if (levels < 0 || levels > MAX_LEVELS) throw new ParameterOutOfRange("wavelet levels", levels, 0, MAX_LEVELS);
        }
        public TransformKind kind() { return TransformKind.DWT; }
    }

    /**
     * Retina-inspired filter: layers sampled at {@code layerTimesMs}, reconstructed by conjugate gradient
     * stopping when the relative residual of the normal equations falls below {@code cgTolerance} or after
     * {@code cgMaxIterations}.
     */
    record Rif(double[] layerTimesMs, double cgTolerance, int cgMaxIterations) implements Retina {
        public static final int MAX_LAYERS = 64;
        /** Layers earlier than this see almost nothing yet (R_C(0.1 ms) ~ 1e-13): their gain 1 / max |H_t| would leave the float range near 0. */
        public static final double MIN_TIME_MS = 0.1;
        public static final double MAX_TIME_MS = 1000;
        public Rif {
            int layers = layerTimesMs == null ? 0 : layerTimesMs.length;
            if (layers == 0 || layers > MAX_LAYERS) throw new ParameterOutOfRange("retina layers", layers, 1, MAX_LAYERS);
            layerTimesMs = layerTimesMs.clone();
            for (double t : layerTimesMs)
                if (!(t >= MIN_TIME_MS && t <= MAX_TIME_MS)) throw new IllegalArgumentException("layer time must be in [" + MIN_TIME_MS + ", " + MAX_TIME_MS + "] ms: " + t);
            Retina.checkCg(cgTolerance, cgMaxIterations);
        }
        @Override public double[] layerTimesMs() { return layerTimesMs.clone(); }
        @Override public Rif withCgMaxIterations(int iterations) { return new Rif(layerTimesMs, cgTolerance, iterations); }
        public TransformKind kind() { return TransformKind.RIF; }
        @Override public boolean equals(Object o) {
            return o instanceof Rif r && Arrays.equals(layerTimesMs, r.layerTimesMs) && cgTolerance == r.cgTolerance && cgMaxIterations == r.cgMaxIterations;
        }
        @Override public int hashCode() { return Arrays.hashCode(layerTimesMs) * 31 + Double.hashCode(cgTolerance) + cgMaxIterations; }
        @Override public String toString() { return "Rif[layers=" + Arrays.toString(layerTimesMs) + ", tol=" + cgTolerance + ", maxIter=" + cgMaxIterations + "]"; }
    }

    /**
     * Snapshot retina layers as in {@link Rif}, each on a retina of its own scale relative to the image, with its own
     * neuron spacing and gain (issue 14 item 3; docs/rate-distortion.md, "Scaled and subsampled retinas"). Layer i is
     * {@code a(t_i) G_C,i - b(t_i) G_S,i} with both Gaussians' sigmas {@code sigmaScales[i]} times the model's (0.75 and
     * 2.25 px); its neurons sit on pixel (D i, D j) for neuron (i, j), {@code D = decimations[i]}, so it has
     * ceil(W/D) x ceil(H/D) neurons; the neurons see it times its peak gain times {@code gains[i]}, and the weighted
     * least-squares inverse weights it by the square of that. A finer retina (scale below 1) passes the finest detail
     * that the model's centre Gaussian attenuates (high rates); a coarser, subsampled one (scale and D above 1) gives
     * each neuron more bits (low rates). The neurons and their LIF parameters are the model's.
     */
    record RifScaled(double[] layerTimesMs, double[] sigmaScales, int[] decimations, double[] gains, double cgTolerance,
                     int cgMaxIterations) implements Retina {
        /** Range of the sigma factor: 0.25 keeps the centre kernel 3 taps wide; 8 gives a surround of 18 px (radius 72). */
        public static final double MIN_SIGMA_SCALE = 0.25, MAX_SIGMA_SCALE = 8;
        public static final int MAX_DECIMATION = 8;
        /** Range of a layer's gain factor (beyond it a layer is not coded, or coded to noise). */
        public static final double MIN_GAIN = 1e-3, MAX_GAIN = 1e3;
        /**
         * Most distinct retinas (sigma scale, decimation) in one file: each adds its own blurs to every CG iteration and
         * its own planes to the decoder's memory ({@code DecodeMemory}); the encoder's configurations use at most two.
         */
        public static final int MAX_RETINAS = 4;
        public RifScaled {
            new Rif(layerTimesMs, cgTolerance, cgMaxIterations); // the same checks as for Rif
            int n = layerTimesMs.length;
            if (sigmaScales == null || decimations == null || gains == null || sigmaScales.length != n || decimations.length != n || gains.length != n)
                throw new IllegalArgumentException("need a sigma scale, a decimation and a gain for each of the " + n + " layers");
            layerTimesMs = layerTimesMs.clone();
            sigmaScales = sigmaScales.clone();
            decimations = decimations.clone();
            gains = gains.clone();
            for (int i = 0; i < n; i++) {
                if (!(sigmaScales[i] >= MIN_SIGMA_SCALE && sigmaScales[i] <= MAX_SIGMA_SCALE))
                    throw new IllegalArgumentException("retina sigma scale must be in [" + MIN_SIGMA_SCALE + ", " + MAX_SIGMA_SCALE + "]: " + sigmaScales[i]);
                if (decimations[i] < 1 || decimations[i] > MAX_DECIMATION) throw new ParameterOutOfRange("retina decimation", decimations[i], 1, MAX_DECIMATION);
                if (!(gains[i] >= MIN_GAIN && gains[i] <= MAX_GAIN))
                    throw new IllegalArgumentException("retina layer gain must be in [" + MIN_GAIN + ", " + MAX_GAIN + "]: " + gains[i]);
            }
            int retinas = retinas(sigmaScales, decimations);
            if (retinas > MAX_RETINAS) throw new ParameterOutOfRange("distinct retinas (sigma scale, decimation)", retinas, 1, MAX_RETINAS);
        }
        /** The distinct (sigma scale, decimation) pairs: the layer groups the decoder solves with. */
        public int retinas() { return retinas(sigmaScales, decimations); }
        private static int retinas(double[] scales, int[] decimations) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < scales.length; i++) seen.add(Double.doubleToLongBits(scales[i]) + "/" + decimations[i]);
            return seen.size();
        }
        /** Every layer on one retina of scale {@code sigmaScale}, neurons every {@code decimation} pixels, gain factors 1. */
        public static RifScaled uniform(double[] layerTimesMs, double sigmaScale, int decimation, double cgTolerance, int cgMaxIterations) {
            int n = layerTimesMs.length;
            double[] s = new double[n], g = new double[n];
            int[] d = new int[n];
            Arrays.fill(s, sigmaScale);
            Arrays.fill(d, decimation);
            Arrays.fill(g, 1);
            return new RifScaled(layerTimesMs, s, d, g, cgTolerance, cgMaxIterations);
        }
        public int layers() { return layerTimesMs.length; }
        @Override public double[] layerTimesMs() { return layerTimesMs.clone(); }
        @Override public double[] sigmaScales() { return sigmaScales.clone(); }
        @Override public int[] decimations() { return decimations.clone(); }
        @Override public double[] gains() { return gains.clone(); }
        @Override public RifScaled withCgMaxIterations(int iterations) {
            return new RifScaled(layerTimesMs, sigmaScales, decimations, gains, cgTolerance, iterations);
        }
        public TransformKind kind() { return TransformKind.RIF_SCALED; }
        @Override public boolean equals(Object o) {
            return o instanceof RifScaled r && Arrays.equals(layerTimesMs, r.layerTimesMs) && Arrays.equals(sigmaScales, r.sigmaScales)
                    && Arrays.equals(decimations, r.decimations) && Arrays.equals(gains, r.gains) && cgTolerance == r.cgTolerance
                    && cgMaxIterations == r.cgMaxIterations;
        }
        @Override public int hashCode() {
            return ((Arrays.hashCode(layerTimesMs) * 31 + Arrays.hashCode(sigmaScales)) * 31 + Arrays.hashCode(decimations)) * 31
                    + Arrays.hashCode(gains) + Double.hashCode(cgTolerance) + cgMaxIterations;
        }
        @Override public String toString() {
            return "RifScaled[layers=" + Arrays.toString(layerTimesMs) + ", sigmaScales=" + Arrays.toString(sigmaScales) + ", decimations="
                    + Arrays.toString(decimations) + ", gains=" + Arrays.toString(gains) + ", tol=" + cgTolerance + ", maxIter=" + cgMaxIterations + "]";
        }
    }

    /**
     * The retina filter's time-varying response integrated by each neuron (spike-coding.md 2.3, "dynamic quantization"):
     * the neuron at pixel x is driven, over its whole LIF window T, by the layer {@code A(x, t)} sampled at {@code planes}
     * retina times spread evenly over {@code (0, integrationMs]} (plane p at {@code (p + 1/2) integrationMs / planes}),
     * each held for {@code stepsPerPlane} integration steps; the LIF window is stepped in
     * {@code planes * stepsPerPlane} steps of {@code T / (planes * stepsPerPlane)}. The decoder reads each count out as
     * the time-averaged layer that would produce it, and inverts that average by conjugate gradient as for {@link Rif}.
     */
    record RifDynamic(double integrationMs, int planes, int stepsPerPlane, double cgTolerance, int cgMaxIterations) implements Retina {
        public static final int MAX_PLANES = 64;
        /**
         * Most integration steps a file may ask for: the decoder's read-out table costs up to steps^2 x (a few dozen)
         * neuron steps (a bisection per reachable count, DynamicLifQuantizer): measured on a loaded 2-core machine,
         * 0.27 s for all 1,024 thresholds of 1,024 steps, so about 1 s here, well inside the fuzzer's 10 s per decode.
         */
        public static final int MAX_STEPS = 2048;
        public RifDynamic {
            if (!(integrationMs >= Rif.MIN_TIME_MS && integrationMs <= Rif.MAX_TIME_MS))
                throw new IllegalArgumentException("integration time must be in [" + Rif.MIN_TIME_MS + ", " + Rif.MAX_TIME_MS + "] ms: " + integrationMs);
            if (planes < 1 || planes > MAX_PLANES) throw new ParameterOutOfRange("retina planes", planes, 1, MAX_PLANES);
            if (stepsPerPlane < 1 || (long) planes * stepsPerPlane > MAX_STEPS)
                throw new ParameterOutOfRange("integration steps per plane", stepsPerPlane, 1, MAX_STEPS / planes);
            Retina.checkCg(cgTolerance, cgMaxIterations);
        }
        /** Integration steps over the LIF window. */
        public int steps() { return planes * stepsPerPlane; }
        @Override public RifDynamic withCgMaxIterations(int iterations) { return new RifDynamic(integrationMs, planes, stepsPerPlane, cgTolerance, iterations); }
        public TransformKind kind() { return TransformKind.RIF_DYNAMIC; }
    }

    /** LIF directly on mean-removed pixels (comparison with the literature). */
    record Pixels() implements TransformSpec {
        public TransformKind kind() { return TransformKind.PIXELS; }
    }
}
