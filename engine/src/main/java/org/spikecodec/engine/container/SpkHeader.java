package org.spikecodec.engine.container;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformKind;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.RifFrontEnd;

/**
 * Everything a decoder needs besides the coded spike counts: image geometry, the colour model the planes
 * were coded in, the front end and the LIF parameters, and per channel the mean removed before the
 * transform and the gain applied to its neurons' input.
 */
public record SpkHeader(int width, int height, ColorModel colorModel, TransformSpec transform, LifParameters lif,
                        Reconstruction reconstruction, float[] channelMeans, float[] channelGains) {

    /**
     * Most CG iterations a file may ask of the decoder: 2.5 times the encoder's default, which bounds a retina-filter
     * decode at 2.5 times the cost of decoding a file the encoder writes (each iteration costs the same 4 blurs).
     */
    public static final int MAX_CG_ITERATIONS = RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS * 5 / 2;
    /** Smallest CG tolerance a file may carry: float vectors do not get below ~1e-8 of relative residual anyway. */
    public static final double MIN_CG_TOLERANCE = 1e-12;
    /** Range of a channel's neuron gain (the chroma gain): beyond it a channel is not coded at all, or coded to noise. */
    public static final double MIN_CHANNEL_GAIN = 1e-3, MAX_CHANNEL_GAIN = 1e3;

    public SpkHeader {
        Image.checkSize(width, height);
        int c = colorModel.channels;
        if (channelMeans.length != c || channelGains.length != c)
            throw new IllegalArgumentException("need " + c + " channel means and gains");
        channelMeans = channelMeans.clone();
        channelGains = channelGains.clone();
        for (int i = 0; i < c; i++) {
            if (!(Math.abs(channelMeans[i]) <= 1e6f)) throw new IllegalArgumentException("channel " + i + " mean " + channelMeans[i] + " is not a sample value");
            if (!(channelGains[i] >= MIN_CHANNEL_GAIN && channelGains[i] <= MAX_CHANNEL_GAIN))
                throw new IllegalArgumentException("channel " + i + " gain " + channelGains[i] + " outside [" + MIN_CHANNEL_GAIN + ", " + MAX_CHANNEL_GAIN + "]");
        }
        if (transform instanceof TransformSpec.Retina r) {
            if (r.cgMaxIterations() > MAX_CG_ITERATIONS)
                throw new IllegalArgumentException("CG iterations " + r.cgMaxIterations() + " above the " + MAX_CG_ITERATIONS + " a file may ask for");
            if (!(r.cgTolerance() >= MIN_CG_TOLERANCE))
                throw new IllegalArgumentException("CG tolerance " + r.cgTolerance() + " below the " + MIN_CG_TOLERANCE + " a file may ask for");
        }
    }

    public int channels() { return colorModel.channels; }
    @Override public float[] channelMeans() { return channelMeans.clone(); }
    @Override public float[] channelGains() { return channelGains.clone(); }
    public float channelMean(int c) { return channelMeans[c]; }
    public float channelGain(int c) { return channelGains[c]; }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(width);
            out.writeInt(height);
            out.writeByte(colorModel.id);
            out.writeByte(transform.kind().id);
            // Java 17: no pattern switch over the sealed interface yet.
            if (transform instanceof TransformSpec.Dwt d) {
                out.writeByte(d.levels());
            } else if (transform instanceof TransformSpec.Rif r) {
                double[] t = r.layerTimesMs();
                out.writeByte(t.length);
                for (double v : t) out.writeDouble(v);
                out.writeDouble(r.cgTolerance());
                out.writeShort(r.cgMaxIterations());
            } else if (transform instanceof TransformSpec.RifScaled r) {
                double[] t = r.layerTimesMs(), s = r.sigmaScales(), g = r.gains();
                int[] d = r.decimations();
                out.writeByte(t.length);
                for (int i = 0; i < t.length; i++) {
                    out.writeDouble(t[i]);
                    out.writeDouble(s[i]);
                    out.writeByte(d[i]);
                    out.writeDouble(g[i]);
                }
                out.writeDouble(r.cgTolerance());
                out.writeShort(r.cgMaxIterations());
            } else if (transform instanceof TransformSpec.RifDynamic r) {
                out.writeDouble(r.integrationMs());
                out.writeByte(r.planes());
                out.writeShort(r.stepsPerPlane());
                out.writeDouble(r.cgTolerance());
                out.writeShort(r.cgMaxIterations());
            }
            out.writeDouble(lif.threshold());
            out.writeDouble(lif.tau());
            out.writeDouble(lif.resistance());
            out.writeDouble(lif.window());
            out.writeDouble(lif.refractory());
            out.writeByte(reconstruction.id);
            for (int c = 0; c < channels(); c++) {
                out.writeFloat(channelMeans[c]);
                out.writeFloat(channelGains[c]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    /** Parses and validates; any inconsistency is an {@link IllegalArgumentException} or an {@link IOException}. */
    static SpkHeader read(DataInput in) throws IOException {
        long width = Integer.toUnsignedLong(in.readInt());
        long height = Integer.toUnsignedLong(in.readInt());
        Image.checkSize(width, height);
        ColorModel model = ColorModel.fromId(in.readUnsignedByte());
        TransformKind kind = TransformKind.fromId(in.readUnsignedByte());
        TransformSpec spec = switch (kind) {
            case DWT -> new TransformSpec.Dwt(in.readUnsignedByte());
            case RIF -> new TransformSpec.Rif(readLayerTimes(in), in.readDouble(), in.readUnsignedShort());
            case RIF_SCALED -> readScaled(in);
            case PIXELS -> new TransformSpec.Pixels();
            case RIF_DYNAMIC -> new TransformSpec.RifDynamic(in.readDouble(), in.readUnsignedByte(), in.readUnsignedShort(), in.readDouble(),
                    in.readUnsignedShort());
        };
        LifParameters lif = new LifParameters(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        Reconstruction rec = Reconstruction.fromId(in.readUnsignedByte());
        float[] means = new float[model.channels], gains = new float[model.channels];
        for (int c = 0; c < model.channels; c++) {
            means[c] = in.readFloat();
            gains[c] = in.readFloat();
        }
        return new SpkHeader((int) width, (int) height, model, spec, lif, rec, means, gains);
    }

    /** A retina's layer count, checked before anything is allocated. */
    private static int readLayerCount(DataInput in) throws IOException {
        int n = in.readUnsignedByte();
        if (n < 1 || n > TransformSpec.Rif.MAX_LAYERS) throw new IllegalArgumentException("RIF layer count " + n);
        return n;
    }

    private static double[] readLayerTimes(DataInput in) throws IOException {
        double[] t = new double[readLayerCount(in)];
        for (int i = 0; i < t.length; i++) t[i] = in.readDouble();
        return t;
    }

    /** Per layer: time, sigma scale, decimation, gain factor; then the CG tolerance and iteration limit. */
    private static TransformSpec.RifScaled readScaled(DataInput in) throws IOException {
        int n = readLayerCount(in);
        double[] t = new double[n], s = new double[n], g = new double[n];
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = in.readDouble();
            s[i] = in.readDouble();
            d[i] = in.readUnsignedByte();
            g[i] = in.readDouble();
        }
        return new TransformSpec.RifScaled(t, s, d, g, in.readDouble(), in.readUnsignedShort());
    }

    @Override public boolean equals(Object o) {
        return o instanceof SpkHeader h && h.width == width && h.height == height && h.colorModel == colorModel
                && h.transform.equals(transform) && h.lif.equals(lif) && h.reconstruction == reconstruction
                && Arrays.equals(h.channelMeans, channelMeans) && Arrays.equals(h.channelGains, channelGains);
    }

    @Override public int hashCode() { return (width * 31 + height) * 31 + transform.hashCode(); }
}
