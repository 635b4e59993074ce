package org.spikecodec.engine.entropy;

import java.util.List;
import java.util.Random;
import org.spikecodec.engine.transform.BandShape;

/** Test-scope tool: prints coded size vs first-order entropy and throughput. Run with the test classpath. */
public final class CoderEvaluation {
    public static void main(String[] args) throws Exception {
        for (double step : new double[] {4, 8, 16, 32, 64}) {
            TestData.Bands b = TestData.waveletCounts(new Random(7), 1024, 768, 5, step);
            report("wavelet step " + step, b.layout(), b.counts());
        }
        Random rnd = new Random(3);
        int n = 2048;
        report("iid laplace b=1", List.of(TestData.band("x", n, n, 0)), List.of(TestData.laplacianBand(rnd, n * n, 1)));
        report("iid laplace b=0.2", List.of(TestData.band("x", n, n, 0)), List.of(TestData.laplacianBand(rnd, n * n, 0.2)));
        report("smooth", List.of(TestData.band("x", 512, 512, 0)), List.of(TestData.smoothField(rnd, 512, 512, 40)));
        throughput();
    }

    static void report(String label, List<BandShape> layout, List<int[]> counts) throws Exception {
        byte[] enc = SpikeCountCoder.encode(layout, counts);
        long n = 0;
        for (int[] c : counts) n += c.length;
        double h1 = EntropyStats.firstOrderBits(counts);
        System.out.printf("%-22s coefs %8d  H1 %.4f b/c  coded %.4f b/c  ratio %.3f%n", label, n, h1 / n, enc.length * 8.0 / n, enc.length * 8.0 / h1);
        List<int[]> dec = SpikeCountCoder.decode(enc, layout);
        for (int i = 0; i < counts.size(); i++)
            if (!java.util.Arrays.equals(dec.get(i), counts.get(i))) throw new AssertionError("mismatch " + label);
    }

    static void throughput() throws Exception {
        int n = 2048;
        List<BandShape> layout = List.of(TestData.band("x", n, n, 0));
        List<int[]> counts = List.of(TestData.laplacianBand(new Random(1), n * n, 1.5));
        byte[] enc = null;
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            enc = SpikeCountCoder.encode(layout, counts);
            long t1 = System.nanoTime();
            SpikeCountCoder.decode(enc, layout);
            long t2 = System.nanoTime();
            System.out.printf("2048x2048 laplace b=1.5 (%.2f b/c): encode %.1f Msym/s, decode %.1f Msym/s%n",
                    enc.length * 8.0 / (n * n), n * (double) n / (t1 - t0) * 1e3, n * (double) n / (t2 - t1) * 1e3);
        }
    }
}
