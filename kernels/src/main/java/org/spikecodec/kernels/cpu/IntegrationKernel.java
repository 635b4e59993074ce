package org.spikecodec.kernels.cpu;

import org.spikecodec.kernels.LifIntegration;

/**
 * One implementation of the time-stepped LIF integration over a range of neurons (the contract of
 * {@link org.spikecodec.kernels.ComputeBackend#lifIntegrate}): the scalar reference {@link LifIntegrator}, or
 * {@code VectorLifIntegrator} (Vector API), which must give bit-identical counts and first-spike steps.
 * Arrays are checked by the caller ({@link LifIntegration#checkArrays}).
 */
@FunctionalInterface
interface IntegrationKernel {
    /** Integrates neurons {@code [from, to)}; writes only their entries of {@code countsPerBin} and {@code firstSpikeStep}. */
    void integrate(float[] input, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep, int from, int to);

    /** The scalar reference, {@link LifIntegrator}. */
    IntegrationKernel SCALAR = LifIntegrator::integrate;
}
