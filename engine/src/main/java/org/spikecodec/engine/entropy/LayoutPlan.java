package org.spikecodec.engine.entropy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.transform.BandShape;

/**
 * What the coder derives from a band layout alone, identically on both sides: band sizes (checked for overflow),
 * a dense index per context class, and each band's wavelet parent if it has one.
 */
final class LayoutPlan {
    /** Each context class owns a few thousand model ints; a layout needing more classes than this is refused. */
    static final int MAX_CONTEXT_CLASSES = 256;

    final int[] width;
    final int[] height;
    final int[] size;
    final int[] contextClass;
    final int contextClasses;
    /** Index of the band one wavelet level coarser with the same orientation, or -1. */
    final int[] parent;
    final long totalCoefficients;
    final int maxWidth;


    private LayoutPlan(int[] w, int[] h, int[] s, int[] cls, int classes, int[] parent, long total, int maxWidth) {
        this.width = w;
        this.height = h;
        this.size = s;
        this.contextClass = cls;
        this.contextClasses = classes;
        this.parent = parent;
        this.totalCoefficients = total;
        this.maxWidth = maxWidth;
    }

    /** @throws IllegalArgumentException if a band is too large for one array or there are too many context classes */
    static LayoutPlan of(List<BandShape> layout) {
        int n = layout.size();
        int[] w = new int[n], h = new int[n], s = new int[n], cls = new int[n], parent = new int[n];
        Map<Integer, Integer> classes = new HashMap<>();
        long total = 0;
        int maxWidth = 0;
        for (int b = 0; b < n; b++) {
            BandShape shape = layout.get(b);
            if (shape == null) throw new IllegalArgumentException("band " + b + " is null");
            long sz = (long) shape.width() * shape.height();
            if (sz > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("band " + shape.name() + " too large: " + shape.width() + "x" + shape.height());
            w[b] = shape.width();
            h[b] = shape.height();
            s[b] = (int) sz;
            total += sz;
            maxWidth = Math.max(maxWidth, w[b]);
            Integer dense = classes.get(shape.context());
            if (dense == null) {
                if (classes.size() == MAX_CONTEXT_CLASSES) throw new IllegalArgumentException("more than " + MAX_CONTEXT_CLASSES + " entropy-coder context classes in the band layout");
                dense = classes.size();
                classes.put(shape.context(), dense);
            }
            cls[b] = dense;
        }
        for (int b = 0; b < n; b++) parent[b] = findParent(w, h, b);
        return new LayoutPlan(w, h, s, cls, classes.size(), parent, total, maxWidth);
    }

    /**
     * The plan of the layout a decoder reads a payload of {@code payloadBytes} with, refused as bad input when the layout
     * is unusable or has more coefficients than the payload can describe ({@code describable}), before anything is
     * allocated for it.
     */
    static LayoutPlan forPayload(List<BandShape> layout, int payloadBytes, long describable) throws InvalidInputException {
        Objects.requireNonNull(layout, "layout");
        LayoutPlan plan;
        try {
            plan = of(layout);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unusable band layout: " + e.getMessage(), e);
        }
        if (plan.totalCoefficients > describable)
            throw new InvalidInputException("spike-count payload of " + payloadBytes + " bytes cannot hold " + plan.totalCoefficients
                    + " coefficients (at most " + describable + "): truncated or corrupt file");
        return plan;
    }

    /**
     * Wavelet layouts run LL_L, then (HL_l, LH_l, HH_l) for l = L..1, so a detail band's parent (same orientation,
     * one level coarser) sits three places earlier and is half its size (ceil or floor). Other front ends' bands do
     * not have that geometry; if one ever does by chance, the parent is merely a less useful context.
     */
    private static int findParent(int[] w, int[] h, int b) {
        int p = b - 3;
        if (p < 1 || w[b] == 0 || h[b] == 0 || w[p] == 0 || h[p] == 0) return -1;
        boolean half = Math.abs(2 * w[p] - w[b]) <= 2 && Math.abs(2 * h[p] - h[b]) <= 2 && w[p] < w[b] + 1 && h[p] < h[b] + 1;
        return half && (w[p] < w[b] || h[p] < h[b]) ? p : -1;
    }
}
