package org.spikecodec.engine.transform;

import java.util.Arrays;

/** Immutable parameters of a front end; everything the decoder needs to rebuild it. */
public sealed interface TransformSpec permits TransformSpec.Dwt, TransformSpec.Rif, TransformSpec.Pixels {

    TransformKind kind();

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
    record Rif(double[] layerTimesMs, double cgTolerance, int cgMaxIterations) implements TransformSpec {
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
            if (!(cgTolerance > 0 && cgTolerance < 1)) throw new IllegalArgumentException("CG tolerance must be in (0,1): " + cgTolerance);
            if (cgMaxIterations < 1 || cgMaxIterations > 10_000) throw new IllegalArgumentException("CG iterations must be in 1..10000: " + cgMaxIterations);
        }
        @Override public double[] layerTimesMs() { return layerTimesMs.clone(); }
        public TransformKind kind() { return TransformKind.RIF; }
        @Override public boolean equals(Object o) {
            return o instanceof Rif r && Arrays.equals(layerTimesMs, r.layerTimesMs) && cgTolerance == r.cgTolerance && cgMaxIterations == r.cgMaxIterations;
        }
        @Override public int hashCode() { return Arrays.hashCode(layerTimesMs) * 31 + Double.hashCode(cgTolerance) + cgMaxIterations; }
        @Override public String toString() { return "Rif[layers=" + Arrays.toString(layerTimesMs) + ", tol=" + cgTolerance + ", maxIter=" + cgMaxIterations + "]"; }
    }

    /** LIF directly on mean-removed pixels (comparison with the literature). */
    record Pixels() implements TransformSpec {
        public TransformKind kind() { return TransformKind.PIXELS; }
    }
}
