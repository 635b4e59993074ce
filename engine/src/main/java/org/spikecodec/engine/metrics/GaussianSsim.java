package org.spikecodec.engine.metrics;

import java.util.Arrays;
import org.spikecodec.engine.JitVectorization;

/**
 * The SSIM index of Wang, Bovik, Sheikh and Simoncelli (2004) on one plane, as their reference
 * {@code ssim_index.m} computes it: an 11x11 Gaussian window with sigma 1.5 normalised to sum 1, local means,
 * variances and covariance from that window ({@code E[x^2] - E[x]^2}, not the sample covariance), K1 = 0.01,
 * K2 = 0.03, L = 255, and only window positions that lie wholly inside the image ("valid" filtering, no padding).
 *
 * <p>Along an axis shorter than 11 samples the window shrinks to the image's length: the same Gaussian (sigma
 * 1.5), truncated and renormalised, so there is one window position along that axis. A 1x1 image thus gets
 * the luminance term alone (its variances are 0).
 *
 * <p>The 2-D window is the outer product of two 1-D ones, so it is applied separably, streaming over rows with
 * a ring of the last 11 horizontally filtered rows: about 110 multiply-adds per pixel and memory proportional to
 * the width only; on JDK 19+ the squares and the cross product are formed where the horizontal pass reads them.
 * Everything is in double so that results match a direct 2-D sum to about 1e-12.
 */
final class GaussianSsim {
    static final int WINDOW = 11;
    static final double SIGMA = 1.5;
    static final double C1 = Math.pow(0.01 * MetricInputs.PEAK, 2);
    static final double C2 = Math.pow(0.03 * MetricInputs.PEAK, 2);

    /** Mean SSIM and mean contrast-structure term over the valid window positions of one plane. */
    record Result(double ssim, double contrastStructure) {}

    private GaussianSsim() {}

    /** The 1-D window of {@code length} taps (11, or fewer for short axes), centred, summing to 1. */
    static double[] window(int length) {
        double[] g = new double[length];
        double centre = (length - 1) / 2.0, sum = 0;
        for (int i = 0; i < length; i++) sum += g[i] = Math.exp(-(i - centre) * (i - centre) / (2 * SIGMA * SIGMA));
        for (int i = 0; i < length; i++) g[i] /= sum;
        return g;
    }

    /**
     * Whether the horizontal pass forms the squares and the cross product as it reads them ({@link #filterProducts}):
     * where C2 vectorises the loops that convert floats to doubles ({@link JitVectorization#FLOAT_DOUBLE_CONVERSIONS});
     * elsewhere those loops stay scalar either way and the products are formed once a row, into arrays. The same
     * doubles either way.
     */
    static final boolean PRODUCTS_WHERE_READ = JitVectorization.FLOAT_DOUBLE_CONVERSIONS;

    static Result compute(float[] x, float[] y, int width, int height) {
        return compute(x, y, width, height, PRODUCTS_WHERE_READ);
    }

    /** {@link #compute(float[], float[], int, int)} with the products formed where they are read or once a row (tests). */
    static Result compute(float[] x, float[] y, int width, int height, boolean productsWhereRead) {
        double[] gx = window(Math.min(WINDOW, width)), gy = window(Math.min(WINDOW, height));
        int kw = gx.length, kh = gy.length;
        int outWidth = width - kw + 1, outHeight = height - kh + 1;

        // Ring of horizontally filtered rows: [slot][quantity][column], quantities x, y, x^2, y^2, xy.
        double[][][] ring = new double[kh][5][outWidth];
        double[][] products = productsWhereRead ? null : new double[3][width];
        double[][] sums = new double[5][outWidth];
        double ssimSum = 0, csSum = 0;
        for (int row = 0; row < height; row++) {
            int base = row * width;
            double[][] slot = ring[row % kh];
            filterRow(x, base, gx, slot[0]);
            filterRow(y, base, gx, slot[1]);
            if (productsWhereRead) {
                filterProducts(x, x, base, gx, slot[2]);
                filterProducts(y, y, base, gx, slot[3]);
                filterProducts(x, y, base, gx, slot[4]);
            } else {
                for (int i = 0; i < width; i++) {
                    double a = x[base + i], b = y[base + i];
                    products[0][i] = a * a;
                    products[1][i] = b * b;
                    products[2][i] = a * b;
                }
                for (int q = 0; q < 3; q++) filterRow(products[q], 0, gx, slot[2 + q]);
            }
            if (row < kh - 1) continue;

            // Vertical pass as whole-row multiply-adds (sequential, so the JIT vectorises them).
            int top = row - kh + 1;
            for (double[] a : sums) Arrays.fill(a, 0);
            for (int k = 0; k < kh; k++) {
                double[][] r = ring[(top + k) % kh];
                double g = gy[k];
                for (int q = 0; q < 5; q++) {
                    double[] in = r[q], acc = sums[q];
                    for (int col = 0; col < outWidth; col++) acc[col] += g * in[col];
                }
            }
            double[] mxs = sums[0], mys = sums[1], exxs = sums[2], eyys = sums[3], exys = sums[4];
            for (int col = 0; col < outWidth; col++) {
                double mx = mxs[col], my = mys[col];
                double varX = exxs[col] - mx * mx, varY = eyys[col] - my * my, cov = exys[col] - mx * my;
                double luminanceNum = 2 * mx * my + C1, luminanceDen = mx * mx + my * my + C1;
                double csNum = 2 * cov + C2, csDen = varX + varY + C2;
                ssimSum += (luminanceNum * csNum) / (luminanceDen * csDen);
                csSum += csNum / csDen;
            }
        }
        double positions = (double) outWidth * outHeight;
        return new Result(ssimSum / positions, csSum / positions);
    }

    /** Valid 1-D correlation of {@code src[offset .. offset + out.length + g.length - 1)} with {@code g} into {@code out}. */
    private static void filterRow(float[] src, int offset, double[] g, double[] out) {
        Arrays.fill(out, 0);
        for (int k = 0; k < g.length; k++) {
            double tap = g[k];
            int start = offset + k;
            for (int j = 0; j < out.length; j++) out[j] += tap * src[start + j];
        }
    }

    private static void filterRow(double[] src, int offset, double[] g, double[] out) {
        Arrays.fill(out, 0);
        for (int k = 0; k < g.length; k++) {
            double tap = g[k];
            int start = offset + k;
            for (int j = 0; j < out.length; j++) out[j] += tap * src[start + j];
        }
    }

    /**
     * As {@link #filterRow(float[], int, double[], double[])} of the products {@code (double) a[i] * b[i]}, computed
     * where they are read: the same doubles as from an array of the products, but a loop that reads a {@code double[]}
     * at an offset and adds into another stays scalar (C2 cannot rule out that they are one array, which would make
     * the offset a dependence), where this one reads floats and vectorises: about 5 times faster on Java 25.
     */
    private static void filterProducts(float[] a, float[] b, int offset, double[] g, double[] out) {
        Arrays.fill(out, 0);
        for (int k = 0; k < g.length; k++) {
            double tap = g[k];
            int start = offset + k;
            for (int j = 0; j < out.length; j++) out[j] += tap * ((double) a[start + j] * b[start + j]);
        }
    }
}
