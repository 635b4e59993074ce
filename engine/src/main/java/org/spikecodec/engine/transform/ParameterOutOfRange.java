package org.spikecodec.engine.transform;

/**
 * A front-end parameter outside the range the format allows. It carries the numbers so that a caller can word it
 * in its own terms (the command line names its flag); the message speaks of the parameter itself.
 */
public final class ParameterOutOfRange extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final long value, min, max;

    public ParameterOutOfRange(String parameter, long value, long min, long max) {
        super(parameter + " must be in " + min + ".." + max + ", got " + value);
        this.parameter = parameter;
        this.value = value;
        this.min = min;
        this.max = max;
    }

    /** What the parameter is, in the engine's words (e.g. {@code wavelet levels}). */
    public String parameter() { return parameter; }
    public long value() { return value; }
    public long min() { return min; }
    public long max() { return max; }
}
