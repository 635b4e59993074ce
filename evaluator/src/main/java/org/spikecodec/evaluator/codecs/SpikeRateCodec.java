package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/** The spike codec (any front end) behind {@link RateCodec}: rate control on the LIF threshold. */
public final class SpikeRateCodec implements RateCodec {
    private final String name;
    private final CodecSettings settings;
    private final ComputeBackend backend;

    public SpikeRateCodec(String name, CodecSettings settings, ComputeBackend backend) {
        this.name = name;
        this.settings = settings;
        this.backend = backend;
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
        SpikeEncoder encoder = new SpikeEncoder(backend);
        SpikeDecoder decoder = new SpikeDecoder(backend);
        SpikeEncoder.Analysis analysis = encoder.analyze(image, settings.transform());
        RateController rc = new RateController(encoder, RateController.Measure.PAYLOAD);
        LifParameters lif = settings.lif();
        Reconstruction rec = settings.reconstruction();
        // Every encoding of this image so far, by its LIF parameters (the searches for its other targets reuse them),
        // and every one decoded so far (a target may choose an encoding already chosen, and decoding can cost more
        // than encoding: the retina filter's inverse is iterative).
        Map<LifParameters, SpikeEncoder.Encoded> encoded = new HashMap<>();
        Map<SpikeEncoder.Encoded, Compressed> decoded = new IdentityHashMap<>();
        return new Session() {
            @Override public Compressed compress(double targetBpp) throws IOException {
                SpikeEncoder.Encoded e;
                try {
                    e = rc.encodeToBpp(analysis, targetBpp, lif, rec, settings.chromaGain(), encoded).encoded();
                } catch (IllegalArgumentException belowMinimum) {
                    // Below the empty file: the best this codec can do is no spikes at all.
                    e = encoded.computeIfAbsent(lif.withThreshold(1e20), l -> encoder.quantize(analysis, l, rec, settings.chromaGain()));
                }
                Compressed c = decoded.get(e);
                if (c == null) {
                    SpikeDecoder.Decoded d = decoder.decode(e.file());
                    c = new Compressed(d.image(), e.file().length, e.payloadBytes(),
                            String.format(Locale.ROOT, "theta=%.6g", e.header().lif().threshold()));
                    decoded.put(e, c);
                }
                return c;
            }

            @Override public long encodings() { return encoded.size(); }
        };
    }
}
