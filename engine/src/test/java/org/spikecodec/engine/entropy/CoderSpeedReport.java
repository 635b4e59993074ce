package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool: entropy coding speed of one photo's counts at a target rate, version 1 (one stream a channel)
 * against version 2 (blocks), each on a pool of 1 thread and of 2, interleaved. Args: bpp, photo, rounds.
 */
public final class CoderSpeedReport {
    public static void main(String[] args) throws Exception {
        double bpp = Double.parseDouble(args[0]);
        int rounds = Integer.parseInt(args[2]);
        List<BandShape> layout;
        List<List<int[]>> counts;
        try (SpikeCodec codec = SpikeCodec.open("cpu", CodecSettings.defaults())) {
            byte[] file = codec.encodeToBpp(ImageIO.read(new File(args[1])), bpp).file();
            SpikeDecoder.Spikes s = new SpikeDecoder(new CpuBackend(1)).readSpikes(file);
            layout = s.layout();
            counts = s.counts();
        }
        long n = 0;
        for (List<int[]> ch : counts) for (int[] b : ch) n += b.length;
        for (int threads : new int[] {1, 2}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            for (int r = 0; r < rounds; r++) {
                best[0] = Math.min(best[0], pool.submit(() -> time(() -> counts.parallelStream().forEach(c -> SpikeCountCoder.encode(layout, c))))
                        .get());
                byte[][] v1 = pool.submit(() -> counts.parallelStream().map(c -> SpikeCountCoder.encode(layout, c)).toArray(byte[][]::new)).get();
                best[1] = Math.min(best[1], pool.submit(() -> time(() -> java.util.Arrays.stream(v1).parallel().forEach(d -> decode1(d, layout)))).get());
                best[2] = Math.min(best[2], pool.submit(() -> time(() -> counts.parallelStream().forEach(c -> TiledCountCoder.encode(layout, c)))).get());
                byte[][] v2 = pool.submit(() -> counts.parallelStream().map(c -> TiledCountCoder.encode(layout, c)).toArray(byte[][]::new)).get();
                best[3] = Math.min(best[3], pool.submit(() -> time(() -> java.util.Arrays.stream(v2).parallel().forEach(d -> decode2(d, layout)))).get());
            }
            pool.shutdown();
            System.out.printf("%d thread(s), %d coefficients, best of %d: v1 encode %.1f ms decode %.1f ms; v2 encode %.1f ms decode %.1f ms%n",
                    threads, n, rounds, best[0] / 1e6, best[1] / 1e6, best[2] / 1e6, best[3] / 1e6);
        }
    }

    private static long time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return System.nanoTime() - t;
    }

    private static void decode1(byte[] d, List<BandShape> layout) {
        try {
            SpikeCountCoder.decode(d, layout);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void decode2(byte[] d, List<BandShape> layout) {
        try {
            TiledCountCoder.decode(d, layout);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
