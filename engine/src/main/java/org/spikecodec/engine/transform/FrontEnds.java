package org.spikecodec.engine.transform;

import org.spikecodec.engine.transform.dwt.DwtFrontEnd;
import org.spikecodec.engine.transform.pixels.PixelFrontEnd;
import org.spikecodec.engine.transform.rif.IntegratedRifFrontEnd;
import org.spikecodec.engine.transform.rif.RifFrontEnd;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;
import org.spikecodec.kernels.ComputeBackend;

/** Builds the front end a {@link TransformSpec} describes, running its heavy loops on {@code backend}. */
public final class FrontEnds {
    private FrontEnds() {}

    public static FrontEnd create(TransformSpec spec, ComputeBackend backend) {
        if (spec instanceof TransformSpec.Dwt d) return new DwtFrontEnd(d, backend);
        if (spec instanceof TransformSpec.Rif r) return new RifFrontEnd(r, backend);
        if (spec instanceof TransformSpec.RifScaled r) return new ScaledRifFrontEnd(r, backend);
        if (spec instanceof TransformSpec.RifDynamic r) return new IntegratedRifFrontEnd(r, backend);
        return new PixelFrontEnd();
    }
}
