package org.spikecodec.engine.transform.rif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * Retina layers on retinas of several scales, each with its own neuron spacing ({@link TransformSpec.RifScaled}; issue 14
 * item 3). Layers that share a scale and a spacing form a group, a {@link RifFrontEnd} on the scaled filter
 * ({@link RetinaFilter#scaled}) that samples its layers at every D-th pixel of every D-th row. The bands are in the spec's
 * layer order.
 *
 * <p>Inverse: the weighted least squares of all layers together, {@code min_f sum_t w_t ||S_t A_t f - y_t||^2}
 * ({@code S_t} the layer's sampling, {@code w_t} its gain squared), by conjugate gradient on the normal equations, whose
 * operator and right-hand side are the sums of the groups' ({@link RifFrontEnd#problem}); groups are summed in order of
 * first appearance, in float. Warm start: the DC estimate of the group that sees the DC best (largest
 * {@code sum w_t (a_t - b_t)^2}), upsampled bilinearly from its neurons when they are subsampled. A single group of scale 1
 * and spacing 1 reconstructs exactly as {@link RifFrontEnd} does.
 */
public final class ScaledRifFrontEnd implements FrontEnd, RetinaLeastSquares {
    /**
     * The configurations the encoder chooses among by default ({@code SpikeCodec#encodeToBppChoosingRetina}), in the
     * notation "time ms : sigma scale : decimation [: gain factor]" (docs/rate-distortion.md, "Scaled and subsampled
     * retinas", measured on 256 x 256 crops and the seven photos): the 6 ms layer on a retina 4 times coarser with a
     * neuron every 4 pixels (low rates: 1/16 neuron a pixel); a two-level pyramid, the 6 ms layer twice coarser every
     * 2 pixels plus the band-pass 40 ms layer on a retina twice finer at every pixel, gain factor 0.5 (middle rates); the
     * 0.1 ms layer (the retina's onset, before the delayed surround responds: b/a = 0.004) on the twice finer retina at
     * every pixel (high rates: its centre Gaussian, sigma 0.375 px, passes 50% per axis at Nyquist, and with no surround
     * to undo the inverse stays well conditioned at low frequencies; the 6 ms layer there, b/a = 0.2, was 0.2 to 0.7 dB
     * under it at equal rate on the grey photos at 1.5 and 2 bpp, "Retina 4" in docs/rate-distortion.md).
     */
    public static final String[] DEFAULT_CANDIDATES = {"6:4:4", "6:2:2,40:0.5:1:0.5", "0.1:0.5:1"};

    private final TransformSpec.RifScaled spec;
    private final List<RifFrontEnd> groups = new ArrayList<>();
    /** members.get(g): the spec's layer indices in group g, in order. */
    private final List<int[]> members = new ArrayList<>();

    public ScaledRifFrontEnd(TransformSpec.RifScaled spec, ComputeBackend backend) {
        this.spec = spec;
        double[] times = spec.layerTimesMs(), scales = spec.sigmaScales(), gains = spec.gains();
        int[] dec = spec.decimations();
        Map<String, List<Integer>> byRetina = new LinkedHashMap<>();
        for (int i = 0; i < times.length; i++)
            byRetina.computeIfAbsent(Double.doubleToLongBits(scales[i]) + "/" + dec[i], k -> new ArrayList<>()).add(i);
        for (List<Integer> idx : byRetina.values()) {
            int[] m = idx.stream().mapToInt(Integer::intValue).toArray();
            double[] t = new double[m.length], g = new double[m.length];
            for (int j = 0; j < m.length; j++) { t[j] = times[m[j]]; g[j] = gains[m[j]]; }
            members.add(m);
            groups.add(new RifFrontEnd(spec, backend, RetinaFilter.scaled(scales[m[0]]), dec[m[0]], t, g));
        }
    }

    /**
     * A configuration in the notation of {@link #DEFAULT_CANDIDATES} ("t:scale:D[:gain]" per layer, comma-separated), with
     * the default CG tolerance and iteration limit.
     *
     * @throws IllegalArgumentException for anything else, or values out of range
     */
    public static TransformSpec.RifScaled parse(String config) {
        String[] layers = config.trim().split(",", -1);
        int n = layers.length;
        if (n > TransformSpec.Rif.MAX_LAYERS) throw new IllegalArgumentException("at most " + TransformSpec.Rif.MAX_LAYERS + " layers: " + config);
        double[] t = new double[n], s = new double[n], g = new double[n];
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            String[] p = layers[i].trim().split(":", -1);
            if (p.length < 3 || p.length > 4) throw new IllegalArgumentException("a retina layer is time:scale:decimation[:gain], got '" + layers[i] + "'");
            try {
                t[i] = Double.parseDouble(p[0]);
                s[i] = Double.parseDouble(p[1]);
                d[i] = Integer.parseInt(p[2]);
                g[i] = p.length > 3 ? Double.parseDouble(p[3]) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a retina layer is time:scale:decimation[:gain], got '" + layers[i] + "'");
            }
        }
        return new TransformSpec.RifScaled(t, s, d, g, RifFrontEnd.DEFAULT_CG_TOLERANCE, RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS);
    }

    /** {@link #DEFAULT_CANDIDATES}, parsed. */
    public static List<TransformSpec.RifScaled> defaultCandidates() {
        List<TransformSpec.RifScaled> out = new ArrayList<>();
        for (String c : DEFAULT_CANDIDATES) out.add(parse(c));
        return out;
    }

    @Override public TransformSpec spec() { return spec; }

    @Override
    public List<BandShape> layout(int width, int height) {
        BandShape[] out = new BandShape[spec.layers()];
        for (int g = 0; g < groups.size(); g++) {
            List<BandShape> l = groups.get(g).layout(width, height);
            int[] m = members.get(g);
            for (int j = 0; j < m.length; j++) {
                BandShape b = l.get(j);
                String name = spec.sigmaScales()[m[j]] == 1 && spec.decimations()[m[j]] == 1 ? b.name()
                        : b.name() + "@x" + spec.sigmaScales()[m[j]] + "/" + spec.decimations()[m[j]];
                out[m[j]] = new BandShape(name, b.width(), b.height(), Math.min(m[j], RifFrontEnd.MAX_CONTEXT), b.gain());
            }
        }
        return List.of(out);
    }

    @Override
    public List<float[]> forward(float[] plane, int width, int height) {
        float[][] out = new float[spec.layers()][];
        for (int g = 0; g < groups.size(); g++) {
            List<float[]> l = groups.get(g).forward(plane, width, height);
            int[] m = members.get(g);
            for (int j = 0; j < m.length; j++) out[m[j]] = l.get(j);
        }
        return List.of(out);
    }

    @Override
    public float[] inverse(List<float[]> bands, int width, int height) {
        return reconstruct(bands, width, height, null).plane();
    }

    @Override
    public RifFrontEnd.Reconstruction reconstruct(List<float[]> bands, int width, int height, RifFrontEnd.IterateObserver observer) {
        if (bands.size() != spec.layers()) throw new IllegalArgumentException("expected " + spec.layers() + " layers, got " + bands.size());
        List<RifFrontEnd.Problem> problems = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            int[] m = members.get(g);
            List<float[]> own = new ArrayList<>(m.length);
            for (int i : m) own.add(bands.get(i));
            problems.add(groups.get(g).problem(own, width, height, true));
        }
        RifFrontEnd.Problem first = problems.get(0);
        if (problems.size() == 1)
            return RifFrontEnd.conjugateGradient(first.rhs(), first.warmStart(), first.normal()::apply, spec.cgTolerance(), spec.cgMaxIterations(), observer);
        float[] rhs = first.rhs();
        float[] x0 = null;
        double dcBest = 0;
        for (RifFrontEnd.Problem p : problems) {
            if (p != first) for (int i = 0; i < rhs.length; i++) rhs[i] += p.rhs()[i];
            if (p.warmStart() != null && p.dcWeight() > dcBest) { dcBest = p.dcWeight(); x0 = p.warmStart(); }
        }
        float[] scratch = new float[rhs.length];
        RifFrontEnd.NormalOperator sum = (x, out) -> {
            first.normal().apply(x, out);
            for (int g = 1; g < problems.size(); g++) {
                problems.get(g).normal().apply(x, scratch);
                for (int i = 0; i < out.length; i++) out[i] += scratch[i];
            }
        };
        return RifFrontEnd.conjugateGradient(rhs, x0, sum, spec.cgTolerance(), spec.cgMaxIterations(), observer);
    }
}
