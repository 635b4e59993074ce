package org.spikecodec.kernels.cpu;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the CPU backend runs its LIF stages, the wavelet's rows and the blur's taps on the Vector API
 * ({@code jdk.incubator.vector}).
 *
 * <p>The vector kernels are separate classes, {@code VectorLifThresholding}, {@code VectorLifIntegrator},
 * {@code VectorCdf97Rows} and {@code VectorBlurRows}, loaded reflectively and only when wanted,
 * so that a JVM without the incubator module never links it. By default it is used when (a) the module is in the
 * boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}, as {@code ./spikecodec} does on
 * Java 21 and later) and (b) the JVM is Java 21 or later: on 17 the Vector API works but is barely faster than the
 * scalar code (no intrinsic for most of what the kernel does), so the scalar path runs. The system property
 * {@code spikecodec.vector=true|false} forces the choice either way (tests, benchmarks); {@code true} without the
 * module falls back to the scalar path with a warning.
 */
public final class VectorSupport {
    /** The system property that forces the choice: {@code true} or {@code false}; anything else is the default. */
    public static final String PROPERTY = "spikecodec.vector";
    static final String MODULE = "jdk.incubator.vector";
    private static final String THRESHOLDING_CLASS = "org.spikecodec.kernels.cpu.VectorLifThresholding";
    private static final String INTEGRATION_CLASS = "org.spikecodec.kernels.cpu.VectorLifIntegrator";
    private static final String ROWS_CLASS = "org.spikecodec.kernels.cpu.VectorCdf97Rows";
    private static final String BLUR_CLASS = "org.spikecodec.kernels.cpu.VectorBlurRows";
    private static final Logger log = LoggerFactory.getLogger(VectorSupport.class);

    private VectorSupport() {}

    /** Whether {@code jdk.incubator.vector} is resolved in the boot layer (so the vector kernel can link). */
    public static boolean modulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The choice without any property: the module is present and the JVM is Java 21 or later. */
    public static boolean defaultChoice() {
        return modulePresent() && Runtime.version().feature() >= 21;
    }

    /** The choice for a backend created now: the property when it says true or false, else {@link #defaultChoice()}. */
    public static boolean wanted() {
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            switch (p.trim().toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default: log.warn("-D{}={} is neither true nor false; using the default", PROPERTY, p);
            }
        }
        return defaultChoice();
    }

    /** Whether the vector kernels can be loaded in this JVM. */
    public static boolean available() { return Holder.THRESHOLDING != null && Holder.INTEGRATION != null && Holder.ROWS != null && Holder.BLUR != null; }

    /** The thresholding kernel for {@code vector}: the Vector API one when asked for and available, else the scalar one. */
    static LifKernel kernel(boolean vector) { return pick(vector, Holder.THRESHOLDING, LifKernel.SCALAR); }

    /** The integration kernel for {@code vector}: the Vector API one when asked for and available, else the scalar one. */
    static IntegrationKernel integrator(boolean vector) { return pick(vector, Holder.INTEGRATION, IntegrationKernel.SCALAR); }

    /** The wavelet's row lifting for {@code vector}: the Vector API one when asked for and available, else the scalar one. */
    static Cdf97Rows rows(boolean vector) { return pick(vector, Holder.ROWS, Cdf97Rows.SCALAR); }

    /** The blur's horizontal taps for {@code vector}: the Vector API ones when asked for and available, else the scalar ones. */
    static BlurRows blurRows(boolean vector) { return pick(vector, Holder.BLUR, BlurRows.SCALAR); }

    private static <K> K pick(boolean vector, K loaded, K scalar) {
        if (!vector) return scalar;
        if (loaded == null) {
            log.warn("Vector API kernel asked for but unavailable ({}); using the scalar one", Holder.WHY);
            return scalar;
        }
        return loaded;
    }

    /** Loaded on first use only (lazy holder), so a JVM that never wants the vector path never touches it. */
    private static final class Holder {
        static final LifKernel THRESHOLDING;
        static final IntegrationKernel INTEGRATION;
        static final Cdf97Rows ROWS;
        static final BlurRows BLUR;
        static final String WHY;

        static {
            LifKernel k = null;
            IntegrationKernel i = null;
            Cdf97Rows r = null;
            BlurRows b = null;
            String why = null;
            if (!modulePresent()) {
                why = "module " + MODULE + " not in the boot layer: start the JVM with --add-modules " + MODULE;
            } else {
                try {
                    k = (LifKernel) Class.forName(THRESHOLDING_CLASS).getDeclaredConstructor().newInstance();
                    i = (IntegrationKernel) Class.forName(INTEGRATION_CLASS).getDeclaredConstructor().newInstance();
                    r = (Cdf97Rows) Class.forName(ROWS_CLASS).getDeclaredConstructor().newInstance();
                    b = (BlurRows) Class.forName(BLUR_CLASS).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    k = null;
                    i = null;
                    r = null;
                    b = null;
                    why = e.toString();
                }
            }
            THRESHOLDING = k;
            INTEGRATION = i;
            ROWS = r;
            BLUR = b;
            WHY = why;
        }
    }
}
