package org.spikecodec.engine.transform;

import java.util.List;

/**
 * A front-end transform: what the neurons see. Forward maps one mean-removed image plane to bands of
 * coefficients; inverse maps (dequantized) bands back to a plane. The band layout depends only on the
 * image size and the transform's parameters, so a decoder rebuilds it from the file header alone.
 */
public interface FrontEnd {

    TransformSpec spec();

    /** Bands produced for a {@code width x height} plane, in coding order. */
    List<BandShape> layout(int width, int height);

    /** One array per band of {@link #layout}, each of {@code shape.size()} coefficients. */
    List<float[]> forward(float[] plane, int width, int height);

    /** Reconstructs a {@code width x height} plane from bands in {@link #layout} order. */
    float[] inverse(List<float[]> bands, int width, int height);
}
