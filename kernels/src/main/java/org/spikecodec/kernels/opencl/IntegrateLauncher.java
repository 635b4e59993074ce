package org.spikecodec.kernels.opencl;

import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.spikecodec.kernels.LifIntegration;

/**
 * Launches the time-stepped LIF integration of {@code lif_integrate.cl} ({@code lif_integrate_constant}, branch-free,
 * for one input plane, one bin and no refractory period): one work-item per neuron running the loop
 * {@link org.spikecodec.kernels.ComputeBackend#lifIntegrate} documents with the same separately rounded float
 * operations in the same order (contraction off), so its counts and first-spike steps equal the cpu backend's; the
 * decay factors are floats computed on the host. Not thread-safe.
 */
final class IntegrateLauncher {
    static final String SOURCE = "lif_integrate.cl";
    private static final String KERNEL = "lif_integrate", CONSTANT = "lif_integrate_constant", CONSTANT16 = "lif_integrate_constant16";

    private final cl_kernel kernel, constant, constant16;
    private final boolean lanes;
    private final ClBuffer input, counts, first;

    /**
     * Builds {@code lif_integrate.cl}.
     *
     * @throws IllegalStateException when it does not build or the kernel takes work-groups smaller than
     *                               {@link ClCommands#TRANSFORM_LOCAL_SIZE}
     */
    static ClProgram build(ClSession session) {
        return session.program(SOURCE, OpenClBackend.BUILD_OPTIONS, ClCommands.TRANSFORM_LOCAL_SIZE, KERNEL, CONSTANT, CONSTANT16);
    }

    /**
     * @param program what {@link #build} returned
     * @param variants the device's kernel variants: a LIF width above 1 (CPU devices) takes 16 neurons a work-item
     * @param input   the input planes
     * @param counts  the counts per bin
     * @param first   the first-spike steps
     */
    IntegrateLauncher(ClProgram program, KernelVariants variants, ClBuffer input, ClBuffer counts, ClBuffer first) {
        this.kernel = program.kernel(KERNEL);
        this.constant = program.kernel(CONSTANT);
        this.constant16 = program.kernel(CONSTANT16);
        this.lanes = variants.lifWidth() > 1; // a CPU device: 16 neurons a work-item
        this.input = input;
        this.counts = counts;
        this.first = first;
    }

    /** One plane over the window, one bin, no refractory period: the branch-free {@code lif_integrate_constant} applies. */
    static boolean isConstant(LifIntegration p) {
        return p.stepsPerPlane() >= p.steps() && p.stepsPerBin() >= p.steps() && p.refractorySteps() == 0;
    }

    /** The integration of {@code neurons > 0} neurons, arrays checked by the caller ({@link LifIntegration#checkArrays}). */
    void run(ClCommands c, float[] in, int neurons, LifIntegration p, int[] countsPerBin, int[] firstSpikeStep) {
        long inBytes = 4L * p.planes() * neurons, countBytes = 4L * p.bins() * neurons, firstBytes = 4L * neurons;
        input.ensure(inBytes);
        counts.ensure(countBytes);
        first.ensure(firstBytes);
        c.write(input, inBytes, Pointer.to(in));
        if (isConstant(p)) {
            int groups = lanes ? neurons / 16 : 0;
            if (groups > 0) {
                Cl.setArgs(constant16, input, groups, p.steps(), p.driveScale(), p.decay(), p.oneMinusDecay(), p.threshold(), counts, first);
                c.launch(constant16, groups, ClCommands.TRANSFORM_LOCAL_SIZE);
            }
            if (16 * groups < neurons) {
                Cl.setArgs(constant, input, 16 * groups, neurons, p.steps(), p.driveScale(), p.decay(), p.oneMinusDecay(), p.threshold(), counts, first);
                c.launch(constant, neurons - 16 * groups, ClCommands.TRANSFORM_LOCAL_SIZE);
            }
        } else {
            Cl.setArgs(kernel, input, neurons, p.steps(), p.stepsPerPlane(), p.stepsPerBin(), p.bins(), p.driveScale(), p.decay(),
                    p.oneMinusDecay(), p.threshold(), p.refractorySteps(), counts, first);
            c.launch(kernel, neurons, ClCommands.TRANSFORM_LOCAL_SIZE);
        }
        c.read(counts, countBytes, Pointer.to(countsPerBin));
        if (firstSpikeStep != null) c.read(first, firstBytes, Pointer.to(firstSpikeStep));
    }
}
