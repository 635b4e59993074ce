package org.spikecodec.engine.entropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spikecodec.engine.transform.BandShape;

/** Seeded synthetic spike counts for the coder tests. */
final class TestData {
    private TestData() {}

    /** Rounded Laplacian with scale {@code b} (mean |x| = b), clamped to the coder's range. */
    static int laplacian(Random rnd, double b) {
        double u = rnd.nextDouble() - 0.5;
        double x = -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
        long r = Math.round(x);
        return (int) Math.max(-SpikeCountCoder.MAX_MAGNITUDE, Math.min(SpikeCountCoder.MAX_MAGNITUDE, r));
    }

    static int[] laplacianBand(Random rnd, int n, double b) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = laplacian(rnd, b);
        return a;
    }

    static BandShape band(String name, int w, int h, int context) { return new BandShape(name, w, h, context, 1.0); }

    /** Counts of a smooth 2-D field: strongly correlated neighbours. */
    static int[] smoothField(Random rnd, int w, int h, double amplitude) {
        double[] fx = new double[4], fy = new double[4], ph = new double[4];
        for (int k = 0; k < 4; k++) {
            fx[k] = rnd.nextDouble() * 0.05;
            fy[k] = rnd.nextDouble() * 0.05;
            ph[k] = rnd.nextDouble() * 6.28;
        }
        int[] a = new int[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int k = 0; k < 4; k++) v += Math.sin(fx[k] * x + fy[k] * y + ph[k]);
                a[y * w + x] = (int) Math.round(amplitude * v / 4);
            }
        return a;
    }

    /** A {@code width x height} synthetic photo-like image: gradient, shapes with hard edges, fractal texture, noise. */
    static double[] syntheticImage(Random rnd, int width, int height) {
        double[] img = new double[width * height];
        double gx = rnd.nextDouble() * 80 / width, gy = rnd.nextDouble() * 80 / height;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) img[y * width + x] = 90 + gx * x + gy * y;
        for (int s = 0; s < 40; s++) {
            double cx = rnd.nextDouble() * width, cy = rnd.nextDouble() * height;
            double rx = 5 + rnd.nextDouble() * width / 6, ry = 5 + rnd.nextDouble() * height / 6, val = rnd.nextDouble() * 120 - 60;
            boolean ellipse = rnd.nextBoolean();
            for (int y = (int) Math.max(0, cy - ry); y < Math.min(height, cy + ry); y++)
                for (int x = (int) Math.max(0, cx - rx); x < Math.min(width, cx + rx); x++) {
                    double dx = (x - cx) / rx, dy = (y - cy) / ry;
                    if (!ellipse || dx * dx + dy * dy < 1) img[y * width + x] += val;
                }
        }
        // Value-noise texture in the right half, several octaves (roughly 1/f).
        for (int oct = 0; oct < 5; oct++) {
            int cell = 64 >> oct;
            int gw = width / cell + 2, gh = height / cell + 2;
            double[] grid = new double[gw * gh];
            for (int i = 0; i < grid.length; i++) grid[i] = (rnd.nextDouble() - 0.5) * 40.0 / (1 << oct) * 2;
            for (int y = 0; y < height; y++)
                for (int x = width / 2; x < width; x++) {
                    int ix = x / cell, iy = y / cell;
                    double fx = (x % cell) / (double) cell, fy = (y % cell) / (double) cell;
                    double a = grid[iy * gw + ix], b = grid[iy * gw + ix + 1], c = grid[(iy + 1) * gw + ix], d = grid[(iy + 1) * gw + ix + 1];
                    img[y * width + x] += (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
                }
        }
        for (int i = 0; i < img.length; i++) img[i] += rnd.nextGaussian() * 1.5;
        return img;
    }

    /** Wavelet-like test data: layout and dead-zone quantised counts of a 5/3 lifting DWT of {@link #syntheticImage}. */
    record Bands(List<BandShape> layout, List<int[]> counts) {}

    static Bands waveletCounts(Random rnd, int width, int height, int levels, double step) {
        double[] img = syntheticImage(rnd, width, height);
        double mean = 0;
        for (double v : img) mean += v;
        mean /= img.length;
        for (int i = 0; i < img.length; i++) img[i] -= mean;
        List<BandShape> details = new ArrayList<>();
        List<int[]> detailCounts = new ArrayList<>();
        int w = width, h = height;
        double[] cur = img;
        for (int l = 1; l <= levels; l++) {
            int lw = (w + 1) / 2, hw = w / 2, lh = (h + 1) / 2, hh = h / 2;
            double[] rows = new double[w * h];
            for (int y = 0; y < h; y++) lift(cur, y * w, 1, w, rows, y * w, 1);
            double[] cols = new double[w * h];
            for (int x = 0; x < w; x++) lift(rows, x, w, h, cols, x, w);
            // cols: low rows first (lh), then high rows; within a row: low columns (lw) then high columns
            double gain = Math.pow(2, l);
            int[] hl = quant(cols, w, lw, 0, hw, lh, step / gain * 1.3);
            int[] lhb = quant(cols, w, 0, lh, lw, hh, step / gain * 1.3);
            int[] hhb = quant(cols, w, lw, lh, hw, hh, step / gain * 1.7);
            details.add(0, band("HH" + l, hw, hh, 3 * l + 2));
            detailCounts.add(0, hhb);
            details.add(0, band("LH" + l, lw, hh, 3 * l + 1));
            detailCounts.add(0, lhb);
            details.add(0, band("HL" + l, hw, lh, 3 * l));
            detailCounts.add(0, hl);
            double[] ll = new double[lw * lh];
            for (int y = 0; y < lh; y++) System.arraycopy(cols, y * w, ll, y * lw, lw);
            cur = ll;
            w = lw;
            h = lh;
        }
        List<BandShape> layout = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        layout.add(band("LL" + levels, w, h, 0));
        counts.add(quant(cur, w, 0, 0, w, h, step / Math.pow(2, levels)));
        layout.addAll(details);
        counts.addAll(detailCounts);
        return new Bands(layout, counts);
    }

    private static int[] quant(double[] src, int stride, int x0, int y0, int w, int h, double step) {
        int[] q = new int[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double c = src[(y0 + y) * stride + x0 + x];
                q[y * w + x] = (int) (Math.signum(c) * Math.floor(Math.abs(c) / step));
            }
        return q;
    }

    /** One 1-D CDF 5/3 lifting step (symmetric extension): lows first, then highs. */
    private static void lift(double[] in, int off, int stride, int n, double[] out, int oOff, int oStride) {
        if (n == 1) {
            out[oOff] = in[off];
            return;
        }
        int nl = (n + 1) / 2, nh = n / 2;
        double[] d = new double[nh];
        for (int i = 0; i < nh; i++) {
            double a = in[off + 2 * i * stride], b = 2 * i + 2 < n ? in[off + (2 * i + 2) * stride] : a;
            d[i] = in[off + (2 * i + 1) * stride] - (a + b) / 2;
        }
        for (int i = 0; i < nl; i++) {
            double dl = i > 0 ? d[i - 1] : (nh > 0 ? d[0] : 0), dr = i < nh ? d[i] : dl;
            out[oOff + i * oStride] = in[off + 2 * i * stride] + (dl + dr) / 4;
        }
        for (int i = 0; i < nh; i++) out[oOff + (nl + i) * oStride] = d[i];
    }
}
