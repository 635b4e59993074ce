package org.spikecodec.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.evaluator.Evaluation;
import org.spikecodec.evaluator.codecs.RateCodec;
import org.spikecodec.kernels.cpu.CpuBackend;

/**
 * What one evaluator session costs per image and codec: the encodings and the wall time for the sweep's grid of
 * target rates followed by its bisection probes, and how far the payload rates land from their targets.
 *
 * <p>The probes replay the sweep's critical-bitrate bisection ({@code Sweep.critical}) between two neighbouring
 * grid rates, with the classifier's verdicts replaced by a fixed alternation (kept, lost, kept, ...), so every run
 * asks the same targets. The bracket moves with the image index so that probes fall between different grid rates.
 *
 * <p>With {@code --reference CODEC}, each image is also encoded by that codec at the grid rates (and a little beyond
 * both ends), and every result of the measured codecs is compared with the reference's PSNR interpolated at the same
 * payload rate (linear in log rate): the cost of, say, JPEG 2000's quality layers against single-layer encodings.
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/cp.txt)" org.spikecodec.bench.RateSessionCost \
 *     [--codecs spike-dwt,spike-rif,jpeg2000] [--bpp 0.05,0.1,...] [--probes 4] [--reference jpeg2000-opj] IMAGE...
 * </pre>
 */
public final class RateSessionCost {
    private RateSessionCost() {}

    /** One encoding: target and payload rate (bpp), PSNR (dB). */
    record Point(double target, double bpp, double psnr) {}

    /** One image and codec: encodings after the grid and after the probes, per target, seconds, the encodings' points. */
    record Row(String image, String codec, long pixels, long gridEncodings, long totalEncodings, List<Long> perTarget, double seconds,
               List<Point> points) {
        double maxError() { return points.stream().mapToDouble(p -> Math.abs(p.bpp() / p.target() - 1)).max().orElse(0); }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> codecs = List.of("spike-dwt", "spike-rif", "jpeg2000");
        double[] rates = Evaluation.DEFAULT_RATES;
        int probes = 4;
        String reference = null;
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--codecs" -> codecs = List.of(args[++i].split(","));
                case "--bpp" -> rates = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).sorted().toArray();
                case "--probes" -> probes = Integer.parseInt(args[++i]);
                case "--reference" -> reference = args[++i];
                default -> images.add(Path.of(args[i]));
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Double> deltas = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend()) {
            for (int i = 0; i < images.size(); i++) {
                Image image = ImageFiles.read(images.get(i));
                List<Point> ref = reference == null ? null : referenceCurve(Evaluation.codec(reference, backend, rates), image, rates);
                for (String name : codecs) {
                    Row r = measure(Evaluation.codec(name, backend, rates), images.get(i), image, rates, probes, i);
                    rows.add(r);
                    String vsRef = "";
                    if (ref != null) {
                        List<Double> d = new ArrayList<>();
                        for (Point p : r.points()) { double v = psnrAt(ref, p.bpp()); if (!Double.isNaN(v)) d.add(p.psnr() - v); }
                        deltas.addAll(d);
                        vsRef = String.format(Locale.ROOT, "  dPSNR vs %s: mean %+.3f, worst %+.3f dB", reference,
                                d.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), d.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                    }
                    System.out.printf(Locale.ROOT, "%-15s %-28s %6.2f MP  encodings %3d grid + %3d probes = %3d for %2d targets (%.2f per target)  %7.2f s  max |error| %.2f%%  %s%s%n",
                            r.codec(), r.image(), r.pixels() / 1e6, r.gridEncodings(), r.totalEncodings() - r.gridEncodings(), r.totalEncodings(),
                            r.points().size(), (double) r.totalEncodings() / r.points().size(), r.seconds(), 100 * r.maxError(), r.perTarget(), vsRef);
                }
            }
        }
        System.out.println();
        for (String name : codecs) {
            List<Row> mine = rows.stream().filter(r -> r.codec().equals(name)).toList();
            long enc = mine.stream().mapToLong(Row::totalEncodings).sum();
            long targets = mine.stream().mapToLong(r -> r.points().size()).sum();
            double secs = mine.stream().mapToDouble(Row::seconds).sum();
            double err = mine.stream().mapToDouble(Row::maxError).max().orElse(0);
            System.out.printf(Locale.ROOT, "%-15s %d images: %.2f encodings per target, %.2f s per image, max |error| %.2f%%%n",
                    name, mine.size(), (double) enc / targets, secs / mine.size(), 100 * err);
        }
        if (reference != null)
            System.out.printf(Locale.ROOT, "dPSNR vs %s at equal rate over %d encodings: mean %+.3f dB, worst %+.3f dB%n", reference, deltas.size(),
                    deltas.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), deltas.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
    }

    /** The session's own time (open, compress, close) is measured; the PSNR of each result is not. */
    static Row measure(RateCodec codec, Path path, Image image, double[] rates, int probes, int index) throws Exception {
        List<Double> targets = new ArrayList<>();
        for (double t : rates) targets.add(t);
        int bracket = index % (rates.length - 1);
        double lo = Math.log(rates[bracket]), hi = Math.log(rates[bracket + 1]);
        for (int p = 0; p < probes; p++) {
            double mid = (lo + hi) / 2;
            targets.add(Math.exp(mid));
            if (p % 2 == 0) hi = mid; else lo = mid;
        }
        List<Point> points = new ArrayList<>();
        List<Long> perTarget = new ArrayList<>();
        long grid, total, nanos = 0, t0 = System.nanoTime();
        RateCodec.Session s = codec.open(image);
        try (s) {
            nanos += System.nanoTime() - t0;
            for (double t : targets) {
                long before = s.encodings(), t1 = System.nanoTime();
                RateCodec.Compressed c = s.compress(t);
                nanos += System.nanoTime() - t1;
                perTarget.add(s.encodings() - before);
                points.add(new Point(t, c.payloadBpp(), Psnr.of(image, c.decoded())));
            }
            grid = perTarget.subList(0, rates.length).stream().mapToLong(Long::longValue).sum();
            total = s.encodings();
            t0 = System.nanoTime();
        }
        nanos += System.nanoTime() - t0; // close
        double seconds = nanos / 1e9;
        return new Row(path.getFileName().toString(), codec.name(), image.pixels(), grid, total, perTarget, seconds, points);
    }

    /** The reference codec's points at the grid rates and a little beyond both ends, by rate. */
    private static List<Point> referenceCurve(RateCodec codec, Image image, double[] rates) throws Exception {
        List<Point> out = new ArrayList<>();
        try (RateCodec.Session s = codec.open(image)) {
            List<Double> targets = new ArrayList<>();
            targets.add(rates[0] * 0.8);
            for (double r : rates) targets.add(r);
            targets.add(rates[rates.length - 1] * 1.25);
            for (double t : targets) {
                RateCodec.Compressed c = s.compress(t);
                out.add(new Point(t, c.payloadBpp(), Psnr.of(image, c.decoded())));
            }
        }
        out.sort(Comparator.comparingDouble(Point::bpp));
        return out;
    }

    /** The reference's PSNR at {@code bpp}, linear in log rate between its points; NaN outside them. */
    private static double psnrAt(List<Point> ref, double bpp) {
        for (int i = 0; i + 1 < ref.size(); i++) {
            Point a = ref.get(i), b = ref.get(i + 1);
            if (bpp >= a.bpp() && bpp <= b.bpp() && b.bpp() > a.bpp())
                return a.psnr() + (b.psnr() - a.psnr()) * Math.log(bpp / a.bpp()) / Math.log(b.bpp() / a.bpp());
        }
        return Double.NaN;
    }
}
