package org.spikecodec.engine.codec;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.OpenClProbe;

/** The .spk file written through OpenCL is byte-identical to the cpu backend's, for every front end (rif-dynamic and rif-scaled included). */
class BackendEquivalenceTest {

    @Test
    void openClAndCpuWriteIdenticalFilesAndDecodeIdentically() throws Exception {
        OpenClProbe probe = OpenClProbe.cached();
        assumeTrue(probe.available(), () -> "no OpenCL device here: " + probe.failure());
        SplittableRandom rnd = new SplittableRandom(31);
        try (ComputeBackend cpu = new CpuBackend(); ComputeBackend cl = new BackendSelector().open("opencl")) {
            for (int trial = 0; trial < 30; trial++) {
                Image img = trial % 4 == 0 ? TestImages.crop(TestImages.read("astronaut.png"), 97, 64)
                        : TestImages.synthetic(rnd, 1 + rnd.nextInt(60), 1 + rnd.nextInt(60), rnd.nextBoolean());
                TransformSpec spec = trial >= 24
                        // scaled, subsampled retinas (rif-scaled): a pyramid of three groups, odd sizes
                        ? new TransformSpec.RifScaled(new double[] {6, 40, 10}, new double[] {rnd.nextDouble(1, 4), 0.5, 1},
                                new int[] {rnd.nextInt(2, 5), 1, 3}, new double[] {1, 0.5, 2}, 1e-4, 50)
                        : switch (trial % 4) {
                    case 0 -> new TransformSpec.Dwt(rnd.nextInt(0, 6));
                    case 1 -> new TransformSpec.Rif(new double[] {10, 40}, 1e-4, 50);
                    // the dynamic path: the time-stepped integration kernel over several retina planes
                    case 2 -> new TransformSpec.RifDynamic(rnd.nextDouble(2, 40), rnd.nextInt(1, 12), rnd.nextInt(1, 40), 1e-4, 50);
                    default -> new TransformSpec.Pixels();
                };
                double window = rnd.nextDouble(5, 100);
                LifParameters p = new LifParameters(rnd.nextDouble(0.01, 3), rnd.nextDouble(5, 2000), rnd.nextDouble(0.5, 2), window,
                        rnd.nextBoolean() ? 0 : rnd.nextDouble(0, window / 4));
                CodecSettings s = new CodecSettings(spec, p, Reconstruction.values()[trial % 3], rnd.nextDouble(0.5, 1.5));
                byte[] a = new SpikeEncoder(cpu).encode(img, s).file();
                byte[] b = new SpikeEncoder(cl).encode(img, s).file();
                assertArrayEquals(a, b, "trial " + trial + ": " + spec + " " + p);
                Image da = new SpikeDecoder(cpu).decode(a).image(), db = new SpikeDecoder(cl).decode(b).image();
                for (int c = 0; c < da.channels(); c++) assertArrayEquals(da.plane(c), db.plane(c), 0f, "decoded planes, trial " + trial);
            }
        }
    }

    /** Encoding and decoding the same image 1000 times in one process leaves native memory flat (no leaked cl objects). */
    @Test
    void thousandEncodesKeepNativeMemoryFlat() throws Exception {
        OpenClProbe probe = OpenClProbe.cached();
        assumeTrue(probe.available(), () -> "no OpenCL device here: " + probe.failure());
        Image img = TestImages.crop(TestImages.read("astronaut.png"), 256, 256); // large enough that one leaked plane per call shows
        CodecSettings s = CodecSettings.defaults().withLif(LifParameters.defaults().withThreshold(0.5));
        try (ComputeBackend cl = new BackendSelector().open("opencl")) {
            SpikeEncoder enc = new SpikeEncoder(cl);
            SpikeDecoder dec = new SpikeDecoder(cl);
            for (int i = 0; i < 100; i++) dec.decode(enc.encode(img, s).file()); // warm-up: buffers reach their size
            long before = nativeKb();
            for (int i = 0; i < 1000; i++) dec.decode(enc.encode(img, s).file());
            long after = nativeKb();
            System.out.println("native memory (RSS less committed heap and non-heap) over 1000 OpenCL encode+decode: " + before + " kB -> " + after + " kB");
            // Native memory = RSS less the committed Java heap and non-heap. It wanders by tens of MB with the
            // allocator's arenas (measured: 216 -> 279 -> 271 MB over 6000 small encodes, flat after 4000); one leaked
            // 256x256 float buffer per call would add 256 MB over 1000 calls.
            assertTrue(after - before < 96 * 1024, "native memory grew from " + before + " kB to " + after + " kB over 1000 encodes");
        }
    }

    private static long nativeKb() throws java.io.IOException {
        System.gc();
        var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        long heap = (mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted()) / 1024;
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) - heap;
        return 0;
    }
}
