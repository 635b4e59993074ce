package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;
import org.spikecodec.kernels.ComputeBackend;

/**
 * Several codecs behind one name: at each target it compresses with every one and keeps the result whose decoded image
 * has the highest PSNR against the original (ties: the first), among those whose coded data (the payload, the rate the
 * sweep compares codecs at) is at most 3% above the target (or, when none is, the smallest payload). Not the whole
 * file: its header would push a candidate that hit the target over the limit on small images and at low rates. The evaluator's twin of the encoder's retina choice
 * ({@code spikecodec encode --transform rif-scaled}, {@code SpikeCodec.encodeToBppChoosingRetina}; issue 14 item 3).
 */
public final class ChoosingRateCodec implements RateCodec {
    /** How far above the target a candidate's file may land and still be chosen (the spike codecs aim within 2%). */
    static final double OVER = 0.03;

    private final String name;
    private final List<RateCodec> candidates;

    public ChoosingRateCodec(String name, List<RateCodec> candidates) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no codec to choose from");
        this.name = name;
        this.candidates = List.copyOf(candidates);
    }

    /** {@code spike-rif-scaled}: the spike codec on each of {@link ScaledRifFrontEnd#DEFAULT_CANDIDATES}. */
    public static ChoosingRateCodec rifScaled(ComputeBackend backend) {
        List<RateCodec> c = new ArrayList<>();
        for (TransformSpec.RifScaled spec : ScaledRifFrontEnd.defaultCandidates())
            c.add(new SpikeRateCodec("spike-rif-scaled", CodecSettings.defaults().withTransform(spec), backend));
        return new ChoosingRateCodec("spike-rif-scaled", c);
    }

    @Override public String name() { return name; }

    @Override public Session open(Image image) throws IOException {
        List<Session> sessions = new ArrayList<>();
        for (RateCodec c : candidates) sessions.add(c.open(image));
        return new Session() {
            @Override public Compressed compress(double targetBpp) throws IOException {
                Compressed best = null, smallest = null;
                double bestPsnr = Double.NEGATIVE_INFINITY;
                for (Session s : sessions) {
                    Compressed c = s.compress(targetBpp);
                    if (smallest == null || c.payloadBpp() < smallest.payloadBpp()) smallest = c;
                    // A candidate that cannot reach the target returns its nearest file, which may lie above it: not a choice.
                    if (c.payloadBpp() > targetBpp * (1 + OVER)) continue;
                    double psnr = Psnr.of(image, c.decoded().quantized8());
                    if (best == null || psnr > bestPsnr) { best = c; bestPsnr = psnr; }
                }
                return best != null ? best : smallest;
            }

            @Override public long encodings() {
                long n = 0;
                for (Session s : sessions) n += s.encodings();
                return n;
            }

            @Override public void close() {
                for (Session s : sessions) s.close();
            }
        };
    }
}
