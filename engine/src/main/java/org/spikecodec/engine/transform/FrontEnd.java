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

    /**
     * {@link #forward} of a plane the caller gives up: the front end may transform it in place and leave anything in
     * it (the bands are the same as {@code forward}'s). The default copies nothing less than {@code forward}.
     */
    default List<float[]> forwardConsuming(float[] plane, int width, int height) { return forward(plane, width, height); }

    /**
     * {@link #forwardConsuming} of the plane less {@code offset} ({@code x - offset}, one float subtract a sample: the
     * encoder's centring), the same bands as a subtract pass first; a front end may fold the subtract into its first
     * pass over the plane.
     */
    default List<float[]> forwardConsuming(float[] plane, int width, int height, float offset) {
        for (int i = 0, n = Math.min(plane.length, width * height); i < n; i++) plane[i] -= offset;
        return forwardConsuming(plane, width, height);
    }

    /**
     * Where each band of {@link #layout} lies in the plane that {@link #inversePlaced} transforms in place: the index of
     * its first coefficient, its rows {@code width} apart; or null when the front end has no such plane (then the
     * decoder hands {@link #inverse} separate bands).
     */
    default int[] bandOffsets(int width, int height) { return null; }

    /**
     * {@link #inverse} of a {@code width x height} plane that holds every band at its {@link #bandOffsets}, in place
     * (the same result as {@code inverse} of those bands); only for a front end whose {@code bandOffsets} is not null.
     */
    default float[] inversePlaced(float[] plane, int width, int height) {
        throw new UnsupportedOperationException(spec() + " has no in-place inverse");
    }

    /**
     * {@link #inversePlaced}, then {@code offset} added to every sample ({@code x + offset}, one float add each: the
     * decoder's channel mean); the same floats as that separate pass, which a front end may fuse into its inverse.
     */
    default float[] inversePlaced(float[] plane, int width, int height, float offset) {
        float[] out = inversePlaced(plane, width, height);
        for (int i = 0; i < out.length; i++) out[i] += offset;
        return out;
    }

    /** Reconstructs a {@code width x height} plane from bands in {@link #layout} order. */
    float[] inverse(List<float[]> bands, int width, int height);
}
