package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.entropy.EntropyStats;
import org.spikecodec.engine.entropy.TiledCountCoder;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.ColorTransform;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.DynamicLifQuantizer;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.lif.SpikeCountQuantizer;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.FrontEnds;
import org.spikecodec.engine.transform.TimeVaryingFrontEnd;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * Image to {@code .spk} bytes: colour transform, mean removal, front end, LIF neurons, entropy coding.
 * Split in two stages so that a rate search transforms once and quantizes many times.
 */
public final class SpikeEncoder {
    private final ComputeBackend backend;

    public SpikeEncoder(ComputeBackend backend) { this.backend = backend; }

    /**
     * The image after the front end: what every neuron sees, before any LIF parameter is chosen. For a front end whose
     * input changes over time ({@link TimeVaryingFrontEnd}), {@code drives} holds each channel's input planes over the
     * window, which the neurons integrate, and {@code bands} the time-averaged input the decoder estimates; otherwise
     * {@code drives} is empty.
     */
    public record Analysis(int width, int height, ColorModel model, TransformSpec transform, List<BandShape> layout,
                           float[] means, List<List<float[]>> bands, List<float[]> drives) {
        /** A front end whose neurons see a constant input. */
        public Analysis(int width, int height, ColorModel model, TransformSpec transform, List<BandShape> layout, float[] means,
                        List<List<float[]>> bands) {
            this(width, height, model, transform, layout, means, bands, List.of());
        }

        public long pixels() { return (long) width * height; }
    }

    /**
     * An encoding: the file, its header, its counts (per channel, per band) and its cost.
     * {@code payloadBytes} counts the channel sections' contents only (no magic, header or framing).
     */
    public record Encoded(byte[] file, SpkHeader header, List<List<int[]>> counts, EncodeStats stats, long payloadBytes) {
        /** The same encoding without its counts held in memory: they are decoded from the file when asked for. */
        Encoded withCountsOnDemand(ComputeBackend backend) {
            return counts instanceof CountsOnDemand ? this
                    : new Encoded(file, header, new CountsOnDemand(file, counts.size(), backend), stats, payloadBytes);
        }
    }

    ComputeBackend backend() { return backend; }

    public Encoded encode(Image image, CodecSettings s) { return encode(image, s, null); }

    /**
     * As {@link #encode(Image, CodecSettings)}, and when {@code frontEndDone} is given, it ends holding the
     * {@link System#nanoTime()} at which the last channel's front end finished (the stages of different channels
     * overlap, so that is where "transform" ends and "quantize and code" begins for a caller that times them).
     */
    public Encoded encode(Image image, CodecSettings s, AtomicLong frontEndDone) {
        TransformSpec spec = s.transform();
        FrontEnd frontEnd = FrontEnds.create(spec, backend);
        if (frontEnd instanceof TimeVaryingFrontEnd) {
            Analysis a = analyze(image, spec);
            if (frontEndDone != null) frontEndDone.set(System.nanoTime());
            return quantize(a, s.lif(), s.reconstruction(), s.chromaGain());
        }
        // One task per channel from colour plane to coded stream, with no barrier between the front end and the
        // neurons: the bytes are those of quantize(analyze(...)), but a core that finishes one channel's transform
        // takes up another channel's neurons and coding instead of waiting for the slowest transform.
        Image coded = toCoded(image);
        List<BandShape> layout = frontEnd.layout(coded.width(), coded.height());
        LifQuantizer q = new LifQuantizer(s.lif());
        float[] gains = channelGains(coded.model(), s.chromaGain());
        record Both(Channel channel, Coded coded) {}
        List<Both> both = PerChannel.map(coded.channels(), c -> {
            Channel ch = analyzeChannel(coded, coded != image, spec, c);
            if (frontEndDone != null) frontEndDone.accumulateAndGet(System.nanoTime(), Math::max);
            return new Both(ch, codeChannel(ch.bands(), null, layout, gains[c], q, null, s.reconstruction()));
        });
        float[] means = new float[both.size()];
        List<Coded> perChannel = new ArrayList<>(both.size());
        for (int c = 0; c < both.size(); c++) {
            means[c] = both.get(c).channel().mean();
            perChannel.add(both.get(c).coded());
        }
        SpkHeader header = new SpkHeader(coded.width(), coded.height(), coded.model(), spec, s.lif(), s.reconstruction(), means, gains);
        return assemble(header, perChannel, coded.pixels());
    }

    private static Image toCoded(Image image) {
        return image.model() == ColorModel.RGB ? ColorTransform.toYcbcr(image) : image;
    }

    /** One channel after the front end: its mean, its bands, and (time-varying front ends only) its drive. */
    private record Channel(float mean, List<float[]> bands, float[] drive) {}

    /**
     * Channel c of the image to code, centred and through the front end. With {@code own} its plane is this call's
     * (the YCbCr conversion's): it is centred and transformed in place, which saves two full-size copies; a caller's
     * plane is copied first. Each call has a front end of its own (the backends take concurrent calls).
     */
    private Channel analyzeChannel(Image coded, boolean own, TransformSpec spec, int c) {
        int w = coded.width(), h = coded.height();
        FrontEnd fe = FrontEnds.create(spec, backend);
        float[] p = coded.plane(c);
        float mean = (float) (sum(p) / p.length);
        if (fe instanceof TimeVaryingFrontEnd tv) {
            float[] centred = own ? p : new float[p.length];
            for (int i = 0; i < p.length; i++) centred[i] = p[i] - mean;
            float[] drive = tv.drive(centred, w, h);
            return new Channel(mean, fe.forwardConsuming(centred, w, h), drive);
        }
        // The centring folded into the front end's first pass (the wavelet's): one pass less over the plane.
        return new Channel(mean, fe.forwardConsuming(own ? p : p.clone(), w, h, mean), null);
    }

    public Analysis analyze(Image image, TransformSpec spec) {
        Image coded = toCoded(image);
        int w = coded.width(), h = coded.height();
        // Channels are independent: one task each.
        List<Channel> channels = PerChannel.map(coded.channels(), c -> analyzeChannel(coded, coded != image, spec, c));
        float[] means = new float[coded.channels()];
        List<List<float[]>> bands = new ArrayList<>();
        List<float[]> drives = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            means[c] = channels.get(c).mean();
            bands.add(channels.get(c).bands());
            if (channels.get(c).drive() != null) drives.add(channels.get(c).drive());
        }
        return new Analysis(w, h, coded.model(), spec, FrontEnds.create(spec, backend).layout(w, h), means, bands, drives);
    }

    public Encoded quantize(Analysis a, LifParameters lif, Reconstruction rec, double chromaGain) {
        LifQuantizer q = new LifQuantizer(lif);
        DynamicLifQuantizer dynamic = a.drives().isEmpty() ? null : (DynamicLifQuantizer) quantizer(FrontEnds.create(a.transform(), backend), lif);
        float[] gains = channelGains(a.model(), chromaGain);
        SpkHeader header = new SpkHeader(a.width(), a.height(), a.model(), a.transform(), lif, rec, a.means(), gains);
        List<Coded> perChannel = PerChannel.map(a.model().channels,
                c -> codeChannel(a.bands().get(c), dynamic == null ? null : a.drives().get(c), a.layout(), gains[c], q, dynamic, rec));
        return assemble(header, perChannel, a.pixels());
    }

    /** One channel's counts, their statistics (active neurons, spikes, first-order entropy) and its coded section. */
    private record Coded(List<int[]> counts, EntropyStats.Histogram stats, byte[] payload) {}

    /**
     * One channel's neurons (the backend splits each band further), then its entropy coding (independent across
     * channels and across the blocks of a channel; the coder dominates the encode time). The statistics come from
     * the coder, which reads every count anyway. {@code drive} and {@code dynamic}: a time-varying front end's, else null.
     */
    private Coded codeChannel(List<float[]> bands, float[] drive, List<BandShape> layout, float channelGain, LifQuantizer q,
                              DynamicLifQuantizer dynamic, Reconstruction rec) {
        List<int[]> counts = new ArrayList<>(layout.size());
        List<BandSideInfo> side = new ArrayList<>(layout.size());
        EntropyStats.Histogram stats = new EntropyStats.Histogram();
        for (int b = 0; b < layout.size(); b++) {
            float[] coeff = bands.get(b);
            float g = neuronGain(layout.get(b), channelGain);
            int[] n = new int[coeff.length];
            float[] table;
            int reachable;
            if (dynamic != null) {
                integrate(drive, g, dynamic, n);
                table = dynamic.thresholds(maxMagnitude(n) + 1); // what the decoder reads the counts out with
                reachable = dynamic.maxReachableCount();
            } else {
                float max = 0;
                for (float v : coeff) max = Math.max(max, Math.abs(v) * g);
                table = q.thresholdsCovering(max);
                backend.lifThreshold(coeff, 0, coeff.length, g, table, n, 0);
                reachable = q.maxReachableCount();
            }
            side.add(sideInfo(coeff, n, g, table, reachable, rec));
            counts.add(n);
        }
        // The coder gathers the statistics from the rows it reads, instead of a pass of their own over every count.
        byte[] payload = TiledCountCoder.encode(layout, counts, stats);
        return new Coded(counts, stats, ChannelPayload.write(side, payload));
    }

    /** The file and its statistics from the channels' coded sections. */
    private static Encoded assemble(SpkHeader header, List<Coded> perChannel, long pixels) {
        List<List<int[]>> allCounts = new ArrayList<>(perChannel.size());
        List<byte[]> payloads = new ArrayList<>(perChannel.size());
        long neurons = 0, active = 0, spikes = 0;
        double entropyBits = 0;
        for (Coded nc : perChannel) {
            allCounts.add(nc.counts());
            payloads.add(nc.payload());
            neurons += nc.stats().counts();
            active += nc.stats().active();
            spikes += nc.stats().spikes();
            entropyBits += nc.stats().firstOrderBits();
        }
        byte[] file = SpkContainer.write(header, payloads);
        long payloadBytes = 0;
        for (byte[] p : payloads) payloadBytes += p.length;
        return new Encoded(file, header, allCounts, new EncodeStats(neurons, active, spikes, entropyBits, file.length, pixels), payloadBytes);
    }

    /**
     * Per-channel gains of the neurons: 1 for luma (or grey), {@code chromaGain * sqrt(w_c)} for a chroma channel,
     * with w_c its weight in the RGB error ({@link ColorTransform#rgbErrorWeights}).
     */
    public static float[] channelGains(ColorModel model, double chromaGain) {
        float[] gains = new float[model.channels];
        double[] rgbWeights = ColorTransform.rgbErrorWeights();
        for (int c = 0; c < gains.length; c++)
            gains[c] = model == ColorModel.YCBCR && c > 0 ? (float) (chromaGain * Math.sqrt(rgbWeights[c])) : 1f;
        return gains;
    }

    /**
     * The quantizer a file's counts are read out with: the closed form, or for a front end whose input changes over
     * time the stepped neuron under the front end's read-out shape. Encoder and decoder build it the same way.
     */
    static SpikeCountQuantizer quantizer(FrontEnd fe, LifParameters lif) {
        if (fe instanceof TimeVaryingFrontEnd tv) return new DynamicLifQuantizer(lif, tv.readoutShape(), tv.stepsPerPlane());
        return new LifQuantizer(lif);
    }

    /**
     * The time-stepped integration kernel over one channel's input planes, each value times the neuron gain (one float
     * multiply, as the thresholding kernel's {@code |x| * gain}): the neurons' signed counts over the window.
     */
    private void integrate(float[] drive, float gain, DynamicLifQuantizer q, int[] counts) {
        float[] input = new float[drive.length];
        for (int i = 0; i < input.length; i++) input[i] = drive[i] * gain;
        backend.lifIntegrate(input, counts.length, q.integration(), counts, null);
    }

    static int maxMagnitude(int[] n) {
        int max = 0;
        for (int v : n) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** The float gain a band's neurons apply to |coefficient|; encoder and decoder must compute it identically. */
    static float neuronGain(BandShape band, float channelGain) {
        return (float) (band.gain() * channelGain);
    }

    /**
     * The sum of {@code a} in double, in four interleaved partial sums: one serial chain of double adds waits 4 cycles
     * an element (a tenth of the encode time for the mean and the centroid statistics); four chains do not. The order
     * is fixed, so the result does not depend on the machine or the threads.
     */
    static double sum(float[] a) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int n = a.length - 3; i < n; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < a.length; i++) s0 += a[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** As {@link #sum}, of {@code |a[i]| * gain} (float products, as the neurons see them). */
    static double sumAbs(float[] a, float gain) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (int n = a.length - 3; i < n; i += 4) {
            s0 += Math.abs(a[i]) * gain;
            s1 += Math.abs(a[i + 1]) * gain;
            s2 += Math.abs(a[i + 2]) * gain;
            s3 += Math.abs(a[i + 3]) * gain;
        }
        for (; i < a.length; i++) s0 += Math.abs(a[i]) * gain;
        return (s0 + s1) + (s2 + s3);
    }

    private static BandSideInfo sideInfo(float[] coeff, int[] n, float g, float[] table, int reachable, Reconstruction rec) {
        float laplace = Float.NaN, top = Float.NaN;
        if (rec == Reconstruction.CENTROID && coeff.length > 0) {
            double sum = sumAbs(coeff, g);
            if (sum > 0) laplace = (float) (coeff.length / sum);
        }
        // Saturation: neurons at the last reachable count sit in an open cell; send their mean input.
        if (rec != Reconstruction.LOWER && table.length == reachable) {
            double sum = 0;
            long k = 0;
            for (int i = 0; i < n.length; i++) {
                if (Math.abs(n[i]) == table.length) { sum += Math.abs(coeff[i]) * g; k++; }
            }
            if (k > 0) top = (float) (sum / k);
        }
        return new BandSideInfo(laplace, top);
    }
}
