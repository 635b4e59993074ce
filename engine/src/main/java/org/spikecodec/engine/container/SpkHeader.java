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

/**
 * Everything a decoder needs besides the coded spike counts: image geometry, the colour model the planes
 * were coded in, the front end and the LIF parameters, and per channel the mean removed before the
 * transform and the gain applied to its neurons' input.
 */
public record SpkHeader(int width, int height, ColorModel colorModel, TransformSpec transform, LifParameters lif,
                        Reconstruction reconstruction, float[] channelMeans, float[] channelGains) {

    public SpkHeader {
        Image.checkSize(width, height);
        int c = colorModel.channels;
        if (channelMeans.length != c || channelGains.length != c)
            throw new IllegalArgumentException("need " + c + " channel means and gains");
        channelMeans = channelMeans.clone();
        channelGains = channelGains.clone();
        for (int i = 0; i < c; i++) {
            if (!Float.isFinite(channelMeans[i])) throw new IllegalArgumentException("channel mean not finite");
            if (!(channelGains[i] > 0) || Float.isInfinite(channelGains[i])) throw new IllegalArgumentException("channel gain must be finite and > 0");
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
            case RIF -> {
                int n = in.readUnsignedByte();
                if (n < 1 || n > TransformSpec.Rif.MAX_LAYERS) throw new IllegalArgumentException("RIF layer count " + n);
                double[] t = new double[n];
                for (int i = 0; i < n; i++) t[i] = in.readDouble();
                yield new TransformSpec.Rif(t, in.readDouble(), in.readUnsignedShort());
            }
            case PIXELS -> new TransformSpec.Pixels();
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

    @Override public boolean equals(Object o) {
        return o instanceof SpkHeader h && h.width == width && h.height == height && h.colorModel == colorModel
                && h.transform.equals(transform) && h.lif.equals(lif) && h.reconstruction == reconstruction
                && Arrays.equals(h.channelMeans, channelMeans) && Arrays.equals(h.channelGains, channelGains);
    }

    @Override public int hashCode() { return (width * 31 + height) * 31 + transform.hashCode(); }
}
