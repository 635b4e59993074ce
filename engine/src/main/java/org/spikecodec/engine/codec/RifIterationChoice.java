package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.IntegratedRifFrontEnd;
import org.spikecodec.engine.transform.rif.RetinaLeastSquares;
import org.spikecodec.engine.transform.rif.RifFrontEnd;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The encoder's choice of how many CG iterations the decoder of a retina-filter file runs (issue 14; measured in
 * {@code docs/rate-distortion.md}, "Why rif was flat"). The least-squares inverse amplifies the layers' quantization
 * error where every layer's response is small, at high spatial frequencies (up to ~50 times in the corners of the
 * spectrum); CG recovers those frequencies last, so stopping it early regularises the inverse. At useful rates the
 * error of the CG iterates falls for one or two iterations and then rises for a hundred.
 *
 * <p>A decoder stops on what the file says (the spec's iteration limit and tolerance), never on the original; the
 * encoder, which has the original, reconstructs each channel once as the decoder would, measures the error of every
 * iterate, and writes the count with the least error (ties: the fewest iterations). Nothing but the header's
 * iteration limit changes: the counts, and so the rate, stay as they were, and the format is version 1 as before.
 */
public final class RifIterationChoice {
    private RifIterationChoice() {}

    /** The chosen count and the error it gives, beside the error of the encoding as it was. */
    public record Choice(int iterations, double chosenMse, double originalMse) {}

    /**
     * The same encoding with the iteration limit whose decoded image is closest to {@code image} (squared error
     * weighted per channel as in RGB, before rounding to 8 bits); the encoding itself when it is not a retina-filter
     * file or when its own limit is already the best.
     */
    public static SpikeEncoder.Encoded choose(ComputeBackend backend, Image image, SpikeEncoder.Encoded e) {
        if (!(e.header().transform() instanceof TransformSpec.Retina spec)) return e;
        Choice c = measure(backend, image, e);
        if (c.iterations() == spec.cgMaxIterations()) return e;
        SpkHeader h = e.header();
        SpkHeader chosen = new SpkHeader(h.width(), h.height(), h.colorModel(),
                spec.withCgMaxIterations(c.iterations()), h.lif(), h.reconstruction(),
                h.channelMeans(), h.channelGains());
        // Only the header changes: the coded channels are framed again as they are, with no quantizing or coding.
        List<byte[]> payloads;
        try {
            payloads = SpkContainer.read(e.file()).channelPayloads();
        } catch (InvalidInputException ex) {
            throw new IllegalStateException("the encoder wrote a file its container rejects", ex);
        }
        byte[] file = SpkContainer.write(chosen, payloads);
        EncodeStats s = e.stats();
        return new SpikeEncoder.Encoded(file, chosen, e.counts(),
                new EncodeStats(s.neurons(), s.activeNeurons(), s.spikes(), s.firstOrderBits(), file.length, s.pixels()), e.payloadBytes());
    }

    /** The best iteration limit for this file and original (see the class comment). */
    public static Choice measure(ComputeBackend backend, Image image, SpikeEncoder.Encoded e) {
        TransformSpec.Retina spec = (TransformSpec.Retina) e.header().transform();
        Image coded = image.model() == ColorModel.RGB ? ColorTransform.toYcbcr(image) : image;
        int w = coded.width(), h = coded.height(), channels = coded.channels();
        double[] weights = coded.model() == ColorModel.YCBCR ? ColorTransform.rgbErrorWeights() : new double[] {1};
        RetinaLeastSquares fe = leastSquares(spec, backend);
        SpikeDecoder decoder = new SpikeDecoder(backend);
        // errors.get(c)[k]: channel c's squared error after k iterations; a channel that converged earlier keeps its last.
        List<double[]> errors = new ArrayList<>();
        int longest = 0;
        for (int c = 0; c < channels; c++) {
            float[] plane = coded.plane(c);
            float mean = e.header().channelMean(c);
            double[] err = new double[spec.cgMaxIterations() + 1];
            List<float[]> bands;
            try {
                bands = decoder.readOut(e.file(), c);
            } catch (InvalidInputException ex) {
                throw new IllegalStateException("the encoder wrote a file its decoder rejects", ex);
            }
            RifFrontEnd.Reconstruction r = fe.reconstruct(bands, w, h, (k, x) -> {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    double d = x[i] + mean - plane[i];
                    s += d * d;
                }
                err[k] = s;
            });
            for (int k = r.iterations() + 1; k < err.length; k++) err[k] = err[r.iterations()];
            longest = Math.max(longest, r.iterations());
            errors.add(err);
        }
        int best = Math.max(1, longest);
        double bestErr = total(errors, weights, best);
        for (int k = 1; k < best; k++) {
            double t = total(errors, weights, k);
            if (t < bestErr) { bestErr = t; best = k; }
        }
        double pixels = (double) w * h * channels;
        // Past the longest run every limit decodes the same: keep the file's own limit then.
        int chosen = best >= longest ? spec.cgMaxIterations() : best;
        return new Choice(chosen, bestErr / pixels, total(errors, weights, spec.cgMaxIterations()) / pixels);
    }

    /** The front end whose CG solve a decoder of this spec runs: the layers, or the dynamic path's time-averaged layer. */
    private static RetinaLeastSquares leastSquares(TransformSpec.Retina spec, ComputeBackend backend) {
        if (spec instanceof TransformSpec.Rif r) return new RifFrontEnd(r, backend);
        if (spec instanceof TransformSpec.RifScaled r) return new ScaledRifFrontEnd(r, backend);
        return new IntegratedRifFrontEnd((TransformSpec.RifDynamic) spec, backend).averagedLayer();
    }

    private static double total(List<double[]> errors, double[] weights, int k) {
        double t = 0;
        for (int c = 0; c < errors.size(); c++) t += weights[c] * errors.get(c)[k];
        return t;
    }
}
