package org.spikecodec.kernels;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClDevice;
import org.spikecodec.kernels.opencl.OpenClProbe;

/**
 * Chooses a {@link ComputeBackend} from a specification {@code auto | cpu | opencl | opencl:PLATFORM:DEVICE}.
 *
 * <ul>
 *   <li>{@code cpu}: the pure-Java backend.</li>
 *   <li>{@code opencl}: the first exact-capable GPU, else the first exact-capable OpenCL device of any type
 *       (a PoCL CPU device, say); {@code opencl:P:D} names one ({@link #devices()} lists them). When OpenCL
 *       cannot deliver (library missing, no platform, no such device, a device that flushes subnormals, a
 *       kernel build failure) this throws {@link BackendUnavailableException}.</li>
 *   <li>{@code auto}: an OpenCL <b>GPU</b> if there is one, else {@code cpu}. An OpenCL CPU device (PoCL) is
 *       not chosen: it runs on the same cores as the Java backend, plus the copies, and measured slower end to
 *       end (docs/performance.md: its LIF kernel beats Java 17's scalar code, its wavelet does not beat the
 *       threaded Java one, and the entropy coder dominates). When OpenCL is missing or fails, {@code auto}
 *       falls back to {@code cpu} with one warning per selector.</li>
 * </ul>
 * The OpenCL probe runs once and its immutable answer is reused ({@link OpenClProbe#cached()} by default).
 */
public final class BackendSelector {
    private static final Logger log = LoggerFactory.getLogger(BackendSelector.class);

    /** A parsed specification. {@code platform}/{@code device} are -1 unless given. */
    public record Spec(Kind kind, int platform, int device) {
        /** {@code PROVIDED}: a backend of a {@link BackendProvider} ({@code tornadovm}, {@code tornadovm:...}). */
        public enum Kind { AUTO, CPU, OPENCL, PROVIDED }

        /** The provided backends' names, those {@code --backend} accepts besides the built-in ones. */
        public static final java.util.Set<String> PROVIDED_NAMES = java.util.Set.of("tornadovm");

        /** The provider's name of a {@code PROVIDED} specification (its text up to the first colon). */
        public static String providerName(String text) {
            String s = text.trim().toLowerCase(Locale.ROOT);
            int colon = s.indexOf(':');
            return colon < 0 ? s : s.substring(0, colon);
        }

        public static Spec parse(String text) {
            if (text == null) throw new IllegalArgumentException("backend specification is missing");
            String s = text.trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "auto": return new Spec(Kind.AUTO, -1, -1);
                case "cpu": return new Spec(Kind.CPU, -1, -1);
                case "opencl": return new Spec(Kind.OPENCL, -1, -1);
                default:
            }
            if (PROVIDED_NAMES.contains(providerName(s))) return new Spec(Kind.PROVIDED, -1, -1); // the provider parses the rest
            String[] parts = s.split(":", -1);
            if (parts.length == 3 && parts[0].equals("opencl")) {
                try {
                    int p = Integer.parseInt(parts[1]), d = Integer.parseInt(parts[2]);
                    if (p >= 0 && d >= 0) return new Spec(Kind.OPENCL, p, d);
                } catch (NumberFormatException e) {
                    // fall through to the message below
                }
            }
            throw new IllegalArgumentException("unknown backend '" + text + "': expected auto, cpu, opencl, opencl:PLATFORM:DEVICE "
                    + "(non-negative indices, see the device listing), tornadovm or tornadovm:BACKEND:DEVICE");
        }
    }

    private final Supplier<OpenClProbe> probe;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** A selector over the process-wide cached probe. */
    public BackendSelector() { this(OpenClProbe::cached); }

    /** A selector over the given probe (called at most when OpenCL is considered; it should cache). */
    public BackendSelector(Supplier<OpenClProbe> probe) { this.probe = probe; }

    /** The probe's answer: OpenCL devices found here, or why none. */
    public OpenClProbe probe() { return probe.get(); }

    /** Every OpenCL device found (empty when OpenCL is unavailable; {@link #probe()} says why). */
    public List<OpenClDevice> devices() { return probe().devices(); }

    /** Opens the backend the specification asks for; see the class comment for the rules. */
    public ComputeBackend open(String specification) {
        Spec spec = Spec.parse(specification);
        switch (spec.kind()) {
            case CPU:
                log.debug("backend cpu: asked for");
                return new CpuBackend();
            case OPENCL:
                return openExplicit(spec);
            case PROVIDED:
                return openProvided(specification);
            default:
                return openAuto();
        }
    }

    /**
     * The specification to open on a machine where a scheduler (Spark's GPU resources, say) assigned this process GPU
     * {@code gpu}: {@code auto} and {@code opencl} become the {@code gpu}-th exact-capable OpenCL GPU, in platform and
     * device order (the order in which NVIDIA's OpenCL lists a machine's GPUs is CUDA's device order, which cluster
     * schedulers' discovery scripts report). Unchanged when no GPU is assigned ({@code gpu < 0}), for {@code cpu}, for
     * a device named by its indices, and when there are not that many GPUs (a warning; {@code auto} then chooses
     * as usual).
     */
    public String forGpu(String specification, int gpu) {
        Spec spec = Spec.parse(specification);
        if (gpu < 0 || spec.kind() == Spec.Kind.CPU || spec.platform() >= 0) return specification;
        OpenClProbe p = probe();
        List<OpenClDevice> gpus = p.devices().stream().filter(d -> d.isGpu() && d.exactCapable()).toList();
        if (gpu < gpus.size()) return gpus.get(gpu).spec();
        log.warn("GPU {} assigned, but OpenCL lists {} usable GPU(s) (devices: {}); backend '{}' chooses as usual", gpu, gpus.size(), list(p),
                specification);
        return specification;
    }

    private ComputeBackend openExplicit(Spec spec) {
        OpenClProbe p = probe();
        if (!p.available()) throw new BackendUnavailableException("OpenCL backend unavailable: " + p.failure());
        OpenClDevice device;
        if (spec.platform() >= 0) {
            device = p.device(spec.platform(), spec.device()).orElseThrow(() -> new BackendUnavailableException(
                    "no OpenCL device opencl:" + spec.platform() + ":" + spec.device() + "; devices here: " + list(p)));
        } else {
            device = p.preferred().orElseThrow(() -> new BackendUnavailableException(
                    "no OpenCL device can give counts identical to the cpu backend; devices here: " + list(p)));
        }
        OpenClBackend b = new OpenClBackend(device); // throws BackendUnavailableException with the reason
        log.info("backend {}: asked for; device {}; {}", b.name(), device.describe(), b.variants());
        return b;
    }

    /**
     * A backend of a {@link BackendProvider} ({@code tornadovm}): loaded only now, through {@link java.util.ServiceLoader}, so that
     * a JVM that never asks for it never loads its classes (Java 25 ones, for TornadoVM) or its runtime.
     */
    private static ComputeBackend openProvided(String specification) {
        String name = Spec.providerName(specification);
        BackendProvider provider = BackendProvider.find(name).orElseThrow(() -> new BackendUnavailableException("the " + name
                + " backend is not in this build: it needs the " + name + " module on the class path and its runtime (README, \"TornadoVM\")"));
        try {
            ComputeBackend b = provider.open(specification.trim().toLowerCase(Locale.ROOT));
            log.info("backend {}: asked for", b.name());
            return b;
        } catch (LinkageError e) {
            throw new BackendUnavailableException("the " + name + " backend cannot run in this JVM (its runtime is missing?): " + e, e);
        }
    }

    private ComputeBackend openAuto() {
        OpenClProbe p = probe();
        if (!p.available()) {
            warnOnce("OpenCL unavailable ({}); using the cpu backend", p.failure());
            return new CpuBackend();
        }
        Optional<OpenClDevice> gpu = p.firstGpu();
        if (gpu.isEmpty()) {
            log.info("backend cpu: no suitable OpenCL GPU (devices: {}); an OpenCL CPU device is not faster end to end than Java here", list(p));
            return new CpuBackend();
        }
        try {
            OpenClBackend b = new OpenClBackend(gpu.get());
            log.info("backend {}: auto prefers a GPU; device {}; {}", b.name(), gpu.get().describe(), b.variants());
            return b;
        } catch (BackendUnavailableException e) {
            warnOnce("OpenCL GPU unusable ({}); using the cpu backend", e.getMessage());
            return new CpuBackend();
        }
    }

    private void warnOnce(String format, String reason) {
        if (warned.compareAndSet(false, true)) log.warn(format, reason);
        else log.debug(format, reason);
    }

    private static String list(OpenClProbe p) {
        if (p.devices().isEmpty()) return "none";
        StringBuilder s = new StringBuilder();
        for (OpenClDevice d : p.devices()) s.append(s.length() == 0 ? "" : "; ").append(d.describe());
        return s.toString();
    }
}
