package org.spikecodec.engine.metrics;

import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;

/**
 * PSNR and SSIM of many reconstructions of one reference image, with the reference converted and quantized to 8 bits
 * once instead of once per metric and reconstruction (the evaluator measures a dozen or more encodings of every photo
 * with both). The values are those of {@link Psnr#of} and {@link Ssim#of}, bit for bit.
 *
 * <p>A GREY or RGB reference whose samples are already whole numbers in 0..255 (a photo read from an 8-bit file) is
 * used as it is, not copied: it must not change while this object is in use.
 */
public final class ReferenceMetrics {
    /** PSNR (dB) and mean SSIM of one reconstruction. */
    public record Fidelity(double psnr, double ssim) {}

    private final Image reference;

    public ReferenceMetrics(Image reference) {
        this.reference = isWritten(reference) ? reference : MetricInputs.asWritten(reference);
    }

    /** PSNR and SSIM of {@code distorted} against the reference, as {@code Psnr.of} and {@code Ssim.of} give them. */
    public Fidelity of(Image distorted) {
        Image[] ab = MetricInputs.prepared(reference, distorted);
        return new Fidelity(Psnr.ofPrepared(ab[0], ab[1]), Ssim.ofPrepared(ab[0], ab[1]));
    }

    /** Whether {@code image} is what {@link MetricInputs#asWritten} would make of it (a copy with equal bits). */
    static boolean isWritten(Image image) {
        if (image.model() == ColorModel.YCBCR) return false;
        for (int c = 0; c < image.channels(); c++)
            for (float v : image.plane(c)) {
                float q = Math.max(0, Math.min(255, Math.round(v)));
                if (Float.floatToRawIntBits(q) != Float.floatToRawIntBits(v)) return false;
            }
        return true;
    }
}
