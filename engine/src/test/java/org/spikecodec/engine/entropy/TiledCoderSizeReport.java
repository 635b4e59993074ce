package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.List;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.container.SpkContainer;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool: per photo, the file at a target rate (format version 2) and its counts coded as one stream per
 * channel (version 1), and the coders' times. Args: bpp, then photo paths.
 */
public final class TiledCoderSizeReport {
    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        System.out.printf("%-22s %10s %10s %8s%n", "photo", "v1 bytes", "v2 bytes", "change");
        for (int i = 1; i < args.length; i++) {
            try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
                SpikeCodec.Encoding e = codec.encodeToBpp(ImageIO.read(new File(args[i])), bpp);
                byte[] v2 = e.file();
                SpikeDecoder.Spikes sp = new SpikeDecoder(new CpuBackend(1)).readSpikes(v2);
                long v1Payload = 0, v2Payload = 0;
                SpkContainer.Parsed parsed = SpkContainer.read(v2);
                for (int c = 0; c < sp.counts().size(); c++) {
                    List<int[]> counts = sp.counts().get(c);
                    v1Payload += SpikeCountCoder.encode(sp.layout(), counts).length;
                    v2Payload += TiledCountCoder.encode(sp.layout(), counts).length;
                }
                long v1File = v2.length - v2Payload + v1Payload;
                System.out.printf("%-22s %10d %10d %+7.2f%%%n", new File(args[i]).getName(), v1File, v2.length, 100.0 * (v2.length - v1File) / v1File);
            }
        }
    }
}
