package org.spikecodec.kernels;

/**
 * Parameters of the time-stepped LIF integration kernel ({@link ComputeBackend#lifIntegrate}), already in
 * the float form every backend uses bit for bit. Build them with {@link #exact} so that the decay factors are
 * computed once, on the host, the same way for every caller.
 *
 * @param steps          number of integration steps, {@code >= 1}
 * @param stepsPerPlane  step {@code t} reads input plane {@code t / stepsPerPlane} ({@code >= 1}); {@code steps}
 *                       for one plane held constant over the whole window, 1 for one plane per step
 * @param stepsPerBin    step {@code t} counts in bin {@code t / stepsPerBin} ({@code >= 1}); the last bin may be shorter
 * @param driveScale     the resistance R: the neuron is driven by {@code driveScale * |I|}; finite, {@code >= 0}
 * @param decay          {@code e^(-dt/tau)} rounded to float; finite, in [0, 1]
 * @param oneMinusDecay  {@code 1 - e^(-dt/tau)} computed in double and rounded to float (not {@code 1f - decay});
 *                       finite, in [0, 1]
 * @param threshold      theta; finite, {@code > 0}
 * @param refractorySteps steps held at 0 after a spike (not integrated), {@code >= 0}
 */
public record LifIntegration(int steps, int stepsPerPlane, int stepsPerBin, float driveScale, float decay,
                             float oneMinusDecay, float threshold, int refractorySteps) {

    public LifIntegration {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1: " + steps);
        if (stepsPerPlane < 1) throw new IllegalArgumentException("stepsPerPlane must be >= 1: " + stepsPerPlane);
        if (stepsPerBin < 1) throw new IllegalArgumentException("stepsPerBin must be >= 1: " + stepsPerBin);
        if (refractorySteps < 0) throw new IllegalArgumentException("refractorySteps must be >= 0: " + refractorySteps);
        if (!(Float.isFinite(driveScale) && driveScale >= 0)) throw new IllegalArgumentException("driveScale must be finite and >= 0: " + driveScale);
        if (!(decay >= 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in [0, 1]: " + decay);
        if (!(oneMinusDecay >= 0 && oneMinusDecay <= 1)) throw new IllegalArgumentException("oneMinusDecay must be in [0, 1]: " + oneMinusDecay);
        if (!(Float.isFinite(threshold) && threshold > 0)) throw new IllegalArgumentException("threshold must be finite and > 0: " + threshold);
    }

    /**
     * The parameters of a neuron {@code tau du/dt = -u + R I} stepped by {@code dt}, from the continuous ones:
     * {@code decay = (float) StrictMath.exp(-dtOverTau)}, {@code oneMinusDecay = (float) -StrictMath.expm1(-dtOverTau)}
     * (both in double, then rounded once), {@code driveScale = (float) resistance}, {@code threshold = (float) threshold}.
     *
     * @param dtOverTau the step over the membrane time constant, finite and {@code > 0}
     */
    public static LifIntegration exact(int steps, int stepsPerPlane, int stepsPerBin, double dtOverTau, double resistance,
                                       double threshold, int refractorySteps) {
        if (!(dtOverTau > 0) || !Double.isFinite(dtOverTau)) throw new IllegalArgumentException("dt/tau must be finite and > 0: " + dtOverTau);
        return new LifIntegration(steps, stepsPerPlane, stepsPerBin, (float) resistance, (float) StrictMath.exp(-dtOverTau),
                (float) -StrictMath.expm1(-dtOverTau), (float) threshold, refractorySteps);
    }

    /** Number of input planes the kernel reads: {@code ceil(steps / stepsPerPlane)}. */
    public int planes() { return (int) (((long) steps + stepsPerPlane - 1) / stepsPerPlane); }

    /** Number of count bins: {@code ceil(steps / stepsPerBin)}. */
    public int bins() { return (int) (((long) steps + stepsPerBin - 1) / stepsPerBin); }

    /**
     * Checks the arrays of a {@link ComputeBackend#lifIntegrate} call against these parameters: {@code neurons >= 0},
     * {@code input.length >= planes() * neurons}, {@code countsPerBin.length >= bins() * neurons}, and
     * {@code firstSpikeStep} null or at least {@code neurons} long. Throws {@link IllegalArgumentException}.
     */
    public void checkArrays(float[] input, int neurons, int[] countsPerBin, int[] firstSpikeStep) {
        if (neurons < 0) throw new IllegalArgumentException("neurons must be >= 0: " + neurons);
        if (input == null || countsPerBin == null) throw new IllegalArgumentException("input and countsPerBin are required");
        long in = (long) planes() * neurons, out = (long) bins() * neurons;
        if (input.length < in) throw new IllegalArgumentException("input of " + input.length + " floats, needs " + planes() + " planes x " + neurons);
        if (countsPerBin.length < out)
            throw new IllegalArgumentException("countsPerBin of " + countsPerBin.length + " ints, needs " + bins() + " bins x " + neurons);
        if (firstSpikeStep != null && firstSpikeStep.length < neurons)
            throw new IllegalArgumentException("firstSpikeStep of " + firstSpikeStep.length + " ints, needs " + neurons);
    }
}
