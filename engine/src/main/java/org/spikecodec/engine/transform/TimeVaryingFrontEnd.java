package org.spikecodec.engine.transform;

/**
 * A front end whose neurons see an input that changes over the LIF window (spike-coding.md 1.5 and 2.3): their counts
 * come from the time-stepped integration kernel, not from the closed-form thresholds. It has one band;
 * {@link #forward} gives the time-averaged input of its neurons, the quantity the decoder estimates and
 * {@link #inverse} inverts.
 */
public interface TimeVaryingFrontEnd extends FrontEnd {

    /** Input planes over the window; plane p drives integration steps {@code [p * stepsPerPlane, (p + 1) * stepsPerPlane)}. */
    int planes();

    int stepsPerPlane();

    /** The band's neuron inputs over time: {@link #planes()} consecutive planes of {@code width * height} values. */
    float[] drive(float[] plane, int width, int height);

    /**
     * The temporal shape the decoder assumes each neuron's input had, per plane, with mean 1: a neuron whose
     * time-averaged input is v is read out as if driven by {@code v * shape[p]} in plane p.
     */
    float[] readoutShape();
}
