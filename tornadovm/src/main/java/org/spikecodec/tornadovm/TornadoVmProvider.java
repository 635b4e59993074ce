package org.spikecodec.tornadovm;

import java.util.ArrayList;
import java.util.List;
import org.spikecodec.kernels.BackendProvider;
import org.spikecodec.kernels.BackendUnavailableException;
import org.spikecodec.kernels.ComputeBackend;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * {@code --backend tornadovm} ({@link TornadoRuntime#getDefaultDevice() TornadoVM's default device}) and
 * {@code tornadovm:BACKEND:DEVICE} (TornadoVM's backend and device indices, as {@code tornado --devices} and
 * {@code spikecodec devices} number them). Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services}; needs TornadoVM's runtime, i.e. a JVM started with {@code @$TORNADOVM_HOME/tornado-argfile}.
 */
public final class TornadoVmProvider implements BackendProvider {
    public static final String NAME = "tornadovm";

    @Override public String name() { return NAME; }

    @Override
    public ComputeBackend open(String specification) {
        int[] at = parse(specification);
        TornadoRuntime runtime = runtime();
        TornadoDevice device;
        String spec;
        if (at == null) {
            device = runtime.getDefaultDevice();
            spec = NAME + ":" + device.getBackendIndex() + ":" + indexOf(runtime.getBackend(device.getBackendIndex()), device);
        } else {
            if (at[0] >= runtime.getNumBackends() || at[1] >= runtime.getBackend(at[0]).getNumDevices())
                throw new BackendUnavailableException("no TornadoVM device " + specification + "; devices here: " + describe(devices()));
            device = runtime.getBackend(at[0]).getDevice(at[1]);
            spec = NAME + ":" + at[0] + ":" + at[1];
        }
        return new TornadoVmBackend(device, spec);
    }

    @Override
    public List<Device> devices() {
        TornadoRuntime runtime = runtime();
        List<Device> list = new ArrayList<>();
        for (int b = 0; b < runtime.getNumBackends(); b++) {
            TornadoBackend backend = runtime.getBackend(b);
            for (int d = 0; d < backend.getNumDevices(); d++) {
                TornadoDevice device = backend.getDevice(d);
                String spec = NAME + ":" + b + ":" + d;
                list.add(new Device(spec, spec + "  " + device.getPhysicalDevice().getDeviceName().trim() + " [" + device.getDeviceName() + ", " + device.getDeviceType() + ", " + backend.getBackendType()
                        + "] on " + device.getPlatformName().trim() + ", " + (device.getMaxGlobalMemory() >> 20) + " MiB"));
            }
        }
        return list;
    }

    /** {@code {backend, device}} of {@code tornadovm:B:D}; null for plain {@code tornadovm}. */
    static int[] parse(String specification) {
        String s = specification.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals(NAME)) return null;
        String[] parts = s.split(":", -1);
        if (parts.length == 3 && parts[0].equals(NAME)) {
            try {
                int b = Integer.parseInt(parts[1]), d = Integer.parseInt(parts[2]);
                if (b >= 0 && d >= 0) return new int[] {b, d};
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException("unknown backend '" + specification + "': expected tornadovm or tornadovm:BACKEND:DEVICE (non-negative indices)");
    }

    /** TornadoVM's runtime, started with the options exactness needs ({@link TornadoVmSettings}). */
    private static TornadoRuntime runtime() {
        TornadoVmSettings.apply();
        try {
            return TornadoRuntimeProvider.getTornadoRuntime();
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("TornadoVM runtime unavailable (is the JVM started with @$TORNADOVM_HOME/tornado-argfile?): " + e, e);
        }
    }

    private static int indexOf(TornadoBackend backend, TornadoDevice device) {
        for (int d = 0; d < backend.getNumDevices(); d++) if (backend.getDevice(d).getDeviceName().equals(device.getDeviceName())) return d;
        return 0;
    }

    private static String describe(List<Device> devices) {
        StringBuilder s = new StringBuilder();
        for (Device d : devices) s.append(s.length() == 0 ? "" : "; ").append(d.description());
        return s.length() == 0 ? "none" : s.toString();
    }
}
