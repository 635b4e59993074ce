package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.entropy.SpikeCountCoder;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.FrontEnds;
import org.spikecodec.kernels.ComputeBackend;

/** {@code .spk} bytes to image. Needs nothing but the file. */
public final class SpikeDecoder {
    private final ComputeBackend backend;

    public SpikeDecoder(ComputeBackend backend) { this.backend = backend; }

    /** The decoded image (RGB or grey) with the header and the spike counts it was made from. */
    public record Decoded(Image image, SpkHeader header, List<List<int[]>> counts, long fileBytes) {
        public double bpp() { return fileBytes * 8.0 / image.pixels(); }
    }

    /** Parses and entropy-decodes only: the header and the counts, no image. */
    public record Spikes(SpkHeader header, List<BandShape> layout, List<List<int[]>> counts, List<List<BandSideInfo>> sideInfo, long fileBytes) {}

    private record DecodedChannel(List<int[]> counts, List<BandSideInfo> sides) {}

    public Spikes readSpikes(byte[] file) throws InvalidInputException {
        SpkContainer.Parsed parsed = SpkContainer.read(file);
        SpkHeader h = parsed.header();
        FrontEnd fe = FrontEnds.create(h.transform(), backend);
        List<BandShape> layout = fe.layout(h.width(), h.height());
        long coefficients = 0;
        for (BandShape b : layout) coefficients += b.size();
        for (int c = 0; c < h.channels(); c++) {
            int payloadBytes = parsed.channelPayloads().get(c).length;
            // Refuse before allocating: the payload cannot describe more coefficients than its size allows.
            if (coefficients > SpikeCountCoder.maxSymbolsFor(payloadBytes))
                throw new InvalidInputException("corrupt .spk file: channel " + c + " claims " + coefficients
                        + " coefficients but its " + payloadBytes + " bytes cannot encode that many");
        }
        // Channels are entropy-coded independently: parse and decode each on a thread of its own (the error of the
        // lowest failing channel is the one reported, as a sequential decoder would).
        List<DecodedChannel> channels = PerChannel.mapChecked(h.channels(), c -> {
            try {
                ChannelPayload.Parsed p = ChannelPayload.read(parsed.channelPayloads().get(c), layout.size());
                return new DecodedChannel(SpikeCountCoder.decode(p.counts(), layout), p.sideInfo());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("channel " + c + ": " + e.getMessage(), e);
            }
        });
        List<List<int[]>> counts = new ArrayList<>();
        List<List<BandSideInfo>> sides = new ArrayList<>();
        for (DecodedChannel d : channels) {
            counts.add(d.counts());
            sides.add(d.sides());
        }
        return new Spikes(h, layout, counts, sides, parsed.fileBytes());
    }

    public Decoded decode(byte[] file) throws InvalidInputException {
        Spikes s = readSpikes(file);
        SpkHeader h = s.header();
        LifQuantizer q = new LifQuantizer(h.lif());
        FrontEnd fe = FrontEnds.create(h.transform(), backend);
        float[][] planes = new float[h.channels()][];
        for (int c = 0; c < h.channels(); c++) {
            List<float[]> bands = new ArrayList<>(s.layout().size());
            for (int b = 0; b < s.layout().size(); b++) {
                BandShape shape = s.layout().get(b);
                int[] n = s.counts().get(c).get(b);
                int max = 0;
                for (int v : n) max = Math.max(max, Math.abs(v));
                if (max > q.maxReachableCount())
                    throw new InvalidInputException("corrupt .spk file: a count of " + max + " spikes in band " + shape.name()
                            + " is impossible with these LIF parameters (at most " + q.maxReachableCount() + ")");
                BandSideInfo side = s.sideInfo().get(c).get(b);
                float[] table = q.thresholds(max + 1);
                float[] levels = LifQuantizer.levels(table, max, h.reconstruction(), side.laplace(), side.topMean());
                float[] coeff = new float[n.length];
                backend.lifReadout(n, 0, n.length, levels, SpikeEncoder.neuronGain(shape, h.channelGain(c)), coeff, 0);
                bands.add(coeff);
            }
            float[] plane = fe.inverse(bands, h.width(), h.height());
            float mean = h.channelMean(c);
            for (int i = 0; i < plane.length; i++) plane[i] += mean;
            planes[c] = plane;
        }
        Image img = new Image(h.width(), h.height(), h.colorModel(), planes);
        if (h.colorModel() == ColorModel.YCBCR) img = ColorTransform.toRgb(img);
        return new Decoded(img, h, s.counts(), s.fileBytes());
    }
}
