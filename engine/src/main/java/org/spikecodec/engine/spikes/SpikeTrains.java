package org.spikecodec.engine.spikes;

import java.util.ArrayList;
import java.util.List;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.SteppedLifEncoder;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.engine.transform.BandShape;

/**
 * The spikes themselves, for a region of neurons of one band: each neuron's constant input, its count, and
 * its spike times from the closed form t_k = k d + (k-1) Delta (spike-coding.md 1.1), where
 * d = tau ln(R I / (R I - theta)) is the inter-spike interval of input I. For the dynamic retina path (rif-dynamic), whose
 * neurons integrate a time-varying input, the times are the steps at which the integration kernel fires them
 * (spike-coding.md 2.3), and the input reported is the time-averaged one the decoder estimates.
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
        int[] region = new int[(x1 - r.x()) * (y1 - r.y())];
        for (int y = r.y(), j = 0; y < y1; y++)
            for (int x = r.x(); x < x1; x++) region[j++] = y * shape.width() + x;
        double[][] stepped = e.header().transform() instanceof TransformSpec.RifDynamic d
                ? steppedTimes(p, d, a.drives().get(channel), shape.size(), gain, region) : null;
        List<Neuron> out = new ArrayList<>();
        for (int j = 0; j < region.length; j++) {
            int i = region[j];
            float input = Math.abs(coeff[i]) * gain;
            int n = counts[i];
            double[] t = stepped != null ? stepped[j] : times(p, input, Math.abs(n));
            out.add(new Neuron(i % shape.width(), i / shape.width(), coeff[i], input, n, t));
        }
        return out;
    }

    /**
     * The spike times of the region's neurons under their time-varying drive: the integration kernel (cpu backend) run
     * on those neurons with one count bin per step, so that bin k holds a spike exactly when the neuron fired at step
     * k + 1; the time of step k + 1 is (k + 1) dt. The same kernel and parameters as the encoder's counts.
     */
    private static double[][] steppedTimes(LifParameters p, TransformSpec.RifDynamic d, float[] drive, int neurons, float gain, int[] region) {
        int planes = d.planes(), m = region.length;
        float[] input = new float[planes * m];
        for (int q = 0; q < planes; q++)
            for (int j = 0; j < m; j++) input[q * m + j] = drive[q * neurons + region[j]] * gain;
        double dt = p.window() / d.steps();
        LifIntegration li = new SteppedLifEncoder(p, dt).integration(d.stepsPerPlane(), 1);
        int[] perStep = new int[li.bins() * m];
        try (CpuBackend cpu = new CpuBackend(1)) { // a region is small: no thread pool
            cpu.lifIntegrate(input, m, li, perStep, null);
        }
        double[][] times = new double[m][];
        for (int j = 0; j < m; j++) {
            double[] t = new double[d.steps()];
            int n = 0;
            for (int k = 0; k < li.bins(); k++) if (perStep[k * m + j] != 0) t[n++] = (k + 1) * dt;
            times[j] = java.util.Arrays.copyOf(t, n);
        }
        return times;
    }

    /** Spike times for a constant input; {@code n} (the coded count) fixes how many, so they agree with it exactly. */
    static double[] times(LifParameters p, double input, int n) {
        double d = p.timeToSpike(input);
        double[] t = new double[n];
        for (int k = 1; k <= n; k++) t[k - 1] = Math.min(p.window(), k * d + (k - 1) * p.refractory());
        return t;
    }
}
