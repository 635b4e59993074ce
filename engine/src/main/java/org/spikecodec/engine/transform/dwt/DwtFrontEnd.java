package org.spikecodec.engine.transform.dwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.kernels.ComputeBackend;

/**
 * CDF 9/7 wavelet front end (the "hybrid" chain): the backend's in-place Mallat transform, cut into subbands.
 *
 * <p><b>Levels.</b> Level {@code l} splits the region left by level {@code l-1} (the plane for {@code l = 1}),
 * of size {@code w(l-1) x h(l-1)}, into an LL region of {@code w(l) x h(l)} with {@code w(l) = ceil(w(l-1)/2)},
 * {@code h(l) = ceil(h(l-1)/2)}, and three detail bands. Levels stop once the LL region is 1x1, so
 * {@code min(spec.levels(), ceil(log2(max(w, h))))} levels are applied (the same rule as the backend's kernel).
 * A dimension of length 1 is not filtered (as in JPEG 2000).
 *
 * <p><b>Bands, in coding order:</b> {@code LL<L>}, then for {@code l = L..1}: {@code HL<l>} (horizontal
 * high-pass, vertical low-pass: top-right), {@code LH<l>} (bottom-left), {@code HH<l>} (bottom-right).
 * Empty bands (a dimension of 0, which happens when the region is one pixel wide or high) are omitted,
 * so every listed band has at least one coefficient. With 0 levels the only band is {@code LL0}, the plane.
 *
 * <p><b>Context:</b> 0 for LL; {@code 1 + 3*min(l-1, 3) + o} for detail bands, {@code o} = 0 HL, 1 LH, 2 HH:
 * levels 1, 2, 3 have their own statistics, levels 4 and coarser (small bands) share one set.
 *
 * <p><b>Gain:</b> the square root of the band's synthesis energy gain (squared L2 norm of the image-domain
 * basis function of one coefficient, away from the borders), the product of its horizontal and vertical
 * 1-D gains. Quantizing {@code coefficient * gain} with one step size then gives every band the same
 * image-domain MSE per coefficient (JPEG 2000 step-size weighting). A dimension that was not filtered at some
 * level (length 1) contributes no gain for that level.
 */
public final class DwtFrontEnd implements FrontEnd {
    private final TransformSpec.Dwt spec;
    private final ComputeBackend backend;

    public DwtFrontEnd(TransformSpec.Dwt spec, ComputeBackend backend) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    @Override public TransformSpec.Dwt spec() { return spec; }

    /** Levels actually applied to a {@code width x height} plane (see the class comment). */
    public static int effectiveLevels(int width, int height, int levels) {
        int applied = 0;
        for (int w = width, h = height; applied < levels && (w > 1 || h > 1); applied++) {
            w = (w + 1) >> 1;
            h = (h + 1) >> 1;
        }
        return applied;
    }

    @Override
    public List<BandShape> layout(int width, int height) {
        List<Region> regions = regions(width, height);
        List<BandShape> shapes = new ArrayList<>(regions.size());
        for (Region r : regions) shapes.add(r.shape());
        return List.copyOf(shapes);
    }

    @Override
    public List<float[]> forward(float[] plane, int width, int height) {
        checkPlane(plane, width, height);
        return forwardConsuming(plane.clone(), width, height);
    }

    /** The transform runs in place in {@code plane}, whose bands are then copied out (no copy of the whole plane). */
    @Override
    public List<float[]> forwardConsuming(float[] coefficients, int width, int height) {
        checkPlane(coefficients, width, height);
        backend.dwtForward(coefficients, width, height, spec.levels());
        return bandsOf(coefficients, width, height);
    }

    /** As {@link #forwardConsuming(float[], int, int)} less {@code offset}: the backend subtracts it in the transform's first pass. */
    @Override
    public List<float[]> forwardConsuming(float[] coefficients, int width, int height, float offset) {
        checkPlane(coefficients, width, height);
        backend.dwtForward(coefficients, width, height, spec.levels(), offset);
        return bandsOf(coefficients, width, height);
    }

    /** Each band's coefficients copied out of the transformed plane. */
    private List<float[]> bandsOf(float[] coefficients, int width, int height) {
        List<Region> regions = regions(width, height);
        List<float[]> bands = new ArrayList<>(regions.size());
        for (Region r : regions) {
            int bw = r.shape().width();
            float[] band = new float[r.shape().size()];
            for (int y = 0; y < r.shape().height(); y++) System.arraycopy(coefficients, (r.y0() + y) * width + r.x0(), band, y * bw, bw);
            bands.add(band);
        }
        return bands;
    }

    @Override
    public float[] inverse(List<float[]> bands, int width, int height) {
        List<Region> regions = regions(width, height);
        if (bands.size() != regions.size())
            throw new IllegalArgumentException("got " + bands.size() + " bands, layout of " + width + "x" + height + " has " + regions.size());
        float[] plane = new float[width * height];
        for (int b = 0; b < regions.size(); b++) {
            Region r = regions.get(b);
            float[] band = bands.get(b);
            int bw = r.shape().width();
            if (band.length != r.shape().size())
                throw new IllegalArgumentException("band " + r.shape().name() + " has " + band.length + " coefficients, expected " + r.shape().size());
            for (int y = 0; y < r.shape().height(); y++) System.arraycopy(band, y * bw, plane, (r.y0() + y) * width + r.x0(), bw);
        }
        backend.dwtInverse(plane, width, height, spec.levels());
        return plane;
    }

    private static void checkPlane(float[] plane, int width, int height) {
        if (plane.length != (long) width * height)
            throw new IllegalArgumentException("plane has " + plane.length + " samples, expected " + width + "x" + height);
    }

    /** The Mallat layout: band b's top-left coefficient at {@code y0 * width + x0}. */
    @Override
    public int[] bandOffsets(int width, int height) {
        List<Region> regions = regions(width, height);
        int[] offsets = new int[regions.size()];
        for (int b = 0; b < offsets.length; b++) offsets[b] = regions.get(b).y0() * width + regions.get(b).x0();
        return offsets;
    }

    @Override
    public float[] inversePlaced(float[] plane, int width, int height) {
        regions(width, height); // checks the size
        checkPlane(plane, width, height);
        backend.dwtInverse(plane, width, height, spec.levels());
        return plane;
    }

    /** The offset added by the backend's inverse ({@link ComputeBackend#dwtInverse(float[], int, int, int, float)}). */
    @Override
    public float[] inversePlaced(float[] plane, int width, int height, float offset) {
        regions(width, height); // checks the size
        checkPlane(plane, width, height);
        backend.dwtInverse(plane, width, height, spec.levels(), offset);
        return plane;
    }

    /** A band and where it sits in the Mallat plane. */
    private record Region(BandShape shape, int x0, int y0) {}

    private List<Region> regions(int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("plane size must be positive: " + width + "x" + height);
        if ((long) width * height > Integer.MAX_VALUE) throw new IllegalArgumentException("plane too large: " + width + "x" + height);
        int levels = effectiveLevels(width, height, spec.levels());
        // w[l], h[l]: LL region after l levels; filteredX[l]: levels among 1..l that filtered horizontally.
        int[] w = new int[levels + 1], h = new int[levels + 1], filteredX = new int[levels + 1], filteredY = new int[levels + 1];
        w[0] = width;
        h[0] = height;
        for (int l = 1; l <= levels; l++) {
            w[l] = (w[l - 1] + 1) >> 1;
            h[l] = (h[l - 1] + 1) >> 1;
            filteredX[l] = filteredX[l - 1] + (w[l - 1] > 1 ? 1 : 0);
            filteredY[l] = filteredY[l - 1] + (h[l - 1] > 1 ? 1 : 0);
        }
        List<Region> out = new ArrayList<>(1 + 3 * levels);
        double llGain = Math.sqrt(Cdf97SynthesisEnergy.of(filteredX[levels], false) * Cdf97SynthesisEnergy.of(filteredY[levels], false));
        out.add(new Region(new BandShape("LL" + levels, w[levels], h[levels], 0, llGain), 0, 0));
        for (int l = levels; l >= 1; l--) {
            int lowW = w[l], highW = w[l - 1] - w[l], lowH = h[l], highH = h[l - 1] - h[l];
            int context = 1 + 3 * Math.min(l - 1, 3);
            // A non-empty high band in a direction means every level up to l filtered that direction.
            double lowX = Cdf97SynthesisEnergy.of(filteredX[l], false), highX = Cdf97SynthesisEnergy.of(l - 1, true);
            double lowY = Cdf97SynthesisEnergy.of(filteredY[l], false), highY = Cdf97SynthesisEnergy.of(l - 1, true);
            addIfNonEmpty(out, "HL" + l, highW, lowH, context, highX * lowY, lowW, 0);
            addIfNonEmpty(out, "LH" + l, lowW, highH, context + 1, lowX * highY, 0, lowH);
            addIfNonEmpty(out, "HH" + l, highW, highH, context + 2, highX * highY, lowW, lowH);
        }
        return out;
    }

    private static void addIfNonEmpty(List<Region> out, String name, int bw, int bh, int context, double energy, int x0, int y0) {
        if (bw > 0 && bh > 0) out.add(new Region(new BandShape(name, bw, bh, context, Math.sqrt(energy)), x0, y0));
    }
}
