package org.spikecodec.engine.entropy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import javax.imageio.ImageIO;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Test-scope tool: entropy coding speed of one photo's counts at a target rate, format version 2 (blocks) against
 * version 3 (blocks with chunk flags), each on a pool of 1 thread (thread CPU time) and of 2 (wall time), interleaved.
 * Args: bpp, photo, rounds.
 */
public final class CoderSpeedReport {
    private static final int[] VERSIONS = {TiledCountCoder.VERSION_BLOCKS, TiledCountCoder.VERSION_CHUNKS};

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
            long[] encode = new long[VERSIONS.length], decode = new long[VERSIONS.length];
            long[] bytes = new long[VERSIONS.length];
            Arrays.fill(encode, Long.MAX_VALUE);
            Arrays.fill(decode, Long.MAX_VALUE);
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < VERSIONS.length; k++) {
                    int v = VERSIONS[k];
                    encode[k] = Math.min(encode[k], pool.submit(() -> time(() -> counts.parallelStream().forEach(c -> TiledCountCoder.encode(layout, c, v)))).get());
                    byte[][] coded = pool.submit(() -> counts.parallelStream().map(c -> TiledCountCoder.encode(layout, c, v)).toArray(byte[][]::new)).get();
                    bytes[k] = Arrays.stream(coded).mapToLong(d -> d.length).sum();
                    decode[k] = Math.min(decode[k], pool.submit(() -> time(() -> Arrays.stream(coded).parallel().forEach(d -> decode(d, layout, v)))).get());
                }
            }
            pool.shutdown();
            System.out.printf("%d thread(s) (%s), %d coefficients, best of %d: v2 encode %.1f ms decode %.1f ms (%d bytes); v3 encode %.1f ms decode %.1f ms (%d bytes)%n",
                    threads, threads == 1 ? "CPU time" : "wall time", n, rounds, encode[0] / 1e6, decode[0] / 1e6, bytes[0], encode[1] / 1e6, decode[1] / 1e6, bytes[1]);
        }
    }

    /** Wall time of {@code r}; on a pool of one thread (all the work on the calling worker), its CPU time instead, which a busy machine disturbs less. */
    private static long time(Runnable r) {
        boolean cpu = ForkJoinTask.getPool() != null && ForkJoinTask.getPool().getParallelism() == 1;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t = cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        r.run();
        return (cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t;
    }

    private static void decode(byte[] d, List<BandShape> layout, int version) {
        try {
            TiledCountCoder.decode(d, layout, version);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
