package org.spikecodec.kernels.cpu;

import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;

/**
 * Scalar reference of the time-stepped LIF integration kernel: exactly the loop documented on
 * {@link ComputeBackend#lifIntegrate}, one neuron at a time, in Java float arithmetic (IEEE-754 single,
 * every operation rounded, never fused).
 */
public final class LifIntegrator {
    private LifIntegrator() {}

    /**
     * Runs neurons {@code [from, to)} sequentially. Arrays are not checked here ({@link LifIntegration#checkArrays}).
     */
    public static void integrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep, int from, int to) {
        final int steps = p.steps(), perPlane = p.stepsPerPlane(), perBin = p.stepsPerBin(), bins = p.bins(), refractory = p.refractorySteps();
        final float scale = p.driveScale(), decay = p.decay(), oneMinusDecay = p.oneMinusDecay(), threshold = p.threshold();
        for (int i = from; i < to; i++) {
            for (int b = 0; b < bins; b++) countsPerBin[b * neurons + i] = 0;
            int first = -1, hold = 0;
            float u = 0f;
            for (int t = 0; t < steps; t++) {
                if (hold > 0) { hold--; continue; }
                float x = input[(t / perPlane) * neurons + i];
                float drive = scale * Math.abs(x);
                u = u * decay + drive * oneMinusDecay;
                if (u >= threshold) {
                    int k = (t / perBin) * neurons + i, c = countsPerBin[k];
                    countsPerBin[k] = c != 0 ? c + Integer.signum(c) : (x < 0f ? -1 : 1);
                    if (first < 0) first = t + 1;
                    u = 0f;
                    hold = refractory;
                }
            }
            if (firstSpikeStep != null) firstSpikeStep[i] = first;
        }
    }
}
