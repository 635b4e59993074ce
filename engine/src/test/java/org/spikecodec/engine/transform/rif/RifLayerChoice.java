package org.spikecodec.engine.transform.rif;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * The measurement behind {@link RifFrontEnd#DEFAULT_LAYERS_MS} (run by hand, not a unit test):
 * uniform scalar quantization (step q in the neuron domain, i.e. of A_t * gain_t, round to nearest) of every
 * layer, least-squares reconstruction, PSNR (clipped to [0,255]) against the summed first-order entropy of the
 * quantization indices (bits per pixel), for candidate layer sets; then PSNR interpolated (linear in log bpp) at
 * 0.25, 0.5, 1, 2 and 4 bpp. Pixel-domain quantization (PCM) is printed as a baseline.
 *
 * <pre>java -cp engine/target/test-classes:engine/target/classes:kernels/target/classes \
 *   org.spikecodec.engine.transform.rif.RifLayerChoice [image.png]</pre>
 */
public final class RifLayerChoice {
    static final double[][] CANDIDATES = {
        {10}, {20}, {10, 25}, {10, 40}, {20, 40}, {5, 20, 40}, {10, 25, 40}, {10, 40, 80}, {15, 30, 45, 60}, {10, 20, 30, 40, 50}, {10, 30}, {10, 50}, {10, 40, 60},
    };
    static final double[] STEPS = {2, 2.8, 4, 5.7, 8, 11, 16, 23, 32, 45, 64, 90, 128, 181};
    static final double[] TARGET_BPP = {0.25, 0.5, 1, 2, 4};

    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "/tmp/deb/x/usr/lib/python3/dist-packages/skimage/data/camera.png";
        BufferedImage img = ImageIO.read(new File(path));
        int w = Integer.getInteger("rif.size", img.getWidth()), h = Integer.getInteger("rif.size", img.getHeight());
        float[] orig = new float[w * h];
        double mean = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                orig[y * w + x] = (float) (0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255));
                mean += orig[y * w + x];
            }
        mean /= orig.length;
        float[] plane = new float[orig.length];
        for (int i = 0; i < plane.length; i++) plane[i] = (float) (orig[i] - mean);
        System.out.printf("image %s %dx%d, mean %.2f%n", path, w, h, mean);

        try (CpuBackend cpu = new CpuBackend(1)) {
            // Timing of the unquantized round trip with the default spec.
            RifFrontEnd def = new RifFrontEnd(RifFrontEnd.defaultSpec(), cpu);
            for (int rep = 0; rep < (Boolean.getBoolean("rif.timing") ? 3 : 0); rep++) {
                long t0 = System.nanoTime();
                List<float[]> layers = def.forward(plane, w, h);
                long t1 = System.nanoTime();
                RifFrontEnd.Reconstruction rec = def.reconstruct(layers, w, h);
                long t2 = System.nanoTime();
                RifFrontEnd.Reconstruction cold = def.reconstruct(layers, w, h, false);
                System.out.printf("default %s: forward %.0f ms, inverse %d iterations %.0f ms (cold start %d it), PSNR %.1f dB%n",
                        Arrays.toString(RifFrontEnd.DEFAULT_LAYERS_MS), (t1 - t0) / 1e6, rec.iterations(), (t2 - t1) / 1e6,
                        cold.iterations(), psnr(plane, rec.plane(), 0, false));
            }

            List<String> summary = new ArrayList<>();
            summary.add(String.format("%-22s %s", "layers", "PSNR (dB) at 0.25/0.5/1/2/4 bpp"));
            double[][] pcm = new double[STEPS.length][];
            for (int s = 0; s < STEPS.length; s++) pcm[s] = quantizePixels(orig, STEPS[s] / 2);
            summary.add(summarise("pixels (PCM)", pcm));
            for (double[] set : CANDIDATES) {
                RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(set, 1e-4, 500), cpu);
                List<float[]> layers = fe.forward(plane, w, h);
                List<BandShape> shapes = fe.layout(w, h);
                double[][] pts = new double[STEPS.length][];
                StringBuilder line = new StringBuilder(String.format("%-22s gains %s%n", Arrays.toString(set), fmt(shapes)));
                for (int s = 0; s < STEPS.length; s++) {
                    double q = STEPS[s];
                    List<float[]> deq = new ArrayList<>();
                    double bits = 0;
                    for (int t = 0; t < set.length; t++) {
                        float g = (float) shapes.get(t).gain();
                        float[] band = layers.get(t), d = new float[band.length];
                        int[] idx = new int[band.length];
                        for (int i = 0; i < band.length; i++) {
                            idx[i] = (int) Math.round(band[i] * g / q);
                            d[i] = (float) (idx[i] * q / g);
                        }
                        bits += entropyBits(idx);
                        deq.add(d);
                    }
                    RifFrontEnd.Reconstruction rec = fe.reconstruct(deq, w, h);
                    double bpp = bits / (w * h), p = psnr(plane, rec.plane(), mean, true);
                    pts[s] = new double[] {bpp, p};
                    line.append(String.format("  q=%5.1f  %.3f bpp  %.2f dB  (%d it)%n", q, bpp, p, rec.iterations()));
                }
                System.out.print(line);
                summary.add(summarise(Arrays.toString(set), pts));
            }
            System.out.println();
            summary.forEach(System.out::println);
        }
    }

    static String fmt(List<BandShape> shapes) {
        StringBuilder b = new StringBuilder();
        for (BandShape s : shapes) b.append(String.format("%s:%.4g ", s.name(), s.gain()));
        return b.toString();
    }

    /** PCM baseline: round(pixel / q) * q. */
    static double[] quantizePixels(float[] orig, double q) {
        int[] idx = new int[orig.length];
        double se = 0;
        for (int i = 0; i < orig.length; i++) {
            idx[i] = (int) Math.round(orig[i] / q);
            double d = Math.min(255, Math.max(0, idx[i] * q)) - orig[i];
            se += d * d;
        }
        return new double[] {entropyBits(idx) / orig.length, 10 * Math.log10(255.0 * 255 / (se / orig.length))};
    }

    static String summarise(String name, double[][] pts) {
        StringBuilder b = new StringBuilder(String.format("%-22s", name));
        double sum = 0;
        int n = 0;
        for (double target : TARGET_BPP) {
            double p = interpolate(pts, target);
            b.append(Double.isNaN(p) ? "     -  " : String.format("  %6.2f", p));
            if (!Double.isNaN(p)) { sum += p; n++; }
        }
        b.append(n >= 4 ? String.format("   mean(0.25..2) %.2f", mean4(pts)) : "   mean n/a");
        return b.toString();
    }

    static double mean4(double[][] pts) {
        double s = 0;
        for (int i = 0; i < 4; i++) s += interpolate(pts, TARGET_BPP[i]);
        return s / 4;
    }

    /** PSNR at {@code bpp}, linear in log(bpp) between the two nearest measured points; NaN outside. */
    static double interpolate(double[][] pts, double bpp) {
        double[][] s = pts.clone();
        Arrays.sort(s, (x, y) -> Double.compare(x[0], y[0]));
        for (int i = 0; i + 1 < s.length; i++)
            if (s[i][0] <= bpp && bpp <= s[i + 1][0]) {
                double u = (Math.log(bpp) - Math.log(s[i][0])) / (Math.log(s[i + 1][0]) - Math.log(s[i][0]));
                return s[i][1] + u * (s[i + 1][1] - s[i][1]);
            }
        return Double.NaN;
    }

    static double entropyBits(int[] idx) {
        java.util.HashMap<Integer, int[]> hist = new java.util.HashMap<>();
        for (int v : idx) hist.computeIfAbsent(v, k -> new int[1])[0]++;
        double bits = 0, n = idx.length;
        for (int[] c : hist.values()) bits -= c[0] * (Math.log(c[0] / n) / Math.log(2));
        return bits;
    }

    static double psnr(float[] ref, float[] x, double mean, boolean clip) {
        double se = 0;
        for (int i = 0; i < ref.length; i++) {
            double r = ref[i] + mean, v = x[i] + mean;
            if (clip) v = Math.min(255, Math.max(0, v));
            se += (r - v) * (r - v);
        }
        return 10 * Math.log10(255.0 * 255 / (se / ref.length));
    }
}
