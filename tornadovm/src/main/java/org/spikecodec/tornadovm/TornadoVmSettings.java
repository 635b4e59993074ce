package org.spikecodec.tornadovm;

import org.spikecodec.kernels.BackendUnavailableException;

/**
 * The TornadoVM options the backend's exactness rests on. TornadoVM reads them once, when its runtime starts, from
 * system properties; {@link #apply()} sets them before that (or refuses a JVM started with values that break the
 * cpu backend's arithmetic):
 * <ul>
 *   <li>{@code tornado.enable.fma=false}: by default TornadoVM's OpenCL compiler rewrites every float
 *       {@code a * b + c} into {@code fma(a, b, c)} (one rounding instead of two), which changes the LIF membrane, the
 *       lifting steps and the blurs' sums in their last bit;</li>
 *   <li>{@code tornado.opencl.compiler.flags=-w}: the default adds {@code -cl-mad-enable -cl-fast-relaxed-math}, which
 *       let the driver contract and reassociate too;</li>
 *   <li>{@code tornado.recover.bailout=false}: a kernel that cannot be compiled is an error, not a silent run of the
 *       plain Java method on the host.</li>
 * </ul>
 */
public final class TornadoVmSettings {
    /** The OpenCL build options: warnings off, nothing that changes floating-point results. */
    public static final String OPENCL_FLAGS = "-w";

    private static final String[][] REQUIRED = {
            {"tornado.enable.fma", "false"},
            {"tornado.opencl.compiler.flags", OPENCL_FLAGS},
            {"tornado.recover.bailout", "false"},
    };

    private TornadoVmSettings() {}

    /** Sets the options that are not set; throws {@link BackendUnavailableException} for one set to another value. */
    public static synchronized void apply() {
        for (String[] kv : REQUIRED) {
            String now = System.getProperty(kv[0]);
            if (now == null) System.setProperty(kv[0], kv[1]);
            else if (!now.trim().equals(kv[1]))
                throw new BackendUnavailableException("TornadoVM backend refused: -D" + kv[0] + "=" + now + " would change results (needs "
                        + kv[1] + ", see TornadoVmSettings)");
        }
    }
}
