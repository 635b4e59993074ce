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
 * <pre>
 * java -cp "$CP" -Drif.size=256 -Drif.bpp=0.1,1,2 -Drif.configs="10:1:1;10:0.5:1;10:2:2" org.spikecodec.engine.transform.rif.RifScaleAnalysis data/photos/camera.png</pre>
 */
public final class RifScaleAnalysis {
    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int size = Integer.getInteger("rif.size", 256);
        double[] rates = Arrays.stream(System.getProperty("rif.bpp", "0.1,1,2").split(",")).mapToDouble(Double::parseDouble).toArray();
        String[] configs = System.getProperty("rif.configs", "10:1:1;10:0.5:1;10:2:2").split(";");
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String path : args) {
                Image grey = RifErrorAnalysis.lumaCrop(ImageFiles.read(Path.of(path)), size);
                System.out.printf("%n# %s, luma, centre %dx%d, configs t:scale:D[:gain]%n", path, grey.width(), grey.height());
                System.out.print("| bpp | pixels |");
                for (String c : configs) System.out.print(" " + c + " |");
                System.out.println();
                for (double bpp : rates) {
                    System.out.printf("| %s | %s |", bpp, run(cpu, grey, new TransformSpec.Pixels(), bpp));
                    for (String c : configs) {
                        TransformSpec.RifScaled spec = parse(c);
                        System.out.printf(" %s |", run(cpu, grey, spec, bpp));
                    }
                    System.out.println();
                }
            }
        }
    }

    static TransformSpec.RifScaled parse(String c) {
        return ScaledRifFrontEnd.parse(c).withCgMaxIterations(Integer.getInteger("rif.cg", RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS));
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
