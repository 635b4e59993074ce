package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.Locale;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.codec.ThetaSearch;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The spike codec (any front end) behind {@link RateCodec}: rate control on the LIF threshold, one
 * {@link ThetaSearch} per image so that every target reuses the encodings of the others.
 */
public final class SpikeRateCodec implements RateCodec {
    /**
     * How close to a target the payload must land. The sweep records the measured rate of every encoding, so it needs
     * the codecs at comparable rates, not exact ones. With the wavelet, over the 10 default rates and 4 bisection probes
     * on seven photos of data/photos: 1.56 encodings per target at 1%, 1.21 at 2%, 1.07 at 3%.
     */
    public static final double DEFAULT_TOLERANCE = 0.02;

    private final String name;
    private final CodecSettings settings;
    /** On the sweep's backend, which every codec shares and the sweep closes. */
    private final SpikeCodec codec;
    private final double tolerance;

    public SpikeRateCodec(String name, CodecSettings settings, ComputeBackend backend) {
        this(name, settings, backend, DEFAULT_TOLERANCE);
    }

    /** @param tolerance relative distance to each target accepted, e.g. 0.02 */
    public SpikeRateCodec(String name, CodecSettings settings, ComputeBackend backend, double tolerance) {
        if (!(tolerance >= 0 && tolerance < 1)) throw new IllegalArgumentException("tolerance must be in [0, 1): " + tolerance);
        this.name = name;
        this.settings = settings;
        this.codec = SpikeCodec.sharing(backend, settings);
        this.tolerance = tolerance;
    }

    public static SpikeRateCodec dwt(ComputeBackend backend) {
        return new SpikeRateCodec("spike-dwt", CodecSettings.defaults(), backend);
    }

    public static SpikeRateCodec rif(ComputeBackend backend) {
        return new SpikeRateCodec("spike-rif", CodecSettings.defaults().withTransform(new TransformSpec.Rif(
                org.spikecodec.engine.transform.rif.RifFrontEnd.DEFAULT_LAYERS_MS,
                org.spikecodec.engine.transform.rif.RifFrontEnd.DEFAULT_CG_TOLERANCE,
                org.spikecodec.engine.transform.rif.RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS)), backend);
    }

    @Override public String name() { return name; }

    public CodecSettings settings() { return settings; }

    @Override public Session open(Image image) {
        ThetaSearch search = codec.rateSearch(image, RateController.Measure.PAYLOAD);
        // The latest decoding: consecutive targets may choose the same encoding (every target below the empty file),
        // and decoding can cost more than encoding (the retina filter's inverse is iterative). Keyed by the file
        // (an array: by identity), which each encoding of the search has its own of.
        LastDecoded decoded = new LastDecoded();
        return new Session() {
            @Override public Compressed compress(double targetBpp) throws IOException {
                SpikeEncoder.Encoded e;
                try {
                    e = search.encodeToBpp(targetBpp, tolerance).encoded();
                } catch (RateController.UnreachableRate unreachable) {
                    // The best this codec can do: no spikes at all below the empty file, its highest rate above that.
                    e = unreachable.nearest();
                }
                SpikeEncoder.Encoded chosen = e;
                return decoded.get(e.file(), () -> {
                    // The retina filter's file carries the CG iterations that reconstruct it best (issue 14), as the
                    // CLI's encode writes it; the counts and the rate are the search's.
                    SpikeEncoder.Encoded coded = codec.withChosenRifIterations(chosen, image);
                    SpikeCodec.Decoding d = codec.decode(coded.file());
                    return new Compressed(d.image(), coded.file().length, coded.payloadBytes(),
                            String.format(Locale.ROOT, "theta=%.6g", coded.header().lif().threshold()));
                });
            }

            @Override public long encodings() { return search.encodings(); }
        };
    }
}
