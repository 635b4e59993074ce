package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.spikecodec.engine.HeapBudget;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.entropy.CountRowSink;
import org.spikecodec.engine.entropy.SpikeCountCoder;
import org.spikecodec.engine.entropy.TiledCountCoder;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.lif.SpikeCountQuantizer;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.FrontEnds;
import org.spikecodec.kernels.ComputeBackend;

/**
 * {@code .spk} bytes to image. Needs nothing but the file. Every entry point validates the file the same way first
 * ({@link SpkValidation}), and checks the heap it will need before allocating it ({@link DecodeMemory}).
 */
public final class SpikeDecoder {
    private final ComputeBackend backend;

    public SpikeDecoder(ComputeBackend backend) { this.backend = backend; }

    /** The decoded image (RGB or grey) and the header it was made from. */
    public record Decoded(Image image, SpkHeader header, long fileBytes) {
        public double bpp() { return fileBytes * 8.0 / image.pixels(); }
    }

    /** Parses and entropy-decodes only: the header and the counts, no image. */
    public record Spikes(SpkHeader header, List<BandShape> layout, List<List<int[]>> counts, List<List<BandSideInfo>> sideInfo, long fileBytes) {}

    /** One channel's counts, side information, and each band's largest count magnitude (checked, and reused by the read-out). */
    private record DecodedChannel(List<int[]> counts, List<BandSideInfo> sides, int[] maxMagnitudes) {}

    /** The file validated as a whole, without decoding its counts (cheap: what the ImageIO reader's {@code getWidth} needs). */
    public SpkValidation.Checked inspect(byte[] file) throws InvalidInputException {
        return SpkValidation.check(file, backend);
    }

    public Spikes readSpikes(byte[] file) throws InvalidInputException {
        SpkValidation.Checked checked = inspect(file);
        SpkHeader h = checked.header();
        DecodeMemory memory = checked.memory();
        memory.require(memory.countsBytes(), "reading the spike counts of");
        // Channels are entropy-coded independently: parse and decode each on a thread of its own (the error of the
        // lowest failing channel is the one reported, as a sequential decoder would).
        List<DecodedChannel> channels = PerChannel.mapChecked(h.channels(), true, c -> decodeCounts(checked, c, null));
        List<List<int[]>> counts = new ArrayList<>();
        List<List<BandSideInfo>> sides = new ArrayList<>();
        for (DecodedChannel d : channels) {
            counts.add(d.counts());
            sides.add(d.sides());
        }
        return new Spikes(h, checked.layout(), counts, sides, checked.parsed().fileBytes());
    }

    /**
     * Entropy-decodes one channel and checks every count against what the LIF parameters can produce. With
     * {@code rowReadout}, a tiled stream's rows go to the sink it makes of the side information as they are decoded (the
     * counts' entries are null); a version-1 stream keeps every band.
     */
    private static DecodedChannel decodeCounts(SpkValidation.Checked checked, int c, Function<List<BandSideInfo>, CountRowSink> rowReadout)
            throws InvalidInputException {
        try {
            List<BandShape> layout = checked.layout();
            ChannelPayload.Parsed p = ChannelPayload.read(checked.parsed().channelPayloads().get(c), layout.size());
            int[] maxes = new int[layout.size()];
            List<int[]> counts;
            int version = checked.parsed().version();
            if (version == SpkContainer.VERSION_SINGLE_STREAM) {
                counts = SpikeCountCoder.decode(p.counts(), layout);
                for (int b = 0; b < counts.size(); b++) maxes[b] = SpikeEncoder.maxMagnitude(counts.get(b));
            } else if (rowReadout == null) {
                counts = TiledCountCoder.decode(p.counts(), layout, version, maxes); // maxima found on the way
            } else {
                counts = TiledCountCoder.decode(p.counts(), layout, version, maxes, rowReadout.apply(p.sideInfo()));
            }
            int reachable = checked.quantizer().maxReachableCount();
            for (int b = 0; b < counts.size(); b++)
                if (maxes[b] > reachable) throw unreachableCount(maxes[b], layout.get(b), reachable);
            return new DecodedChannel(counts, p.sideInfo(), maxes);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("channel " + c + ": " + e.getMessage(), e);
        }
    }

    /** The read-out levels of a band's counts 0..max: entries that do not depend on {@code max} (see {@link RowReadout}). */
    static float[] levels(SpikeCountQuantizer q, int max, Reconstruction reconstruction, BandSideInfo side) {
        return LifQuantizer.levels(q.thresholds(max + 1), max, reconstruction, side.laplace(), side.topMean());
    }

    static InvalidInputException unreachableCount(int count, BandShape band, int reachable) {
        return new InvalidInputException("corrupt .spk file: a count of " + count + " spikes in band " + band.name()
                + " is impossible with these LIF parameters (at most " + reachable + ")");
    }

    public Decoded decode(byte[] file) throws InvalidInputException {
        return decode(file, null);
    }

    /**
     * As {@link #decode(byte[])}, but into {@code reuse}'s planes instead of new ones where they fit: the file's width,
     * height and number of channels, and no plane shared between channels (the image of an earlier decode of a file of
     * that size always fits). A batch of decodes then does not allocate and zero 12 bytes a pixel for each image, as
     * {@code tjbench} decompresses into one buffer. The same samples as a decode into new planes. {@code reuse} must
     * not be used after the call, whatever its outcome: its planes hold the new image, or, if a corrupt payload is
     * refused, what the decoder had written by then. An image that does not fit is left alone and new planes are
     * allocated; so are they for the front ends that do not invert in place (the retina filter, pixels).
     *
     * @param reuse an image whose planes may be overwritten, or null
     */
    public Decoded decode(byte[] file, Image reuse) throws InvalidInputException {
        SpkValidation.Checked checked = inspect(file);
        SpkHeader h = checked.header();
        DecodeMemory memory = checked.memory();
        // Channels in parallel when the heap has room for all of them at once, else one at a time.
        boolean parallel = h.channels() > 1 && HeapBudget.fits(memory.decodeBytes(h.channels()));
        if (!parallel) memory.require(memory.decodeBytes(1), "decoding");
        FrontEnd fe = FrontEnds.create(h.transform(), backend);
        float[][] into = reusablePlanes(reuse, h);
        List<float[]> planes = PerChannel.mapChecked(h.channels(), parallel, c -> decodeChannel(checked, fe, c, into == null ? null : into[c]));
        Image img = new Image(h.width(), h.height(), h.colorModel(), planes.toArray(new float[0][]));
        if (h.colorModel() == ColorModel.YCBCR) img = ColorTransform.toRgbInPlace(img);
        return new Decoded(img, h, checked.parsed().fileBytes());
    }

    /** {@code reuse}'s planes if they fit the file (see {@link #decode(byte[], Image)}), else null. */
    private static float[][] reusablePlanes(Image reuse, SpkHeader h) {
        if (reuse == null || reuse.width() != h.width() || reuse.height() != h.height() || reuse.channels() != h.channels()) return null;
        float[][] planes = new float[h.channels()][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = reuse.plane(c);
            // A plane shared by two channels (a grey image spread over RGB) would be written by both at once.
            for (int k = 0; k < c; k++) if (planes[k] == planes[c]) return null;
        }
        return planes;
    }

    /** One channel's plane, in {@code into} when the front end inverts in place and {@code into} is not null. */
    private float[] decodeChannel(SpkValidation.Checked checked, FrontEnd fe, int c, float[] into) throws InvalidInputException {
        SpkHeader h = checked.header();
        int[] offsets = fe.bandOffsets(h.width(), h.height());
        float mean = h.channelMean(c);
        if (offsets != null) return fe.inversePlaced(readOutPlaced(checked, c, offsets, into), h.width(), h.height(), mean);
        float[] plane = fe.inverse(readOut(checked, c), h.width(), h.height());
        for (int i = 0; i < plane.length; i++) plane[i] += mean;
        return plane;
    }

    /** Channel c's coefficients, band by band, as the decoder reads them out of a checked file (before the inverse transform). */
    List<float[]> readOut(byte[] file, int c) throws InvalidInputException {
        return readOut(inspect(file), c);
    }

    /**
     * Channel c's coefficients read out straight into the plane the front end inverts in place, each band at its offset
     * ({@link FrontEnd#bandOffsets}); the same values as {@link #readOut(SpkValidation.Checked, int)}, without an array
     * per band: a tiled stream's rows are read out as the entropy decoder produces them ({@link RowReadout}); a version-1
     * stream's bands by the backend, straight into their places. Into {@code into}, every sample written, when it is
     * not null; else into a new plane.
     */
    private float[] readOutPlaced(SpkValidation.Checked checked, int c, int[] offsets, float[] into) throws InvalidInputException {
        SpkHeader h = checked.header();
        SpikeCountQuantizer q = checked.quantizer();
        List<BandShape> layout = checked.layout();
        boolean zeroed = into == null;
        float[] plane = zeroed ? new float[Math.multiplyExact(h.width(), h.height())] : into;
        DecodedChannel d = decodeCounts(checked, c,
                sides -> new RowReadout(q, h.reconstruction(), layout, sides, h.channelGain(c), plane, zeroed, offsets, h.width()));
        List<int[]> counts = d.counts();
        for (int b = 0; b < counts.size(); b++) {
            BandShape shape = layout.get(b);
            int[] n = counts.set(b, null);
            if (n == null) continue; // read out as it was decoded (a tiled stream)
            int max = d.maxMagnitudes()[b];
            BandSideInfo side = d.sides().get(b);
            float[] levels = levels(q, max, h.reconstruction(), side);
            backend.lifReadoutRows(n, 0, shape.width(), shape.height(), levels, SpikeEncoder.neuronGain(shape, h.channelGain(c)),
                    plane, offsets[b], h.width());
        }
        return plane;
    }

    /** Each band's counts are dropped as soon as they are read out, so they and the coefficients never both fill the heap. */
    private List<float[]> readOut(SpkValidation.Checked checked, int c) throws InvalidInputException {
        SpkHeader h = checked.header();
        SpikeCountQuantizer q = checked.quantizer();
        DecodedChannel d = decodeCounts(checked, c, null);
        // The entropy decoder's own list, not a copy: dropping its entries is what frees the counts.
        List<int[]> counts = d.counts();
        List<float[]> bands = new ArrayList<>(counts.size());
        for (int b = 0; b < counts.size(); b++) {
            BandShape shape = checked.layout().get(b);
            int[] n = counts.set(b, null);
            int max = d.maxMagnitudes()[b];
            BandSideInfo side = d.sides().get(b);
            float[] levels = levels(q, max, h.reconstruction(), side);
            float[] coeff = new float[n.length];
            backend.lifReadout(n, 0, n.length, levels, SpikeEncoder.neuronGain(shape, h.channelGain(c)), coeff, 0);
            bands.add(coeff);
        }
        return bands;
    }
}
