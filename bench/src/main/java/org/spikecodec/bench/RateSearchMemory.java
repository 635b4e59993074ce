package org.spikecodec.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.codec.ThetaSearch;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The heap one rate search holds once it has met a sweep's targets, as the evaluator keeps one search per photo: the
 * image's analysis plus every encoding it tried (their files; their counts are decoded again on demand).
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" org.spikecodec.bench.RateSearchMemory IMAGE [BPP,BPP,...]
 * </pre>
 */
public final class RateSearchMemory {
    private RateSearchMemory() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RateSearchMemory IMAGE [BPP,BPP,...]   (default 0.05,0.1,0.2,0.3,0.5,0.75,1,1.5)");
            System.exit(2);
        }
        double[] targets = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble).toArray()
                : new double[] {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5};
        Image img = ImageFiles.read(Path.of(args[0]));
        try (CpuBackend backend = new CpuBackend()) {
            SpikeEncoder encoder = new SpikeEncoder(backend);
            ThetaSearch search = new RateController(encoder).search(encoder.analyze(img, new TransformSpec.Dwt(5)), LifParameters.defaults(),
                    Reconstruction.MIDPOINT, 1);
            for (double bpp : targets) search.encodeToBpp(bpp, 0.02);
            img = null; // only the search's own holdings are measured
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "%s: %d targets, %d encodings kept, heap in use %.0f MiB%n", args[0], targets.length,
                    search.encodings(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
        }
    }
}
