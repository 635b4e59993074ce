package org.spikecodec.kernels.opencl;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.jocl.Pointer;
import org.jocl.cl_kernel;

/**
 * Launches the closed-form LIF kernels of {@code lif.cl}: thresholding and read-out, scalar (one element per
 * work-item, a GPU) or {@code floatN} ({@link KernelVariants#lifWidth()} elements per work-item, a CPU device), with
 * exactly the cpu backend's results:
 * <ul>
 *   <li>thresholding does the same single float multiply {@code |x| * gain} (correctly rounded in OpenCL as in Java),
 *       then only comparisons against the same float table, so its count is the same integer;</li>
 *   <li>read-out computes the quotient table {@code levels[a] / gain} here, on the host, in Java (OpenCL's
 *       single-precision division need not be correctly rounded), and the kernel only looks it up and flips the sign
 *       bit.</li>
 * </ul>
 * A call is cut into chunks of at most {@link #chunkElements()} elements (the device's largest allocation, and every
 * index within the kernels' {@code int}); the decision or quotient table stays on the device while the next call
 * uses the same values. Arguments are checked by the caller. Not thread-safe.
 */
final class LifLauncher {
    static final String SOURCE = "lif.cl";
    private static final int THRESHOLD_TABLE = 1, QUOTIENT_TABLE = 2;

    private final KernelVariants variants;
    private final cl_kernel threshold, readout;
    private final long localSize, chunkElements, maxAllocBytes;
    private final ClBuffer input, output, table;
    /** What {@link #table} holds ({@code tableKind} 0: nothing known). */
    private float[] tableContents;
    private int tableKind;

    /**
     * Builds {@code lif.cl} for the variant (a failure is the whole backend's: without these kernels it has nothing to
     * run).
     *
     * @throws ClProgram.BuildFailure when the source does not build
     */
    static ClProgram build(ClSession session, KernelVariants variants) {
        return session.program(SOURCE, OpenClBackend.BUILD_OPTIONS + variants.lifBuildOptions(), 1,
                "lif_threshold" + suffix(variants), "lif_readout" + suffix(variants));
    }

    /**
     * @param program what {@link #build} returned for these variants
     * @param input   the elements of a chunk (read by the kernel)
     * @param output  the results of a chunk
     * @param table   the decision or quotient table
     */
    LifLauncher(ClProgram program, KernelVariants variants, long maxAllocBytes, ClBuffer input, ClBuffer output, ClBuffer table) {
        this.variants = variants;
        this.threshold = program.kernel("lif_threshold" + suffix(variants));
        this.readout = program.kernel("lif_readout" + suffix(variants));
        this.localSize = Math.max(1, Math.min(128, Math.min(program.workGroupSize("lif_threshold" + suffix(variants)),
                program.workGroupSize("lif_readout" + suffix(variants)))));
        this.maxAllocBytes = maxAllocBytes;
        // Below INT_MAX with room for the work-group padding, so that every element index fits the kernels' int.
        this.chunkElements = Math.max(1, Math.min(Integer.MAX_VALUE - (1 << 16), maxAllocBytes / 4));
        this.input = input;
        this.output = output;
        this.table = table;
    }

    private static String suffix(KernelVariants variants) { return variants.lifWidth() > 1 ? "_vec" : ""; }

    /** Largest number of elements of one launch. */
    long chunkElements() { return chunkElements; }

    /** {@code out[outOff+i] = sign(in[inOff+i]) * #{k : thresholds[k] <= |in[inOff+i]| * gain}}, for {@code len > 0}. */
    void threshold(ClCommands c, float[] in, int inOff, int len, float gain, float[] thresholds, int[] out, int outOff) {
        uploadTable(c, THRESHOLD_TABLE, thresholds);
        chunks(c, threshold, Pointer.to(in), inOff, Pointer.to(out), outOff, len, n -> new Object[] {input, gain, table, thresholds.length, output, n});
    }

    /** {@code out[i] = sign(n) * levels[|n|] / gain} (saturating at the last level), for {@code len > 0}. */
    void readout(ClCommands c, int[] counts, int countsOff, int len, float[] levels, float gain, float[] out, int outOff) {
        float[] q = new float[levels.length];
        for (int a = 0; a < q.length; a++) q[a] = levels[a] / gain; // the cpu backend's float division, in Java
        uploadTable(c, QUOTIENT_TABLE, q);
        chunks(c, readout, Pointer.to(counts), countsOff, Pointer.to(out), outOff, len, n -> new Object[] {input, table, q.length - 1, output, n});
    }

    /**
     * Runs kernel {@code k} over {@code len} 4-byte elements of {@code src} (from element {@code srcOff}) into
     * {@code dst} (from {@code dstOff}), chunk by chunk: upload into {@link #input}, launch with the arguments
     * {@code args} gives for the chunk's length, read {@link #output} back.
     */
    private void chunks(ClCommands c, cl_kernel k, Pointer src, int srcOff, Pointer dst, int dstOff, int len, IntFunction<Object[]> args) {
        for (int from = 0; from < len; from += (int) Math.min(chunkElements, len - from)) {
            int n = (int) Math.min(chunkElements, len - from);
            long bytes = 4L * n;
            input.ensure(bytes);
            output.ensure(bytes);
            c.write(input, bytes, src.withByteOffset(4L * (srcOff + from)));
            Cl.setArgs(k, args.apply(n));
            c.launch(k, (n + (long) variants.lifWidth() - 1) / variants.lifWidth(), localSize); // a work-item per lifWidth elements
            c.read(output, bytes, dst.withByteOffset(4L * (dstOff + from)));
        }
    }

    /** Uploads the table unless the device already holds these exact values. */
    private void uploadTable(ClCommands c, int kind, float[] values) {
        if (tableKind == kind && Arrays.equals(tableContents, values)) return;
        tableKind = 0;
        long bytes = 4L * values.length;
        if (bytes > maxAllocBytes) throw new IllegalArgumentException("table of " + values.length + " entries exceeds the device's allocation limit");
        table.ensure(Math.max(4, bytes));
        if (values.length > 0) c.write(table, bytes, Pointer.to(values));
        tableContents = values.clone();
        tableKind = kind;
    }
}
