package org.spikecodec.engine.codec;

import java.util.List;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.entropy.SpikeCountCoder;
import org.spikecodec.engine.entropy.TiledCountCoder;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.SpikeCountQuantizer;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnds;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The one validation of a {@code .spk} file, which every reader goes through ({@code info}, {@code decode},
 * {@code compare}, the ImageIO reader and the evaluator, all by {@link SpikeDecoder}), so that they accept and refuse
 * the same files:
 * <ol>
 *   <li>framing, section lengths and CRC-32s ({@link SpkContainer});</li>
 *   <li>every header field in the range the encoder can write: geometry, LIF parameters, front end, read-out, channel
 *       means and gains, and a retina filter's CG settings within {@link SpkHeader#MAX_CG_ITERATIONS} (so decoding time
 *       is bounded);</li>
 *   <li>what the decoder computes from them: the LIF decision table within the float range ({@link LifQuantizer}),
 *       every band gain and neuron gain a finite normal float, and no more coefficients than each payload can
 *       describe.</li>
 * </ol>
 * Any failure is an {@link InvalidInputException} whose message names the field. The spike counts themselves are checked
 * as they are decoded ({@link SpikeDecoder#readSpikes}); the heap a decoding needs, which depends on the JVM rather than
 * the file, by {@link DecodeMemory}.
 */
public final class SpkValidation {
    private SpkValidation() {}

    /** A file that passed: its sections, its band layout, and the quantizer its counts are read with. */
    public record Checked(SpkContainer.Parsed parsed, List<BandShape> layout, SpikeCountQuantizer quantizer) {
        public SpkHeader header() { return parsed.header(); }

        /** Coefficients (neurons) of one channel. */
        public long coefficientsPerChannel() {
            long n = 0;
            for (BandShape b : layout) n += b.size();
            return n;
        }

        public DecodeMemory memory() { return DecodeMemory.of(this); }
    }

    public static Checked check(byte[] file, ComputeBackend backend) throws InvalidInputException {
        SpkContainer.Parsed parsed = SpkContainer.read(file);
        SpkHeader h = parsed.header();
        try {
            new LifQuantizer(h.lif()); // the closed form's table within the float range, whichever neuron the file uses
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("corrupt .spk header: " + e.getMessage(), e);
        }
        FrontEnd fe;
        List<BandShape> layout;
        try {
            fe = FrontEnds.create(h.transform(), backend);
            layout = fe.layout(h.width(), h.height());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("corrupt .spk header: transform " + h.transform() + ": " + e.getMessage(), e);
        }
        SpikeCountQuantizer q;
        try {
            q = SpikeEncoder.quantizer(fe, h.lif());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("corrupt .spk header: " + e.getMessage(), e);
        }
        for (int c = 0; c < h.channels(); c++)
            for (BandShape b : layout) {
                float g = SpikeEncoder.neuronGain(b, h.channelGain(c));
                if (!(g >= Float.MIN_NORMAL) || Float.isInfinite(g))
                    throw new InvalidInputException("corrupt .spk header: channel " + c + " gain " + h.channelGain(c) + " and band " + b.name()
                            + " gain " + b.gain() + " give a neuron gain " + g + " outside the float range");
            }
        Checked checked = new Checked(parsed, layout, q);
        long coefficients = checked.coefficientsPerChannel();
        for (int c = 0; c < h.channels(); c++) {
            int payloadBytes = parsed.channelPayloads().get(c).length;
            // Refuse before allocating: the payload cannot describe more coefficients than its size allows.
            long describable = parsed.version() == SpkContainer.VERSION_SINGLE_STREAM
                    ? SpikeCountCoder.maxSymbolsFor(payloadBytes) : TiledCountCoder.maxSymbolsFor(payloadBytes, parsed.version());
            if (coefficients > describable)
                throw new InvalidInputException("corrupt .spk file: channel " + c + " claims " + coefficients
                        + " coefficients but its " + payloadBytes + " bytes cannot encode that many");
        }
        return checked;
    }
}
