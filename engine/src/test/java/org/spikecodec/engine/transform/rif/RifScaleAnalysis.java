package org.spikecodec.engine.transform.rif;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Issue 14 item 3: the real codec (rate search, entropy-coded file, encoder-chosen CG count, decoder) on the luma crop of
 * {@code rif.size} of each photo, for retina configurations {@code rif.configs = "t:scale:D[:gain],...;..."} at the rates {@code rif.bpp}, beside {@code pixels}. Prints PSNR per configuration.
 *
 * <p>With {@code rif.fit = "0.95,0.96,...,1.05"} each cell is instead the PSNR at equal rate: the codec encodes at the
 * target times each factor, and the least-squares line of PSNR against the measured bpp is read at the target
 * ({@link #psnrAtRate}). At 1.5 and 2 bpp neighbouring thresholds whose files differ by 1% in size differ by up to
 * 0.3 dB (the integer grey levels against the quantizer's cells; issue 14 goal 2, "Retina 4" in
 * docs/rate-distortion.md), more than the differences between close configurations, which one encoding per target hides.
 *
 * <pre>
 * java -cp "$CP" -Drif.size=256 -Drif.bpp=0.1,1,2 -Drif.configs="10:1:1;10:0.5:1;10:2:2" org.spikecodec.engine.transform.rif.RifScaleAnalysis data/photos/camera.png</pre>
 */
public final class RifScaleAnalysis {
    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int size = Integer.getInteger("rif.size", 256);
        double[] rates = Arrays.stream(System.getProperty("rif.bpp", "0.1,1,2").split(",")).mapToDouble(Double::parseDouble).toArray();
        String[] configs = System.getProperty("rif.configs", "10:1:1;10:0.5:1;10:2:2").split(";");
        String fit = System.getProperty("rif.fit");
        double[] factors = fit == null ? null : Arrays.stream(fit.split(",")).mapToDouble(Double::parseDouble).toArray();
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String path : args) {
                Image grey = RifErrorAnalysis.lumaCrop(ImageFiles.read(Path.of(path)), size);
                System.out.printf("%n# %s, luma, centre %dx%d, configs t:scale:D[:gain]%n", path, grey.width(), grey.height());
                System.out.print("| bpp | pixels |");
                for (String c : configs) System.out.print(" " + c + " |");
                System.out.println();
                for (double bpp : rates) {
                    System.out.printf("| %s | %s |", bpp, cell(cpu, grey, new TransformSpec.Pixels(), bpp, factors));
                    for (String c : configs) {
                        TransformSpec.RifScaled spec = parse(c);
                        System.out.printf(" %s |", cell(cpu, grey, spec, bpp, factors));
                    }
                    System.out.println();
                }
            }
        }
    }

    static TransformSpec.RifScaled parse(String c) {
        return ScaledRifFrontEnd.parse(c).withCgMaxIterations(Integer.getInteger("rif.cg", RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS));
    }

    private static String cell(CpuBackend cpu, Image grey, TransformSpec spec, double bpp, double[] factors) {
        if (factors == null) return run(cpu, grey, spec, bpp);
        try {
            return String.format("%.2f", psnrAtRate(cpu, grey, spec, bpp, factors));
        } catch (Exception ex) {
            return "fail: " + ex.getMessage();
        }
    }

    /**
     * PSNR (8-bit) at {@code bpp} exactly, from encodings (rate search, encoder-chosen CG count for a retina) at
     * {@code bpp} times each of {@code factors}: the least-squares line of PSNR against the bpp each file has, at {@code bpp}.
     */
    static double psnrAtRate(CpuBackend cpu, Image grey, TransformSpec spec, double bpp, double[] factors) throws Exception {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = factors.length;
        try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(spec))) {
            for (double f : factors) {
                SpikeCodec.Encoding e = codec.encodeToBpp(grey, bpp * f);
                if (spec instanceof TransformSpec.Retina) e = codec.withChosenRifIterations(e, grey);
                double x = e.bpp(), y = Psnr.of(grey, codec.decode(e.file()).image().quantized8());
                sx += x; sy += y; sxx += x * x; sxy += x * y;
            }
        }
        double slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
        return sy / n + slope * (bpp - sx / n);
    }

    static String run(CpuBackend cpu, Image grey, TransformSpec spec, double bpp) {
        try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(spec))) {
            SpikeCodec.Encoding e = codec.encodeToBpp(grey, bpp);
            if (spec instanceof TransformSpec.Retina) e = codec.withChosenRifIterations(e, grey);
            Image dec = codec.decode(e.file()).image().quantized8();
            int k = e.header().transform() instanceof TransformSpec.Retina r ? r.cgMaxIterations() : 0;
            return String.format("%.3f/%.2f%s", e.bpp(), Psnr.of(grey, dec), k > 0 ? " k" + k : "");
        } catch (Exception ex) {
            return "fail: " + ex.getMessage();
        }
    }
}
