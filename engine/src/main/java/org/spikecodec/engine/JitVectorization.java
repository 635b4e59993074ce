package org.spikecodec.engine;

/**
 * What this JVM's C2 compiler vectorizes, where the engine's loops take a different shape for it. One place for the
 * judgement, so that the classes that depend on it (the colour conversions, SSIM) cannot disagree.
 */
public final class JitVectorization {
    /**
     * Whether C2 compiles loops that convert floats to doubles (and back) into vector instructions: since JDK 19
     * (JDK-8283091). Before, such a loop runs one scalar conversion and double operation a sample whatever its shape.
     */
    public static final boolean FLOAT_DOUBLE_CONVERSIONS = Runtime.version().feature() >= 19;

    private JitVectorization() {}
}
