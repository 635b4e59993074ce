package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.Json;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.opencl.OpenClDevice;
import org.spikecodec.kernels.opencl.OpenClProbe;
import org.spikecodec.kernels.opencl.SignalChaining;

/** {@code spikecodec devices}: the OpenCL platforms and devices found, or why there are none. */
public final class DevicesCommand implements Command {
    @Override public String name() { return "devices"; }
    @Override public String summary() { return "list OpenCL platforms and devices usable with --backend (or say why there are none)"; }
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
            out.println(Json.write(m));
            return ExitCode.OK;
        }
        out.println("cpu  pure-Java backend, " + Runtime.getRuntime().availableProcessors() + " threads (always available)");
        if (probe.devices().isEmpty())
            out.println("no OpenCL device: " + (probe.failure().isEmpty() ? "no platform reports a device" : probe.failure())
                    + (SignalChaining.refusal().isPresent() ? "" // a driver may well be installed: the failure says what to do
                            : " (install an OpenCL driver, e.g. Debian's pocl-opencl-icd for the CPU or the NVIDIA driver's ICD)"));
        for (OpenClDevice d : probe.devices()) out.println(d.describe());
        return ExitCode.OK;
    }
}
