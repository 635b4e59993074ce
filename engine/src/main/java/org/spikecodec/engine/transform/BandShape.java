package org.spikecodec.engine.transform;

/**
 * Geometry of one band of coefficients produced by a front end (a wavelet subband, a retina layer, the
 * pixel plane), and how strongly its neurons are driven.
 *
 * @param name     human-readable label, e.g. {@code LL3}, {@code HL1}, {@code t=40ms}
 * @param width    coefficients per row
 * @param height   rows
 * @param context  entropy-coder context class: bands sharing it share adaptive statistics
 * @param gain     input gain of this band's neurons (R_b / R): a neuron sees {@code |c| * gain}. Chosen by the
 *                 front end so that equal quantizer cells give equal distortion in the image (for the wavelet,
 *                 the square root of the synthesis energy gain of the subband).
 */
public record BandShape(String name, int width, int height, int context, double gain) {
    public BandShape {
        if (width < 0 || height < 0) throw new IllegalArgumentException("negative band size " + width + "x" + height);
        if (!(gain > 0) || Double.isInfinite(gain)) throw new IllegalArgumentException("band gain must be finite and > 0: " + gain);
    }

    public int size() { return width * height; }
}
