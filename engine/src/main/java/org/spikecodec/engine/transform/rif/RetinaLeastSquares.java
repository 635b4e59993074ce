package org.spikecodec.engine.transform.rif;

import java.util.List;

/** A retina front end whose decoder solves a least-squares problem by CG, showing every iterate ({@code RifIterationChoice}). */
public interface RetinaLeastSquares {
    /** The CG solve of the decoder, showing the iterate after every iteration to {@code observer} (may be null). */
    RifFrontEnd.Reconstruction reconstruct(List<float[]> bands, int width, int height, RifFrontEnd.IterateObserver observer);
}
