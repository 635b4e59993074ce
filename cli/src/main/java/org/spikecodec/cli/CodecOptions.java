package org.spikecodec.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.Reconstruction;
import org.spikecodec.engine.transform.ParameterOutOfRange;
import org.spikecodec.engine.transform.TransformKind;
import org.spikecodec.engine.transform.TransformSpec;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.transform.rif.IntegratedRifFrontEnd;
import org.spikecodec.engine.transform.rif.RifFrontEnd;
import org.spikecodec.engine.transform.rif.ScaledRifFrontEnd;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.BackendUnavailableException;

/** Options shared by the commands that encode: front end, LIF parameters, rate target, backend. */
public final class CodecOptions {
    private CodecOptions() {}

    public static void addTo(Options o) {
        o.addOption(opt("b", "bpp", "X", "target rate in bits per pixel; searches the LIF threshold (file within 3% of the target)"));
        o.addOption(opt(null, "threshold", "V", "LIF threshold theta (default " + LifParameters.DEFAULT_THRESHOLD + "; with --bpp: the search's start)"));
        o.addOption(opt(null, "tau", "T", "membrane time constant tau, ms (default " + LifParameters.DEFAULT_TAU + ")"));
        o.addOption(opt(null, "window", "T", "observation window T, ms (default " + LifParameters.DEFAULT_WINDOW + ")"));
        o.addOption(opt(null, "refractory", "D", "refractory period Delta, ms (default " + LifParameters.DEFAULT_REFRACTORY + ")"));
        o.addOption(opt(null, "resistance", "R", "membrane resistance R (default " + LifParameters.DEFAULT_RESISTANCE + ")"));
        o.addOption(opt("t", "transform", "NAME", "front end: dwt (CDF 9/7 wavelet, default), rif (retina-inspired filter, snapshot layers), rif-scaled"
                + " (snapshot layers on scaled, subsampled retinas, the configuration chosen by the encoder), rif-dynamic"
                + " (each neuron integrates the retina's response over time), pixels"));
        o.addOption(opt(null, "levels", "N", "wavelet levels for dwt (default " + CodecSettings.DEFAULT_DWT_LEVELS + ")"));
        o.addOption(opt(null, "layers", "t1,t2,..", "retina layer times in ms for rif (default " + join(RifFrontEnd.DEFAULT_LAYERS_MS) + ")"));
        o.addOption(opt(null, "retina", "CONFIG|auto", "rif-scaled: layers as time:scale:decimation[:gain],... (sigmas times scale, a neuron"
                + " every decimation pixels), or auto (default with --bpp: the encoder encodes with each of " + String.join(" | ", ScaledRifFrontEnd.DEFAULT_CANDIDATES)
                + " and keeps the file that decodes closest to the input; without --bpp: " + ScaledRifFrontEnd.DEFAULT_CANDIDATES[1] + ")"));
        o.addOption(opt(null, "integrate-ms", "MS", "rif-dynamic: the retina time, from the image's onset, the neurons integrate over (default "
                + IntegratedRifFrontEnd.DEFAULT_INTEGRATION_MS + ")"));
        o.addOption(opt(null, "steps-per-plane", "N", "rif-dynamic: integration steps each of the " + IntegratedRifFrontEnd.DEFAULT_PLANES
                + " retina planes drives (default " + IntegratedRifFrontEnd.DEFAULT_STEPS_PER_PLANE + "; a stepped neuron fires at most once a step,"
                + " so more steps give finer cells at high counts, at proportional encoding time)"));
        o.addOption(opt(null, "cg-iterations", "N|auto", "CG iterations the rif or rif-dynamic decoder runs at most (default auto when encoding: the encoder writes the count"
                + " that decodes closest to the input, since stopping early keeps the inverse from amplifying high-frequency quantization error;"
                + " elsewhere " + RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS + ")"));
        o.addOption(opt(null, "reconstruction", "MODE", "decoder read-out: midpoint (default), lower (literature parity), centroid (Laplacian)"));
        o.addOption(opt(null, "chroma-gain", "G", "neuron gain of the colour channels relative to luma (default " + CodecSettings.DEFAULT_CHROMA_GAIN + ")"));
        addBackend(o);
    }

    /**
     * {@code --backend} for the commands that only decode: the default is {@code cpu}, because a file carries its
     * parameters and decodes to the same image on any backend, and the pure-Java one starts at once (no OpenCL probe).
     */
    public static void addDecodingBackend(Options o) {
        o.addOption(opt(null, "backend", "NAME", "compute backend: cpu (default: decoding needs no GPU), auto, opencl, opencl:PLATFORM:DEVICE, tornadovm, tornadovm:BACKEND:DEVICE"));
    }

    public static void addBackend(Options o) {
        o.addOption(opt(null, "backend", "NAME", "compute backend: auto (default: an OpenCL GPU if any, else cpu), cpu, opencl, opencl:PLATFORM:DEVICE, tornadovm, tornadovm:BACKEND:DEVICE (see spikecodec devices)"));
    }

    public static CodecSettings settings(CommandLine cl) throws UsageException {
        LifParameters d = LifParameters.defaults();
        LifParameters lif = new LifParameters(
                number(cl, "threshold", d.threshold()), number(cl, "tau", d.tau()), number(cl, "resistance", d.resistance()),
                number(cl, "window", d.window()), number(cl, "refractory", d.refractory()));
        TransformKind kind = TransformKind.parse(cl.getOptionValue("transform", "dwt"));
        if (cl.hasOption("levels") && kind != TransformKind.DWT) throw new UsageException("--levels applies to --transform dwt only");
        if (cl.hasOption("layers") && kind != TransformKind.RIF) throw new UsageException("--layers applies to --transform rif only");
        if (cl.hasOption("retina") && kind != TransformKind.RIF_SCALED) throw new UsageException("--retina applies to --transform rif-scaled only");
        boolean retina = kind == TransformKind.RIF || kind == TransformKind.RIF_DYNAMIC || kind == TransformKind.RIF_SCALED;
        if (cl.hasOption("cg-iterations") && !retina) throw new UsageException("--cg-iterations applies to --transform rif, rif-scaled and rif-dynamic only");
        for (String dynamicOnly : new String[] {"integrate-ms", "steps-per-plane"})
            if (cl.hasOption(dynamicOnly) && kind != TransformKind.RIF_DYNAMIC)
                throw new UsageException("--" + dynamicOnly + " applies to --transform rif-dynamic only");
        int cgIterations = chooseRifIterations(cl) ? RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS
                : integer(cl, "cg-iterations", RifFrontEnd.DEFAULT_CG_MAX_ITERATIONS, 1, SpkHeader.MAX_CG_ITERATIONS);
        int levels = integer(cl, "levels", CodecSettings.DEFAULT_DWT_LEVELS, 0, TransformSpec.Dwt.MAX_LEVELS);
        double[] layers = cl.hasOption("layers") ? list(cl.getOptionValue("layers"), "layers") : RifFrontEnd.DEFAULT_LAYERS_MS;
        TransformSpec spec;
        try {
            spec = switch (kind) {
                case DWT -> new TransformSpec.Dwt(levels);
                case RIF -> new TransformSpec.Rif(layers, RifFrontEnd.DEFAULT_CG_TOLERANCE, cgIterations);
                case PIXELS -> new TransformSpec.Pixels();
                case RIF_SCALED -> scaled(chooseRetina(cl) ? ScaledRifFrontEnd.DEFAULT_CANDIDATES[1] : cl.getOptionValue("retina")).withCgMaxIterations(cgIterations);
                case RIF_DYNAMIC -> dynamic(number(cl, "integrate-ms", IntegratedRifFrontEnd.DEFAULT_INTEGRATION_MS),
                        integer(cl, "steps-per-plane", IntegratedRifFrontEnd.DEFAULT_STEPS_PER_PLANE, 1,
                                TransformSpec.RifDynamic.MAX_STEPS / IntegratedRifFrontEnd.DEFAULT_PLANES), cgIterations);
            };
        } catch (ParameterOutOfRange e) { // the engine gives the numbers; the flag is ours to name
            throw new UsageException(kind == TransformKind.RIF ? "--layers takes " + e.min() + " to " + e.max() + " layer times, got " + e.value()
                    : "--levels must be in " + e.min() + ".." + e.max() + ", got " + e.value());
        }
        Reconstruction rec = Reconstruction.parse(cl.getOptionValue("reconstruction", "midpoint"));
        return new CodecSettings(spec, lif, rec, number(cl, "chroma-gain", CodecSettings.DEFAULT_CHROMA_GAIN));
    }

    private static TransformSpec.RifScaled scaled(String config) throws UsageException {
        try {
            return ScaledRifFrontEnd.parse(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--retina: " + e.getMessage());
        }
    }

    /**
     * Whether the encoder chooses the retina configuration of rif-scaled among {@link ScaledRifFrontEnd#DEFAULT_CANDIDATES}
     * ({@code --retina auto}, the default); it does so only when encoding to a target rate.
     */
    public static boolean chooseRetina(CommandLine cl) {
        return "rif-scaled".equalsIgnoreCase(cl.getOptionValue("transform", "dwt")) && "auto".equalsIgnoreCase(cl.getOptionValue("retina", "auto"));
    }

    private static TransformSpec.RifDynamic dynamic(double integrationMs, int stepsPerPlane, int cgIterations) throws UsageException {
        TransformSpec.RifDynamic d = IntegratedRifFrontEnd.defaultSpec();
        try {
            return new TransformSpec.RifDynamic(integrationMs, d.planes(), stepsPerPlane, d.cgTolerance(), cgIterations);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--integrate-ms: " + e.getMessage());
        }
    }

    /**
     * Whether the encoder chooses the retina decoder's CG iteration count ({@code --cg-iterations auto}, the default for
     * rif and rif-dynamic).
     */
    public static boolean chooseRifIterations(CommandLine cl) {
        String t = cl.getOptionValue("transform", "dwt");
        return ("rif".equalsIgnoreCase(t) || "rif-dynamic".equalsIgnoreCase(t) || "rif-scaled".equalsIgnoreCase(t)) && "auto".equalsIgnoreCase(cl.getOptionValue("cg-iterations", "auto"));
    }

    /**
     * The target rate, or NaN when explicit parameters are used. {@code --bpp} searches the threshold, so an explicit
     * {@code --threshold} beside it is refused at once rather than left to a search that cannot use it.
     */
    public static double targetBpp(CommandLine cl) throws UsageException {
        if (!cl.hasOption("bpp")) return Double.NaN;
        if (cl.hasOption("threshold"))
            throw new UsageException("--bpp searches the LIF threshold itself: give --bpp or --threshold, not both");
        double bpp = number(cl, "bpp", Double.NaN);
        if (!(bpp > 0) || bpp > 64) throw new UsageException("--bpp must be in (0, 64], got " + cl.getOptionValue("bpp"));
        return bpp;
    }

    /**
     * Opens the backend named by {@code --backend}; the caller closes it. {@code auto} prefers a suitable
     * OpenCL GPU and falls back to {@code cpu} with one warning; an explicit {@code opencl} that cannot run is
     * a {@link BackendUnavailableException} (exit code 3).
     */
    public static ComputeBackend backend(CommandLine cl) {
        return new BackendSelector().open(backendSpec(cl));
    }

    /** A codec with these settings on the backend named by {@code --backend}, which it owns; the caller closes it. */
    public static SpikeCodec codec(CommandLine cl, CodecSettings settings) {
        return SpikeCodec.open(backendSpec(cl), settings);
    }

    /** A codec for decoding (a file carries its own parameters) on the backend named by {@code --backend}, {@code cpu} by default. */
    public static SpikeCodec decoder(CommandLine cl) {
        return SpikeCodec.open(cl.getOptionValue("backend", "cpu"), CodecSettings.defaults());
    }

    /** The --backend specification as given (auto by default): what a distributed job hands its workers. */
    public static String backendSpec(CommandLine cl) { return cl.getOptionValue("backend", "auto"); }

    public static double number(CommandLine cl, String name, double dflt) throws UsageException {
        String v = cl.getOptionValue(name);
        if (v == null) return dflt;
        try {
            double x = Double.parseDouble(v.trim());
            if (!Double.isFinite(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    /** An integer option: fractions and values outside [min, max] are bad usage, not silently truncated. */
    public static int integer(CommandLine cl, String name, int dflt, int min, int max) throws UsageException {
        String v = cl.getOptionValue(name);
        if (v == null) return dflt;
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min || x > max) throw new UsageException("--" + name + " must be in " + min + ".." + max + ", got " + x);
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a whole number, got '" + v + "'");
        }
    }

    public static double[] list(String v, String name) throws UsageException {
        try {
            return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects comma-separated numbers, got '" + v + "'");
        }
    }

    static Option opt(String shortName, String longName, String arg, String desc) {
        Option.Builder b = Option.builder(shortName).longOpt(longName).desc(desc);
        if (arg != null) b.hasArg().argName(arg);
        return b.build();
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) sb.append(sb.length() == 0 ? "" : ",").append(x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x));
        return sb.toString();
    }
}
