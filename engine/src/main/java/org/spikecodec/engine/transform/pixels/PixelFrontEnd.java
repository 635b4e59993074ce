package org.spikecodec.engine.transform.pixels;

import java.util.List;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.engine.transform.FrontEnd;
import org.spikecodec.engine.transform.TransformSpec;

/** No transform: the neurons see the mean-removed pixels themselves (the literature's baseline). */
public final class PixelFrontEnd implements FrontEnd {
    private static final TransformSpec SPEC = new TransformSpec.Pixels();

    @Override public TransformSpec spec() { return SPEC; }

    @Override public List<BandShape> layout(int width, int height) {
        return List.of(new BandShape("pixels", width, height, 0, 1.0));
    }

    @Override public List<float[]> forward(float[] plane, int width, int height) { return List.of(plane.clone()); }

    @Override public float[] inverse(List<float[]> bands, int width, int height) { return bands.get(0).clone(); }
}
