package org.spikecodec.engine.transform.rif;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeDecoder;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.image.ColorModel;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.LifQuantizer;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.metrics.Ssim;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * Where the {@code rif} front end's reconstruction error comes from (issue 14; run by hand, not a unit test).
 * For each photo (its luma, centre crop of {@code rif.size} pixels, a power of two) and each rate of {@code rif.bpp}:
 * <ol>
 * <li><b>split</b>: encodes with the real codec to the rate, reads the spike counts back, and writes the reconstruction
 *     error as the sum of one term per layer, {@code S(e_t)}, with {@code e_t} the layer's quantization error and S the
 *     least-squares inverse (solved tightly, so it is linear); each term again split into the dead-zone part (neurons
 *     with no spike: the coefficient is lost) and the live part (granular error of firing neurons). Every term's
 *     MSE is given per radial frequency band of its spectrum, beside the image's own energy there.</li>
 * <li><b>noise</b>: the inverse's noise amplification per layer and band: white Gaussian noise of variance 1 (in the
 *     neurons' units, i.e. after the layer gain) injected into one layer at a time, reconstructed by the decoder's CG
 *     and by a tight CG, against the periodic-boundary theory {@code h_t(w)^2 / (sum_s h_s(w)^2)^2}, where
 *     {@code h_t = gain_t H_t} is the layer's frequency response as the neurons see it.</li>
 * <li><b>alloc</b> (with {@code rif.gains=m1,m2,...;m1,m2,...}): a prototype of other layer gains, multipliers of the
 *     peak gains, applied both to the neurons and to the least-squares weights. Real entropy-coded files (the standard
 *     container, rate from its size, threshold bisected to the rate), decoded here with the same gains: the format does
 *     not carry layer gains, so the standard decoder would rebuild the peak gains and decode these files wrongly.</li>
 *
 * <li><b>iters</b>: the same coded layers reconstructed with CG stopped after 1, 2, 3, ... 200 iterations (layers from
 *     {@code rif.layers}, default the codec's): PSNR, SSIM and the error by band of each.</li>
 * </ol>
 * Results and reading: {@code docs/rate-distortion.md}, "Why rif was flat".
 *
 * <pre>nice mvn -B -o -q test-compile -pl engine -am &amp;&amp; nice mvn -B -o -q -DskipTests package -pl bench -am
 * CP="engine/target/test-classes:engine/target/classes:kernels/target/classes:$(cat bench/target/cp.txt)"
 * java -cp "$CP" -Drif.size=256 -Drif.bpp=0.5,1 [-Drif.parts=split,noise,iters,alloc] [-Drif.layers=10,40,60] \
 *   [-Drif.gains="1,1,1;1,0.5,0.5"] org.spikecodec.engine.transform.rif.RifErrorAnalysis data/photos/camera.png</pre>
 */
public final class RifErrorAnalysis {
    /** Radial band edges, in |w| / pi (1 = Nyquist along an axis; the corners reach sqrt 2). Period = 2 / r pixels. */
    static final double[] EDGES = {0, 1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1, 1.5};
    static final String[] BAND_NAMES = {"<1/32", "1/32-1/16", "1/16-1/8", "1/8-1/4", "1/4-1/2", "1/2-1", ">1"};
    /** A tight solve, so that the inverse is linear in its input and the per-layer terms add up. */
    static final double TIGHT_TOLERANCE = 1e-6;
    static final int TIGHT_ITERATIONS = 3000;

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int size = Integer.getInteger("rif.size", 256);
        double[] rates = Arrays.stream(System.getProperty("rif.bpp", "0.5,1").split(",")).mapToDouble(Double::parseDouble).toArray();
        List<String> parts = List.of(System.getProperty("rif.parts", "split,noise").split(","));
        String gainSets = System.getProperty("rif.gains", "");
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (String path : args) {
                Image grey = lumaCrop(ImageFiles.read(Path.of(path)), size);
                System.out.printf("%n# %s, luma, centre %dx%d%n", path, grey.width(), grey.height());
                if (parts.contains("split")) for (double bpp : rates) split(cpu, grey, bpp);
                if (parts.contains("iters")) for (double bpp : rates) iterations(cpu, grey, bpp);
                if (parts.contains("noise")) noise(cpu, grey.width(), grey.height());
                if (parts.contains("alloc") && !gainSets.isEmpty()) allocate(cpu, grey, rates, gainSets);
            }
        }
    }

    // ---------------------------------------------------------------- split

    static void split(ComputeBackend cpu, Image grey, double bpp) throws Exception {
        int w = grey.width(), h = grey.height();
        TransformSpec.Rif spec = layersFromProperty();
        byte[] file;
        Image decoded;
        SpikeDecoder.Spikes spikes;
        try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(spec))) {
            file = codec.encodeToBpp(grey, bpp).file();
            decoded = codec.decode(file).image();
            spikes = codec.readSpikes(file);
        }
        SpkHeader header = spikes.header();
        RifFrontEnd fe = new RifFrontEnd(spec, cpu);
        RifFrontEnd tight = new RifFrontEnd(new TransformSpec.Rif(spec.layerTimesMs(), TIGHT_TOLERANCE, TIGHT_ITERATIONS), cpu);
        float mean = header.channelMean(0);
        float[] f = centred(grey.plane(0), mean);
        List<float[]> layers = fe.forward(f, w, h);
        List<float[]> coded = dequantize(cpu, header, spikes.layout(), spikes.counts().get(0));
        int n = layers.size();
        double[] gains = new double[n];
        for (int t = 0; t < n; t++) gains[t] = spikes.layout().get(t).gain();

        float[] xDecoder = fe.reconstruct(coded, w, h).plane();
        RifFrontEnd.Reconstruction tightRec = tight.reconstruct(coded, w, h);
        float[] xTight = tightRec.plane();
        float[] xExact = tight.reconstruct(layers, w, h).plane();

        System.out.printf("%n## %.3f bpp (target %s): threshold %.4g, decoded PSNR %.2f dB, SSIM %.4f%n",
                file.length * 8.0 / (w * h), bpp, header.lif().threshold(), Psnr.of(grey, decoded), Ssim.of(grey, decoded));
        System.out.printf("tight solve: %d iterations (converged %s); unquantized layers give %.1f dB (unclipped)%n",
                tightRec.iterations(), tightRec.converged(), psnrUnclipped(f, xExact));

        // Per layer: what the neurons see and what the quantizer does to it.
        LifQuantizer q = new LifQuantizer(header.lif());
        System.out.printf("step (I_2 - I_1, neuron units) %.3g, dead zone I_1 %.3g%n", q.thresholdExact(2) - q.thresholdExact(1), q.thresholdExact(1));
        System.out.println("| layer | gain | rms of gain*A_t | firing neurons | bits/pixel (coded alone) | rms of gain*e_t | dead-zone share of e_t energy |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        List<BandShape> layout = spikes.layout();
        for (int t = 0; t < n; t++) {
            int[] counts = spikes.counts().get(0).get(t);
            double firing = 0, sig = 0, err = 0, dead = 0;
            float[] a = layers.get(t), c = coded.get(t);
            for (int i = 0; i < a.length; i++) {
                double g = gains[t], e = (c[i] - a[i]) * g;
                sig += a[i] * g * a[i] * g;
                err += e * e;
                if (counts[i] != 0) firing++; else dead += e * e;
            }
            BandShape alone = new BandShape(layout.get(t).name(), w, h, 0, gains[t]);
            double bits = org.spikecodec.engine.entropy.SpikeCountCoder.encode(List.of(alone), List.of(counts)).length * 8.0;
            System.out.printf("| %s | %.4g | %.2f | %.1f%% | %.3f | %.2f | %.0f%% |%n", layout.get(t).name(), gains[t], Math.sqrt(sig / a.length),
                    100 * firing / a.length, bits / a.length, Math.sqrt(err / a.length), 100 * dead / err);
        }

        // The error, split by layer (and dead zone / live) and by radial frequency band.
        List<String> names = new ArrayList<>();
        List<float[]> terms = new ArrayList<>();
        names.add("image (signal energy)");
        terms.add(f);
        names.add("total error, decoder CG");
        terms.add(diff(xDecoder, f));
        names.add("total error, tight CG");
        terms.add(diff(xTight, f));
        for (int t = 0; t < n; t++) {
            float[] e = diff(coded.get(t), layers.get(t)), eDead = new float[e.length], eLive = new float[e.length];
            int[] counts = spikes.counts().get(0).get(t);
            for (int i = 0; i < e.length; i++) if (counts[i] == 0) eDead[i] = e[i]; else eLive[i] = e[i];
            String name = layout.get(t).name();
            names.add(name + " S(e_t)");
            terms.add(tight.reconstruct(only(t, n, e), w, h, false).plane());
            names.add(name + " dead zone");
            terms.add(tight.reconstruct(only(t, n, eDead), w, h, false).plane());
            names.add(name + " live");
            terms.add(tight.reconstruct(only(t, n, eLive), w, h, false).plane());
        }
        System.out.println();
        System.out.println("MSE (grey levels^2) by radial band of the spectrum (r = |w|/pi; period 2/r px); first row: the image's energy");
        System.out.print("| term | MSE | PSNR |");
        for (String b : BAND_NAMES) System.out.print(" " + b + " |");
        System.out.println();
        System.out.println("|---|---:|---:|" + "---:|".repeat(BAND_NAMES.length));
        for (int i = 0; i < terms.size(); i++) {
            double[] bands = radialEnergy(terms.get(i), w, h);
            double total = Arrays.stream(bands).sum();
            System.out.printf("| %s | %.1f | %.2f |", names.get(i), total, 10 * Math.log10(255 * 255 / total));
            for (double v : bands) System.out.printf(" %.1f |", v);
            System.out.println();
        }
    }

    // ---------------------------------------------------------------- iters

    static final int[] CG_ITERATIONS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100, 200};

    /** The same coded layers reconstructed with CG stopped after k iterations (tolerance out of the way). */
    static void iterations(ComputeBackend cpu, Image grey, double bpp) throws Exception {
        int w = grey.width(), h = grey.height();
        TransformSpec.Rif spec = layersFromProperty();
        byte[] file;
        SpikeDecoder.Spikes spikes;
        try (SpikeCodec codec = SpikeCodec.sharing(cpu, CodecSettings.defaults().withTransform(spec))) {
            file = codec.encodeToBpp(grey, bpp).file();
            spikes = codec.readSpikes(file);
        }
        SpkHeader header = spikes.header();
        float mean = header.channelMean(0);
        float[] f = centred(grey.plane(0), mean);
        List<float[]> coded = dequantize(cpu, header, spikes.layout(), spikes.counts().get(0));
        System.out.printf("%n## CG stopped early, layers %s, %.3f bpp (target %s)%n", Arrays.toString(spec.layerTimesMs()), file.length * 8.0 / (w * h), bpp);
        System.out.print("| CG iterations | rel. residual | PSNR | SSIM |");
        for (String b : BAND_NAMES) System.out.print(" " + b + " |");
        System.out.println();
        System.out.println("|---:|---:|---:|---:|" + "---:|".repeat(BAND_NAMES.length));
        for (int k : CG_ITERATIONS) {
            RifFrontEnd fe = new RifFrontEnd(new TransformSpec.Rif(spec.layerTimesMs(), 1e-12, k), cpu);
            RifFrontEnd.Reconstruction r = fe.reconstruct(coded, w, h);
            float[] x = r.plane();
            double[] bands = radialEnergy(diff(x, f), w, h);
            Image dec = plane(x, mean, w, h);
            System.out.printf("| %d | %.2g | %.2f | %.4f |", r.iterations(), r.relativeResiduals()[r.iterations()], Psnr.of(grey, dec), Ssim.of(grey, dec));
            for (double v : bands) System.out.printf(" %.1f |", v);
            System.out.println();
        }
    }

    /** {@code rif.layers} (ms, comma-separated), else the default layers. */
    static TransformSpec.Rif layersFromProperty() {
        String p = System.getProperty("rif.layers");
        if (p == null) return RifFrontEnd.defaultSpec();
        double[] t = Arrays.stream(p.split(",")).mapToDouble(Double::parseDouble).toArray();
        return new TransformSpec.Rif(t, RifFrontEnd.DEFAULT_CG_TOLERANCE, RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS);
    }

    static Image plane(float[] centred, float mean, int w, int h) {
        float[] x = centred.clone();
        for (int i = 0; i < x.length; i++) x[i] += mean;
        return new Image(w, h, ColorModel.GREY, new float[][] {x}).quantized8();
    }

    // ---------------------------------------------------------------- noise

    static void noise(ComputeBackend cpu, int w, int h) {
        TransformSpec.Rif spec = layersFromProperty();
        RifFrontEnd fe = new RifFrontEnd(spec, cpu);
        RifFrontEnd tight = new RifFrontEnd(new TransformSpec.Rif(spec.layerTimesMs(), TIGHT_TOLERANCE, TIGHT_ITERATIONS), cpu);
        List<BandShape> layout = fe.layout(w, h);
        int n = layout.size();
        double[][] theory = theoryAmplification(fe, w, h);
        System.out.printf("%n## Noise amplification of the inverse (%dx%d): white noise of variance 1 after the gain, in one layer%n", w, h);
        System.out.println("Band-average of |E(w)|^2 / sigma^2 (1 = passed unchanged); 'total' is the error variance / sigma^2.");
        System.out.print("| layer | solver | total |");
        for (String b : BAND_NAMES) System.out.print(" " + b + " |");
        System.out.println();
        System.out.println("|---|---|---:|" + "---:|".repeat(BAND_NAMES.length));
        Random rnd = new Random(14);
        for (int t = 0; t < n; t++) {
            float[] e = new float[w * h];
            double g = layout.get(t).gain();
            for (int i = 0; i < e.length; i++) e[i] = (float) (rnd.nextGaussian() / g);
            for (RifFrontEnd solver : List.of(fe, tight)) {
                RifFrontEnd.Reconstruction r = solver.reconstruct(only(t, n, e), w, h);
                double[] bands = radialEnergy(r.plane(), w, h);
                int[] bins = radialCounts(w, h);
                System.out.printf("| %s | %s (%d it) | %.2f |", layout.get(t).name(), solver == fe ? "decoder" : "tight", r.iterations(), Arrays.stream(bands).sum());
                for (int b = 0; b < bands.length; b++) System.out.printf(" %.3g |", bands[b] * w * h / bins[b]);
                System.out.println();
            }
            System.out.printf("| %s | theory (periodic) | %.2f |", layout.get(t).name(), theory[t][EDGES.length - 1]);
            for (int b = 0; b < EDGES.length - 1; b++) System.out.printf(" %.3g |", theory[t][b]);
            System.out.println();
        }
    }

    /** Per layer: band means of h_t^2 / (sum h^2)^2 on the FFT grid, then the overall mean (last entry). */
    static double[][] theoryAmplification(RifFrontEnd fe, int w, int h) {
        float[] kc = fe.filter().kernelC(), ks = fe.filter().kernelS();
        List<BandShape> layout = fe.layout(w, h);
        int n = layout.size(), bands = EDGES.length - 1;
        double[][] out = new double[n][bands + 1];
        int[] bins = radialCounts(w, h);
        for (int y = 0; y < h; y++) {
            double wy = omega(y, h);
            double cy = RetinaFilter.kernelResponse(kc, wy), sy = RetinaFilter.kernelResponse(ks, wy);
            for (int x = 0; x < w; x++) {
                double wx = omega(x, w);
                double c = cy * RetinaFilter.kernelResponse(kc, wx), s = sy * RetinaFilter.kernelResponse(ks, wx);
                double[] ht = new double[n];
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    ht[t] = layout.get(t).gain() * (fe.a(t) * c - fe.b(t) * s);
                    sum += ht[t] * ht[t];
                }
                int b = band(wx, wy);
                for (int t = 0; t < n; t++) {
                    double amp = ht[t] * ht[t] / (sum * sum);
                    out[t][b] += amp / bins[b];
                    out[t][bands] += amp / ((double) w * h);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- alloc

    static void allocate(ComputeBackend cpu, Image grey, double[] rates, String gainSets) {
        int w = grey.width(), h = grey.height();
        TransformSpec.Rif spec = layersFromProperty();
        double[] peak = RifFrontEnd.peakGains(RetinaFilter.DEFAULT, aOf(spec), bOf(spec));
        float mean = (float) (sum(grey.plane(0)) / grey.plane(0).length);
        float[] f = centred(grey.plane(0), mean);
        List<float[]> layers = new RifFrontEnd(spec, cpu).forward(f, w, h);
        SpikeEncoder encoder = new SpikeEncoder(cpu);
        System.out.printf("%n## Allocation prototype: layer gains = multipliers x peak gains %s%n", Arrays.toString(peak));
        System.out.println("| multipliers | target bpp | bpp | PSNR / SSIM, CG to 1e-5 | best CG iterations: PSNR / SSIM | threshold |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (String set : gainSets.split(";")) {
            double[] m = Arrays.stream(set.split(",")).mapToDouble(Double::parseDouble).toArray();
            double[] gains = new double[peak.length];
            for (int t = 0; t < gains.length; t++) gains[t] = peak[t] * m[t];
            RifFrontEnd fe = new RifFrontEnd(spec, cpu, RetinaFilter.DEFAULT, gains);
            SpikeEncoder.Analysis an = new SpikeEncoder.Analysis(w, h, ColorModel.GREY, spec, fe.layout(w, h), new float[] {mean}, List.of(layers));
            for (double bpp : rates) {
                SpikeEncoder.Encoded enc = toRate(encoder, an, bpp);
                LifParameters lif = enc.header().lif();
                List<float[]> coded = new ArrayList<>();
                LifQuantizer q = new LifQuantizer(lif);
                for (int t = 0; t < gains.length; t++) coded.add(readout(cpu, q, enc.header().reconstruction(), enc.counts().get(0).get(t), (float) gains[t]));
                Image full = plane(fe.reconstruct(coded, w, h).plane(), mean, w, h), best = null;
                int bestK = 0;
                for (int k : CG_ITERATIONS) {
                    RifFrontEnd early = new RifFrontEnd(new TransformSpec.Rif(spec.layerTimesMs(), 1e-12, k), cpu, RetinaFilter.DEFAULT, gains);
                    Image dec = plane(early.reconstruct(coded, w, h).plane(), mean, w, h);
                    if (best == null || Psnr.of(grey, dec) > Psnr.of(grey, best)) { best = dec; bestK = k; }
                }
                System.out.printf("| %s | %s | %.3f | %.2f / %.4f | %d: %.2f / %.4f | %.4g |%n", set, bpp, enc.file().length * 8.0 / (w * h),
                        Psnr.of(grey, full), Ssim.of(grey, full), bestK, Psnr.of(grey, best), Ssim.of(grey, best), lif.threshold());
            }
        }
    }

    /** Bisection on log(threshold) until the file is within 1% of the rate (the file size falls as theta rises). */
    static SpikeEncoder.Encoded toRate(SpikeEncoder encoder, SpikeEncoder.Analysis an, double bpp) {
        double target = bpp * an.pixels() / 8, lo = 1e-4, hi = 1e3;
        SpikeEncoder.Encoded best = null;
        for (int i = 0; i < 40; i++) {
            double theta = Math.sqrt(lo * hi);
            SpikeEncoder.Encoded e = encoder.quantize(an, LifParameters.defaults().withThreshold(theta), Reconstruction.MIDPOINT, 1);
            if (best == null || Math.abs(e.file().length - target) < Math.abs(best.file().length - target)) best = e;
            if (Math.abs(e.file().length - target) < 0.01 * target) break;
            if (e.file().length > target) lo = theta; else hi = theta;
        }
        return best;
    }

    // ---------------------------------------------------------------- helpers

    /** The decoder's read-out of every layer (midpoint cells; side information only matters for saturated neurons or the centroid). */
    static List<float[]> dequantize(ComputeBackend cpu, SpkHeader header, List<BandShape> layout, List<int[]> counts) {
        if (header.reconstruction() != Reconstruction.MIDPOINT) throw new IllegalArgumentException("midpoint read-out expected");
        LifQuantizer q = new LifQuantizer(header.lif());
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < counts.size(); b++) out.add(readout(cpu, q, header.reconstruction(), counts.get(b), (float) (layout.get(b).gain() * header.channelGain(0))));
        return out;
    }

    /** Midpoint read-out of one layer's counts (no saturated neurons at these rates). */
    static float[] readout(ComputeBackend cpu, LifQuantizer q, Reconstruction rec, int[] n, float gain) {
        int max = 0;
        for (int v : n) max = Math.max(max, Math.abs(v));
        float[] levels = LifQuantizer.levels(q.thresholds(max + 1), max, rec, Double.NaN, Double.NaN);
        float[] coeff = new float[n.length];
        cpu.lifReadout(n, 0, n.length, levels, gain, coeff, 0);
        return coeff;
    }

    static double[] aOf(TransformSpec.Rif spec) {
        double[] t = spec.layerTimesMs(), a = new double[t.length];
        for (int i = 0; i < t.length; i++) a[i] = RetinaFilter.DEFAULT.a(t[i]);
        return a;
    }

    static double[] bOf(TransformSpec.Rif spec) {
        double[] t = spec.layerTimesMs(), b = new double[t.length];
        for (int i = 0; i < t.length; i++) b[i] = RetinaFilter.DEFAULT.b(t[i]);
        return b;
    }

    /** The luma (BT.601) of an RGB image, or the grey plane; centre crop of size x size (or the whole side if smaller). */
    static Image lumaCrop(Image img, int size) {
        int w = Math.min(size, img.width()), h = Math.min(size, img.height());
        int x0 = (img.width() - w) / 2, y0 = (img.height() - h) / 2;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = (y + y0) * img.width() + x + x0;
                out[y * w + x] = img.channels() == 1 ? img.plane(0)[i]
                        : (float) (0.299 * img.plane(0)[i] + 0.587 * img.plane(1)[i] + 0.114 * img.plane(2)[i]);
            }
        return new Image(w, h, ColorModel.GREY, new float[][] {out}).quantized8();
    }

    static float[] centred(float[] p, float mean) {
        float[] c = new float[p.length];
        for (int i = 0; i < p.length; i++) c[i] = p[i] - mean;
        return c;
    }

    static double sum(float[] p) {
        double s = 0;
        for (float v : p) s += v;
        return s;
    }

    static float[] diff(float[] x, float[] y) {
        float[] d = new float[x.length];
        for (int i = 0; i < d.length; i++) d[i] = x[i] - y[i];
        return d;
    }

    /** n layers, all zero but layer t. */
    static List<float[]> only(int t, int n, float[] e) {
        List<float[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(i == t ? e : new float[e.length]);
        return l;
    }

    static double psnrUnclipped(float[] ref, float[] x) {
        double se = 0;
        for (int i = 0; i < ref.length; i++) se += (ref[i] - x[i]) * (ref[i] - x[i]);
        return 10 * Math.log10(255 * 255 / (se / ref.length));
    }

    /** Angular frequency of FFT bin k of an n-point transform, in [-pi, pi). */
    static double omega(int k, int n) { return 2 * Math.PI * (k < (n + 1) / 2 ? k : k - n) / n; }

    static int band(double wx, double wy) {
        double r = Math.sqrt(wx * wx + wy * wy) / Math.PI;
        for (int b = 1; b < EDGES.length; b++) if (r < EDGES[b]) return b - 1;
        return EDGES.length - 2;
    }

    static int[] radialCounts(int w, int h) {
        int[] c = new int[EDGES.length - 1];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) c[band(omega(x, w), omega(y, h))]++;
        return c;
    }

    /** Per radial band: sum over its bins of |X(k)|^2 / N^2, so the bands add up to the mean square of x (Parseval). */
    static double[] radialEnergy(float[] x, int w, int h) {
        double[] re = new double[w * h], im = new double[w * h];
        for (int i = 0; i < re.length; i++) re[i] = x[i];
        fft2(re, im, w, h);
        double[] out = new double[EDGES.length - 1];
        double nn = (double) w * h;
        for (int y = 0; y < h; y++)
            for (int xk = 0; xk < w; xk++) {
                int i = y * w + xk;
                out[band(omega(xk, w), omega(y, h))] += (re[i] * re[i] + im[i] * im[i]) / (nn * nn);
            }
        return out;
    }

    static void fft2(double[] re, double[] im, int w, int h) {
        if (Integer.bitCount(w) != 1 || Integer.bitCount(h) != 1) throw new IllegalArgumentException("sides must be powers of two: " + w + "x" + h);
        double[] r = new double[Math.max(w, h)], i = new double[r.length];
        for (int y = 0; y < h; y++) {
            System.arraycopy(re, y * w, r, 0, w);
            System.arraycopy(im, y * w, i, 0, w);
            fft(r, i, w);
            System.arraycopy(r, 0, re, y * w, w);
            System.arraycopy(i, 0, im, y * w, w);
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) { r[y] = re[y * w + x]; i[y] = im[y * w + x]; }
            fft(r, i, h);
            for (int y = 0; y < h; y++) { re[y * w + x] = r[y]; im[y * w + x] = i[y]; }
        }
    }

    /** In-place iterative radix-2 FFT of the first n entries. */
    static void fft(double[] re, double[] im, int n) {
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int s = 0; s < n; s += len)
                for (int k = 0; k < len / 2; k++) {
                    double c = Math.cos(ang * k), sn = Math.sin(ang * k);
                    int p = s + k, q = p + len / 2;
                    double xr = re[q] * c - im[q] * sn, xi = re[q] * sn + im[q] * c;
                    re[q] = re[p] - xr; im[q] = im[p] - xi;
                    re[p] += xr; im[p] += xi;
                }
        }
    }
}
