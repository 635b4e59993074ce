package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;
import org.spikecodec.engine.HeapBudget;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.entropy.LeafRowSink;
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
     * {@code leafReadout}, a tiled stream's bands without children go to the sink it makes of the side information
     * (their entries in the counts are null); a version-1 stream keeps every band.
     */
    private static DecodedChannel decodeCounts(SpkValidation.Checked checked, int c, Function<List<BandSideInfo>, LeafRowSink> leafReadout)
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
            } else if (leafReadout == null) {
                counts = TiledCountCoder.decode(p.counts(), layout, version, maxes); // maxima found on the way
            } else {
                counts = TiledCountCoder.decode(p.counts(), layout, version, maxes, leafReadout.apply(p.sideInfo()));
            }
            checkReachable(checked, maxes);
            return new DecodedChannel(counts, p.sideInfo(), maxes);
        } catch (InvalidInputException e) {
            throw channelFailure(c, e);
        }
    }

    private static void checkReachable(SpkValidation.Checked checked, int[] maxMagnitudes) throws InvalidInputException {
        int reachable = checked.quantizer().maxReachableCount();
        for (int b = 0; b < maxMagnitudes.length; b++)
            if (maxMagnitudes[b] > reachable) throw unreachableCount(maxMagnitudes[b], checked.layout().get(b), reachable);
    }

    private static InvalidInputException channelFailure(int c, InvalidInputException e) {
        return new InvalidInputException("channel " + c + ": " + e.getMessage(), e);
    }

    /** The read-out levels of a band's counts 0..max: entries that do not depend on {@code max} (see {@link LeafReadout}). */
    static float[] levels(SpikeCountQuantizer q, int max, Reconstruction reconstruction, BandSideInfo side) {
        return LifQuantizer.levels(q.thresholds(max + 1), max, reconstruction, side.laplace(), side.topMean());
    }

    static InvalidInputException unreachableCount(int count, BandShape band, int reachable) {
        return new InvalidInputException("corrupt .spk file: a count of " + count + " spikes in band " + band.name()
                + " is impossible with these LIF parameters (at most " + reachable + ")");
    }

    public Decoded decode(byte[] file) throws InvalidInputException {
        // A caller outside any fork-join pool schedules the whole decode itself (decodePlanesScheduled) on as many threads
        // as cores: itself and the common pool's workers. A task of a pool (a batch decoding images in parallel) keeps
        // the nested channels and waves, whose joins help that pool.
        ForkJoinPool pool = ForkJoinTask.inForkJoinPool() ? null : ForkJoinPool.commonPool();
        int runners = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return decode(file, pool, runners);
    }

    /**
     * {@link #decode(byte[])} with the scheduled decode on {@code pool} by {@code runners} threads (the caller and pool
     * tasks), where the file allows it; with a null pool, the channels and waves as nested parallel streams on the common
     * pool. The image is the same either way (the tests hold both to it).
     */
    Decoded decode(byte[] file, ForkJoinPool pool, int runners) throws InvalidInputException {
        SpkValidation.Checked checked = inspect(file);
        SpkHeader h = checked.header();
        DecodeMemory memory = checked.memory();
        // Channels in parallel when the heap has room for all of them at once, else one at a time.
        boolean parallel = h.channels() > 1 && HeapBudget.fits(memory.decodeBytes(h.channels()));
        if (!parallel) memory.require(memory.decodeBytes(1), "decoding");
        FrontEnd fe = FrontEnds.create(h.transform(), backend);
        int[] offsets = fe.bandOffsets(h.width(), h.height());
        boolean scheduled = pool != null && offsets != null && checked.parsed().version() != SpkContainer.VERSION_SINGLE_STREAM
                && (parallel || h.channels() == 1);
        List<float[]> planes = scheduled
                ? decodePlanesScheduled(checked, fe, offsets, pool, runners)
                : PerChannel.mapChecked(h.channels(), parallel, c -> decodeChannel(checked, fe, c));
        Image img = new Image(h.width(), h.height(), h.colorModel(), planes.toArray(new float[0][]));
        if (h.colorModel() == ColorModel.YCBCR) img = ColorTransform.toRgbInPlace(img);
        return new Decoded(img, h, checked.parsed().fileBytes());
    }

    /** One channel's plane. */
    private float[] decodeChannel(SpkValidation.Checked checked, FrontEnd fe, int c) throws InvalidInputException {
        SpkHeader h = checked.header();
        int[] offsets = fe.bandOffsets(h.width(), h.height());
        float mean = h.channelMean(c);
        if (offsets != null) return fe.inversePlaced(readOutPlaced(checked, c, offsets), h.width(), h.height(), mean);
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
     * per band: the bands without children (the finest level) are read out row by row as the entropy decoder produces
     * them ({@link LeafReadout}), and the backend reads the others' rows out straight into their places.
     */
    private float[] readOutPlaced(SpkValidation.Checked checked, int c, int[] offsets) throws InvalidInputException {
        SpkHeader h = checked.header();
        float[] plane = new float[Math.multiplyExact(h.width(), h.height())];
        DecodedChannel d = decodeCounts(checked, c, sides -> leafReadout(checked, c, sides, plane, offsets));
        readOutParents(checked, c, d, plane, offsets);
        return plane;
    }

    private static LeafReadout leafReadout(SpkValidation.Checked checked, int c, List<BandSideInfo> sides, float[] plane, int[] offsets) {
        SpkHeader h = checked.header();
        return new LeafReadout(checked.quantizer(), h.reconstruction(), checked.layout(), sides, h.channelGain(c), plane, offsets, h.width());
    }

    /** The bands whose counts the entropy decoder kept (those with children) read out into their places in the plane. */
    private void readOutParents(SpkValidation.Checked checked, int c, DecodedChannel d, float[] plane, int[] offsets) {
        SpkHeader h = checked.header();
        List<int[]> counts = d.counts();
        for (int b = 0; b < counts.size(); b++) {
            BandShape shape = checked.layout().get(b);
            int[] n = counts.set(b, null);
            if (n == null) continue; // read out as it was decoded
            float[] levels = levels(checked.quantizer(), d.maxMagnitudes()[b], h.reconstruction(), d.sides().get(b));
            backend.lifReadoutRows(n, 0, shape.width(), shape.height(), levels, SpikeEncoder.neuronGain(shape, h.channelGain(c)),
                    plane, offsets[b], h.width());
        }
    }

    /** Estimated costs of the scheduled decode's tasks, in ns (flower.png, 3.4 MP, one core): only their order matters. */
    private static final double PREPARE_NS_PER_PIXEL = 0.5, BLOCK_NS_PER_BYTE = 125, BLOCK_NS_PER_COEFFICIENT = 1.5,
            INVERSE_NS_PER_PIXEL = 3;

    /**
     * The planes of a tiled file decoded as one {@link TaskGraph} on the common pool: per channel, a task that allocates
     * the plane and the bands, one task per entropy-coded block (after every block of its channel's earlier waves), and a
     * task that checks the counts, reads the parents' out and inverts the transform; the longest chain first (in a photo,
     * the luma channel's), so that no core waits for it at the end. Failures are reported as {@link PerChannel} does: the
     * lowest failing channel's, within it the first failing block in stream order (a failing wave skips the rest).
     */
    private List<float[]> decodePlanesScheduled(SpkValidation.Checked checked, FrontEnd fe, int[] offsets, ForkJoinPool pool, int runners)
            throws InvalidInputException {
        SpkHeader h = checked.header();
        List<BandShape> layout = checked.layout();
        int channels = h.channels();
        double pixels = (double) h.width() * h.height();
        InvalidInputException[] parseFailures = new InvalidInputException[channels];
        float[][] planes = new float[channels][];
        int[] firstTask = new int[channels], endTask = new int[channels];
        TaskGraph graph = new TaskGraph();
        for (int c = 0; c < channels; c++) {
            int ch = c;
            ChannelPayload.Parsed p;
            TiledCountCoder.Decoding d;
            try {
                p = ChannelPayload.read(checked.parsed().channelPayloads().get(c), layout.size());
                d = TiledCountCoder.startDecoding(p.counts(), layout, checked.parsed().version());
            } catch (InvalidInputException e) {
                parseFailures[c] = channelFailure(c, e);
                continue;
            }
            firstTask[c] = graph.size();
            int[] previous = {graph.add(PREPARE_NS_PER_PIXEL * pixels, () -> {
                planes[ch] = new float[Math.multiplyExact(h.width(), h.height())];
                d.prepare(leafReadout(checked, ch, p.sideInfo(), planes[ch], offsets));
            })};
            for (int i = 0; i < d.blocks(); ) {
                int[] wave = new int[d.blocks()];
                int n = 0;
                for (int w = d.wave(i); i < d.blocks() && d.wave(i) == w; i++) {
                    int block = i;
                    wave[n++] = graph.add(BLOCK_NS_PER_BYTE * d.streamBytes(i) + BLOCK_NS_PER_COEFFICIENT * d.coefficients(i), () -> {
                        try {
                            d.decodeBlock(block);
                        } catch (InvalidInputException e) {
                            throw channelFailure(ch, e);
                        }
                    }, previous);
                }
                previous = Arrays.copyOf(wave, n);
            }
            graph.add(INVERSE_NS_PER_PIXEL * pixels, () -> {
                int[] maxes = new int[layout.size()];
                DecodedChannel decoded;
                try {
                    List<int[]> counts = d.finish(maxes);
                    checkReachable(checked, maxes);
                    decoded = new DecodedChannel(counts, p.sideInfo(), maxes);
                } catch (InvalidInputException e) {
                    throw channelFailure(ch, e);
                }
                readOutParents(checked, ch, decoded, planes[ch], offsets);
                planes[ch] = fe.inversePlaced(planes[ch], h.width(), h.height(), h.channelMean(ch));
            }, previous);
            endTask[c] = graph.size();
        }
        graph.run(pool, runners);
        for (int c = 0; c < channels; c++) {
            if (parseFailures[c] != null) throw parseFailures[c];
            for (int t = firstTask[c]; t < endTask[c]; t++) {
                Throwable f = graph.failure(t);
                if (f instanceof InvalidInputException e) throw e;
                if (f instanceof RuntimeException e) throw e;
                if (f instanceof Error e) throw e;
                if (f != null) throw new IllegalStateException(f);
            }
        }
        return Arrays.asList(planes);
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
