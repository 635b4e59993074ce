package org.spikecodec.engine;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.EncodeStats;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.engine.codec.RifIterationChoice;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.codec.ThetaSearch;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.image.BufferedImages;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;

/**
 * The codec in one object: a compute backend and fixed {@link CodecSettings}; encodes images to {@code .spk} bytes,
 * with the settings' LIF parameters as they are or with the threshold searched for a target rate, and decodes them.
 *
 * <pre>{@code
 * try (SpikeCodec codec = SpikeCodec.open("auto", CodecSettings.defaults())) {
 *     SpikeCodec.Encoding e = codec.encodeToBpp(bufferedImage, 0.5);
 *     Files.write(out, e.file());
 *     BufferedImage back = codec.decode(e.file()).toBufferedImage();
 * }
 * }</pre>
 *
 * <p>Thread-safe: it holds nothing but the backend and the immutable settings, so one instance can serve every
 * thread (the backends are safe to share; OpenCL serialises its calls). A codec made by {@link #open} or
 * {@link #owning} closes its backend when closed, which releases native OpenCL objects: use try-with-resources.
 * Files are the same bytes whatever the backend.
 */
public final class SpikeCodec implements AutoCloseable {
    private final ComputeBackend backend;
    private final boolean ownsBackend;
    private final CodecSettings settings;
    private final SpikeEncoder encoder;
    private final SpikeDecoder decoder;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SpikeCodec(ComputeBackend backend, boolean ownsBackend, CodecSettings settings) {
        if (backend == null || settings == null) throw new NullPointerException("backend and settings are required");
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.settings = settings;
        this.encoder = new SpikeEncoder(backend);
        this.decoder = new SpikeDecoder(backend);
    }

    /**
     * Opens the backend {@code backendSpec} names and owns it: {@code auto} (an OpenCL GPU that gives counts identical
     * to the CPU's, else the pure-Java backend), {@code cpu}, {@code opencl} or {@code opencl:PLATFORM:DEVICE}.
     *
     * @throws IllegalArgumentException for an unknown specification
     * @throws org.spikecodec.kernels.BackendUnavailableException when an explicit OpenCL backend cannot run here
     */
    public static SpikeCodec open(String backendSpec, CodecSettings settings) {
        return new SpikeCodec(new BackendSelector().open(backendSpec), true, settings);
    }

    /** {@link #open(String, CodecSettings)} with {@link CodecSettings#defaults()}. */
    public static SpikeCodec open(String backendSpec) { return open(backendSpec, CodecSettings.defaults()); }

    /** A codec on {@code backend}, which it closes when it is closed. */
    public static SpikeCodec owning(ComputeBackend backend, CodecSettings settings) { return new SpikeCodec(backend, true, settings); }

    /** A codec on a backend someone else owns and closes (one backend for several codecs, say); {@link #close()} leaves it open. */
    public static SpikeCodec sharing(ComputeBackend backend, CodecSettings settings) { return new SpikeCodec(backend, false, settings); }

    /**
     * A codec on this one's backend with other settings; closing it leaves the backend to this codec, so it must not
     * be used after this one is closed.
     */
    public SpikeCodec withSettings(CodecSettings other) { return sharing(backend, other); }

    public CodecSettings settings() { return settings; }

    /** The backend's name, e.g. {@code cpu} or {@code opencl:NVIDIA H200}. */
    public String backendName() { return backend.name(); }

    /**
     * One encoding and what it cost.
     *
     * @param encoded       the file, its header, its spike counts (per channel, per band) and statistics; the counts take
     *                      four bytes per coefficient: keep {@link #file()} alone when holding many results
     * @param targetBpp     the rate asked for, NaN when the settings' parameters were used as they are
     * @param encodings     encodings computed to find this one (1 with fixed parameters)
     * @param analysisNanos time of the colour transform and front end (0 when the caller passed an analysis)
     * @param codingNanos   time of the LIF neurons and the entropy coder, the rate search included
     */
    public record Encoding(SpikeEncoder.Encoded encoded, double targetBpp, int encodings, long analysisNanos, long codingNanos) {
        /** The {@code .spk} file (the array itself, not a copy). */
        public byte[] file() { return encoded.file(); }
        public long bytes() { return encoded.file().length; }
        /** Bits per pixel of the whole file. */
        public double bpp() { return encoded.stats().bpp(); }
        /** The LIF parameters the file was coded with (theta is the one found when a rate was asked for). */
        public LifParameters lif() { return encoded.header().lif(); }
        public SpkHeader header() { return encoded.header(); }
        public EncodeStats stats() { return encoded.stats(); }
    }

    /**
     * One decoding.
     *
     * @param decoded the image (GREY or RGB, samples on the 0..255 scale, not yet rounded), header, counts and file size
     * @param nanos   time of the decode
     */
    public record Decoding(SpikeDecoder.Decoded decoded, long nanos) {
        public Image image() { return decoded.image(); }
        /** The image as 8-bit grey or RGB, as it would be written to a file. */
        public BufferedImage toBufferedImage() { return BufferedImages.toBufferedImage(decoded.image()); }
        public SpkHeader header() { return decoded.header(); }
        public long bytes() { return decoded.fileBytes(); }
        public double bpp() { return decoded.bpp(); }
        /** PSNR in dB of the 8-bit decoded image (rounded and clamped, as written) against the original. */
        public double psnr(Image original) { return Psnr.of(original, decoded.image().quantized8()); }
    }

    /** Encodes with the settings' LIF parameters as they are. */
    public Encoding encode(Image image) {
        checkOpen();
        // One pass, each channel from its plane to its coded stream (SpikeEncoder.encode): the transform's time runs
        // until the last channel's front end is done, the rest is "quantize and code".
        long t0 = System.nanoTime();
        AtomicLong frontEndDone = new AtomicLong(t0);
        SpikeEncoder.Encoded e = encoder.encode(image, settings, frontEndDone);
        long t1 = System.nanoTime();
        return new Encoding(e, Double.NaN, 1, frontEndDone.get() - t0, t1 - frontEndDone.get());
    }

    /** @throws InvalidInputException for an image that is neither grey nor RGB, or whose samples are not integers of up to 16 bits */
    public Encoding encode(BufferedImage image) throws InvalidInputException { return encode(BufferedImages.toImage(image)); }

    /**
     * Encodes at a target rate (bits per pixel of the whole file): the LIF threshold is searched, the settings' other
     * parameters kept, until the file is within {@link RateController#AIM} of the target.
     *
     * @throws RateController.UnreachableRate when the target is below the empty file or above the highest rate this
     *         image reaches with these parameters
     */
    public Encoding encodeToBpp(Image image, double targetBpp) {
        long t0 = System.nanoTime();
        SpikeEncoder.Analysis a = analyze(image);
        return encode(a, targetBpp, System.nanoTime() - t0);
    }

    /** @throws InvalidInputException as {@link #encode(BufferedImage)} */
    public Encoding encodeToBpp(BufferedImage image, double targetBpp) throws InvalidInputException {
        return encodeToBpp(BufferedImages.toImage(image), targetBpp);
    }

    /** The image after the settings' front end: what every neuron sees. Encode it once or many times. */
    public SpikeEncoder.Analysis analyze(Image image) {
        checkOpen();
        return encoder.analyze(image, settings.transform());
    }

    /** Encodes an analysis made by {@link #analyze} (of a codec with the same front end) with fixed parameters. */
    public Encoding encode(SpikeEncoder.Analysis analysis) { return encode(analysis, Double.NaN, 0); }

    /** Encodes an analysis made by {@link #analyze} at a target rate; see {@link #encodeToBpp(Image, double)}. */
    public Encoding encodeToBpp(SpikeEncoder.Analysis analysis, double targetBpp) { return encode(analysis, targetBpp, 0); }

    private Encoding encode(SpikeEncoder.Analysis a, double targetBpp, long analysisNanos) {
        checkOpen();
        long t0 = System.nanoTime();
        SpikeEncoder.Encoded e;
        int encodings = 1;
        if (Double.isNaN(targetBpp)) {
            e = encoder.quantize(a, settings.lif(), settings.reconstruction(), settings.chromaGain());
        } else {
            RateController.Result r = new RateController(encoder).encodeToBpp(a, targetBpp, settings.lif(), settings.reconstruction(), settings.chromaGain());
            e = r.encoded();
            encodings = r.steps();
        }
        return new Encoding(e, targetBpp, encodings, analysisNanos, System.nanoTime() - t0);
    }

    /**
     * For a retina-filter encoding: the same encoding whose header asks the decoder for the number of CG iterations
     * that decodes closest to {@code image} (the counts and the rate do not change; see {@link RifIterationChoice});
     * any other encoding unchanged. {@code image} must be the image that was encoded.
     */
    public Encoding withChosenRifIterations(Encoding e, Image image) {
        checkOpen();
        if (!(e.header().transform() instanceof TransformSpec.Retina)) return e;
        // One codec's encodings only, so that the image given is the one its front end encoded.
        if (!e.header().transform().equals(settings.transform()))
            throw new IllegalArgumentException("an encoding made with " + e.header().transform() + ", not this codec's " + settings.transform());
        long t0 = System.nanoTime();
        SpikeEncoder.Encoded chosen = withChosenRifIterations(e.encoded(), image);
        return new Encoding(chosen, e.targetBpp(), e.encodings(), e.analysisNanos(), e.codingNanos() + System.nanoTime() - t0);
    }

    /** As {@link #withChosenRifIterations(Encoding, Image)}, for an encoding of a {@link #rateSearch} over {@code image}. */
    public SpikeEncoder.Encoded withChosenRifIterations(SpikeEncoder.Encoded e, Image image) {
        checkOpen();
        return RifIterationChoice.choose(backend, image, e);
    }

    /**
     * The encoder's choice among retina configurations (issue 14 item 3; docs/rate-distortion.md, "Scaled and subsampled
     * retinas"): encodes {@code image} at {@code targetBpp} with each of {@code candidates} (this codec's other settings),
     * chooses each one's CG iteration count ({@link #withChosenRifIterations}), decodes each file as a decoder would, and
     * returns the encoding whose 8-bit decoded image has the highest PSNR against {@code image} (ties: the first).
     * A candidate whose rate cannot be reached is skipped; when none can, the last one's {@link RateController.UnreachableRate}
     * is thrown.
     */
    public Encoding encodeToBppChoosingRetina(Image image, double targetBpp, List<? extends TransformSpec.Retina> candidates) {
        checkOpen();
        if (candidates.isEmpty()) throw new IllegalArgumentException("no retina configuration to choose from");
        Encoding best = null;
        double bestError = Double.POSITIVE_INFINITY;
        RuntimeException unreachable = null;
        long t0 = System.nanoTime();
        int encodings = 0;
        for (TransformSpec.Retina spec : candidates) {
            SpikeCodec c = withSettings(settings.withTransform(spec));
            Encoding e;
            try {
                e = c.withChosenRifIterations(c.encodeToBpp(image, targetBpp), image);
            } catch (RateController.UnreachableRate ex) {
                unreachable = ex;
                continue;
            }
            encodings += e.encodings();
            double err;
            try {
                err = -Psnr.of(image, decoder.decode(e.file()).image().quantized8());
            } catch (InvalidInputException ex) {
                throw new IllegalStateException("the encoder wrote a file its decoder rejects", ex);
            }
            if (err < bestError) { bestError = err; best = e; }
        }
        if (best == null) throw unreachable;
        return new Encoding(best.encoded(), targetBpp, encodings, 0, System.nanoTime() - t0);
    }

    /**
     * A rate search over one image for as many targets as the caller asks, each reusing the encodings of the others
     * (see {@link ThetaSearch}); not thread-safe itself, so one per image and thread.
     *
     * @param measure what a target counts: the whole file, or the coded spikes alone (tiny images)
     */
    public ThetaSearch rateSearch(Image image, RateController.Measure measure) {
        SpikeEncoder.Analysis a = analyze(image);
        return new RateController(encoder, measure).search(a, settings.lif(), settings.reconstruction(), settings.chromaGain());
    }

    /**
     * Decodes a {@code .spk} file; it carries every parameter, so the settings play no part.
     *
     * @throws InvalidInputException for anything that is not a valid version 1 file (the message says what is wrong)
     */
    public Decoding decode(byte[] file) throws InvalidInputException {
        return decode(file, null);
    }

    /**
     * Decodes into the planes of an image that is no longer needed (typically the last decode's, in a batch of images
     * of one size), when they fit the file; the samples are those of {@link #decode(byte[])}. {@code reuse} must not be
     * used after the call. See {@link SpikeDecoder#decode(byte[], Image)}.
     *
     * @param reuse an image whose planes may be overwritten, or null
     * @throws InvalidInputException as {@link #decode(byte[])}
     */
    public Decoding decode(byte[] file, Image reuse) throws InvalidInputException {
        checkOpen();
        long t0 = System.nanoTime();
        SpikeDecoder.Decoded d = decoder.decode(file, reuse);
        return new Decoding(d, System.nanoTime() - t0);
    }

    /**
     * Validates a file as every decoding does ({@link org.spikecodec.engine.codec.SpkValidation}) without decoding its
     * counts: its header, band layout and the heap a decoding would need.
     *
     * @throws InvalidInputException for anything that is not a valid version 1 file
     */
    public org.spikecodec.engine.codec.SpkValidation.Checked inspect(byte[] file) throws InvalidInputException {
        checkOpen();
        return decoder.inspect(file);
    }

    /** Parses and entropy-decodes a file without reconstructing the image: header, band layout, spike counts. */
    public SpikeDecoder.Spikes readSpikes(byte[] file) throws InvalidInputException {
        checkOpen();
        return decoder.readSpikes(file);
    }

    private void checkOpen() {
        if (closed.get()) throw new IllegalStateException("this SpikeCodec is closed");
    }

    /** Closes the backend when this codec owns it; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsBackend) backend.close();
    }
}
