package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool: per photo, the file at a target rate (format version 3) and the same counts coded in version 2
 * (the rest of the file is the same), and the change. Args: bpp, then photo paths.
 */
public final class TiledCoderSizeReport {
    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        System.out.printf("%-22s %10s %10s %8s%n", "photo", "v2 bytes", "v3 bytes", "change");
        long sum2 = 0, sum3 = 0;
        for (int i = 1; i < args.length; i++) {
            try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
                byte[] v3 = codec.encodeToBpp(ImageIO.read(new File(args[i])), bpp).file();
                SpikeDecoder.Spikes sp = new SpikeDecoder(new CpuBackend(1)).readSpikes(v3);
                long v2Payload = 0, v3Payload = 0;
                for (List<int[]> counts : sp.counts()) {
                    for (int version : new int[] {TiledCountCoder.VERSION_BLOCKS, TiledCountCoder.VERSION_CHUNKS}) {
                        byte[] coded = TiledCountCoder.encode(sp.layout(), counts, version);
                        List<int[]> back = TiledCountCoder.decode(coded, sp.layout(), version);
                        for (int b = 0; b < counts.size(); b++)
                            if (!Arrays.equals(counts.get(b), back.get(b))) throw new AssertionError("version " + version + " does not round-trip band " + b);
                        if (version == TiledCountCoder.VERSION_BLOCKS) v2Payload += coded.length;
                        else v3Payload += coded.length;
                    }
                }
                long v2File = v3.length - v3Payload + v2Payload;
                sum2 += v2File;
                sum3 += v3.length;
                System.out.printf("%-22s %10d %10d %+7.2f%%%n", new File(args[i]).getName(), v2File, v3.length, 100.0 * (v3.length - v2File) / v2File);
            }
        }
        System.out.printf("%-22s %10d %10d %+7.2f%%%n", "total", sum2, sum3, 100.0 * (sum3 - sum2) / sum2);
    }
}
