package org.spikecodec.engine.spikes;

import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.transform.BandShape;

/**
 * The spikes themselves, for a region of neurons of one band: each neuron's constant input, its count, and
 * its spike times from the closed form t_k = k d + (k-1) Delta (spike-coding.md 1.1), where
 * d = tau ln(R I / (R I - theta)) is the inter-spike interval of input I.
 */
public final class SpikeTrains {
    private SpikeTrains() {}

    /**
     * @param x,y         position in the band
     * @param coefficient the front end's coefficient (signed)
     * @param input       what the neuron integrates, |coefficient| * gain
     * @param count       the signed spike count the codec codes (sign = ON/OFF cell)
     * @param timesMs     spike times in the window, in the parameters' time unit
     */
    public record Neuron(int x, int y, float coefficient, float input, int count, double[] timesMs) {}

    /** A rectangle of neurons in band coordinates; clipped to the band. */
    public record Region(int x, int y, int width, int height) {
        public Region {
            if (x < 0 || y < 0 || width < 1 || height < 1) throw new IllegalArgumentException("region needs x,y >= 0 and w,h >= 1");
        }
    }

    public static List<Neuron> of(SpikeEncoder.Analysis a, SpikeEncoder.Encoded e, int channel, int band, Region r) {
        BandShape shape = a.layout().get(band);
        if (r.x() >= shape.width() || r.y() >= shape.height())
            throw new IllegalArgumentException("region starts outside band " + shape.name() + " (" + shape.width() + "x" + shape.height() + ")");
        float[] coeff = a.bands().get(channel).get(band);
        int[] counts = e.counts().get(channel).get(band);
        float gain = (float) (shape.gain() * e.header().channelGain(channel));
        LifParameters p = e.header().lif();
        int x1 = Math.min(shape.width(), r.x() + r.width()), y1 = Math.min(shape.height(), r.y() + r.height());
        List<Neuron> out = new ArrayList<>();
        for (int y = r.y(); y < y1; y++) {
            for (int x = r.x(); x < x1; x++) {
                int i = y * shape.width() + x;
                float input = Math.abs(coeff[i]) * gain;
                int n = counts[i];
                out.add(new Neuron(x, y, coeff[i], input, n, times(p, input, Math.abs(n))));
            }
        }
        return out;
    }

    /** Spike times for a constant input; {@code n} (the coded count) fixes how many, so they agree with it exactly. */
    static double[] times(LifParameters p, double input, int n) {
        double d = p.timeToSpike(input);
        double[] t = new double[n];
        for (int k = 1; k <= n; k++) t[k - 1] = Math.min(p.window(), k * d + (k - 1) * p.refractory());
        return t;
    }
}
