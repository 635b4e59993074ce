package org.spikecodec.engine.codec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Issue 14 goal 2 ("Retina 4" in docs/rate-distortion.md): where a single-layer retina loses at high rate. For each
 * configuration of {@code rif.configs} it encodes the grey photo at {@code rif.bpp} (rate search) and prints the
 * quantization error the neurons make (mean squared, per neuron, in the gained layer: what one quantizer cell spans),
 * then the squared error per pixel of the CG iterates (k = 0: the warm start) from the read-out layers and from the exact
 * layers (no quantization: how fast CG converges, and what stopping early costs without noise), beside {@code pixels}'
 * error at the same target. Errors before rounding to 8 bits.
 *
 * <pre>
 * java -cp "$CP" -Drif.bpp=2 -Drif.configs="6:0.5:1;0.1:0.5:1" org.spikecodec.engine.codec.RifHighRateAnalysis data/photos/camera.png</pre>
 */
public final class RifHighRateAnalysis {
    private static final int[] SHOWN = {0, 1, 2, 3, 5, 10, 50, 200};

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        double bpp = Double.parseDouble(System.getProperty("rif.bpp", "2"));
        String[] configs = System.getProperty("rif.configs", "6:0.5:1;0.1:0.5:1").split(";");
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String path : args) {
                Image grey = ImageFiles.read(Path.of(path));
                if (grey.channels() != 1) throw new IllegalArgumentException(path + ": a grey photo");
                int w = grey.width(), h = grey.height();
                float[] original = grey.plane(0);
                System.out.printf("%n# %s, %d x %d, %s bpp; MSE per pixel of the CG iterate k (before rounding)%n", path, w, h, bpp);
                StringBuilder head = new StringBuilder("| configuration | bpp | neurons' MSE |");
                for (int k : SHOWN) head.append(" k=").append(k).append(" |");
                System.out.println(head);
                for (String c : configs) {
                    TransformSpec.RifScaled spec = ScaledRifFrontEnd.parse(c);
                    try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(spec))) {
                        SpikeCodec.Encoding e = codec.encodeToBpp(grey, bpp);
                        float mean = e.header().channelMean(0);
                        float[] centred = new float[original.length];
                        for (int i = 0; i < centred.length; i++) centred[i] = original[i] - mean;
                        ScaledRifFrontEnd fe = new ScaledRifFrontEnd(spec, cpu);
                        List<float[]> read = new SpikeDecoder(cpu).readOut(e.file(), 0), exact = fe.forward(centred, w, h);
                        List<BandShape> layout = fe.layout(w, h);
                        double cell = 0;
                        long neurons = 0;
                        for (int b = 0; b < read.size(); b++) {
                            double g = layout.get(b).gain();
                            float[] q = read.get(b), x = exact.get(b);
                            for (int i = 0; i < q.length; i++) cell += (q[i] - x[i]) * g * (q[i] - x[i]) * g;
                            neurons += q.length;
                        }
                        double[] quantized = iterates(fe, read, centred, w, h), noiseless = iterates(fe, exact, centred, w, h);
                        StringBuilder row = new StringBuilder(String.format("| %s | %.4f | %.4f |", c, e.bpp(), cell / neurons));
                        for (int k : SHOWN) row.append(String.format(" %.4f (%.4f) |", quantized[k], noiseless[k]));
                        System.out.println(row);
                    }
                }
                try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(new TransformSpec.Pixels()))) {
                    SpikeCodec.Encoding e = codec.encodeToBpp(grey, bpp);
                    float[] d = codec.decode(e.file()).image().plane(0);
                    double s = 0;
                    for (int i = 0; i < d.length; i++) s += (d[i] - original[i]) * (d[i] - original[i]);
                    System.out.printf("| pixels | %.4f | %.4f | (no inverse) |%n", e.bpp(), s / d.length);
                }
            }
        }
    }

    /** Squared error per pixel of every CG iterate up to 200 (a converged run keeps its last). */
    private static double[] iterates(ScaledRifFrontEnd fe, List<float[]> bands, float[] centred, int w, int h) {
        double[] err = new double[201];
        int last = fe.reconstruct(bands, w, h, (k, x) -> {
            if (k > 200) return;
            double s = 0;
            for (int i = 0; i < x.length; i++) s += (x[i] - centred[i]) * (x[i] - centred[i]);
            err[k] = s / x.length;
        }).iterations();
        for (int k = Math.min(last, 200) + 1; k < err.length; k++) err[k] = err[Math.min(last, 200)];
        return err;
    }
}
