package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.kernels.BackendProvider;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.BackendUnavailableException;
import org.spikecodec.kernels.opencl.OpenClDevice;
import org.spikecodec.kernels.opencl.OpenClProbe;
import org.spikecodec.kernels.opencl.SignalChaining;

/**
 * {@code spikecodec devices}: the OpenCL platforms and devices found, or why there are none; then TornadoVM's devices
 * when its backend is in this build and its runtime in this JVM, or why not.
 */
public final class DevicesCommand implements Command {
    @Override public String name() { return "devices"; }
    @Override public String summary() { return "list OpenCL platforms and devices, and TornadoVM devices, usable with --backend (or say why there are none)"; }
    @Override public String usage() { return "[--json]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("json").desc("print as JSON").build());
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) {
        OpenClProbe probe = new BackendSelector().probe();
        if (cl.hasOption("json")) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (OpenClDevice d : probe.devices()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("backend", d.spec());
                m.put("platform", d.platformName());
                m.put("name", d.name());
                m.put("type", d.type());
                m.put("computeUnits", d.computeUnits());
                m.put("globalMemoryBytes", d.globalMemBytes());
                m.put("openclVersion", d.openclVersion());
                m.put("exactCapable", d.exactCapable());
                list.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("devices", list);
            m.put("failure", probe.failure().isEmpty() ? null : probe.failure());
            Map<String, Object> tvm = new LinkedHashMap<>();
            List<Map<String, Object>> tdev = new ArrayList<>();
            String why = tornadoDevices(d -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("backend", d.spec());
                e.put("description", d.description());
                tdev.add(e);
            });
            tvm.put("devices", tdev);
            tvm.put("failure", why);
            m.put("tornadovm", tvm);
            out.println(Json.write(m));
            return ExitCode.OK;
        }
        out.println("cpu  pure-Java backend, " + Runtime.getRuntime().availableProcessors() + " threads (always available)");
        if (probe.devices().isEmpty())
            out.println("no OpenCL device: " + (probe.failure().isEmpty() ? "no platform reports a device" : probe.failure())
                    + (SignalChaining.refusal().isPresent() ? "" // a driver may well be installed: the failure says what to do
                            : " (install an OpenCL driver, e.g. Debian's pocl-opencl-icd for the CPU or the NVIDIA driver's ICD)"));
        for (OpenClDevice d : probe.devices()) out.println(d.describe());
        String why = tornadoDevices(d -> out.println(d.description()));
        if (why != null) out.println("no TornadoVM device: " + why);
        return ExitCode.OK;
    }

    /** Hands TornadoVM's devices to {@code each}; null, or why there are none (its backend not in this build, its runtime absent). */
    private static String tornadoDevices(java.util.function.Consumer<BackendProvider.Device> each) {
        try {
            Optional<BackendProvider> p = BackendProvider.find("tornadovm");
            if (p.isEmpty()) return "the tornadovm backend is not in this build (README, \"TornadoVM\": built with JDK 25 and TORNADOVM_HOME set)";
            List<BackendProvider.Device> list = p.get().devices();
            list.forEach(each);
            return list.isEmpty() ? "TornadoVM reports no device" : null;
        } catch (BackendUnavailableException | LinkageError e) {
            return e.getMessage();
        }
    }
}
