package org.spikecodec.kernels;

import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * A compute backend that lives outside this module and is found through {@link ServiceLoader} only when it is asked
 * for: the TornadoVM backend (module {@code tornadovm}, Java 25 class files, TornadoVM's runtime on the module path).
 * {@link BackendSelector} opens {@code --backend NAME} and {@code NAME:...} through the provider of that
 * {@link #name()}, and {@code spikecodec devices} lists its {@link #devices()}.
 */
public interface BackendProvider {

    /** The prefix {@code --backend} selects it by, e.g. {@code tornadovm}. */
    String name();

    /**
     * Opens the backend for {@code specification} ({@code name()} or {@code name():...}).
     *
     * @throws BackendUnavailableException with the reason when it cannot run here
     * @throws IllegalArgumentException    for a malformed specification
     */
    ComputeBackend open(String specification);

    /** One device this provider can run on: how {@code --backend} names it, and a line for people. */
    record Device(String spec, String description) {}

    /** The devices found, or throws {@link BackendUnavailableException} saying why there are none. */
    List<Device> devices();

    /**
     * The provider named {@code name} on the class path, or empty. A provider compiled for a newer Java than this
     * JVM's, or one whose runtime is missing, is reported as {@link BackendUnavailableException}.
     */
    static Optional<BackendProvider> find(String name) {
        try {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) if (p.name().equals(name)) return Optional.of(p);
            return Optional.empty();
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new BackendUnavailableException("backend '" + name + "' cannot be loaded in this JVM (Java "
                    + Runtime.version().feature() + "): " + e, e);
        }
    }
}
