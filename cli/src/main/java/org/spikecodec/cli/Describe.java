package org.spikecodec.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.spikecodec.engine.container.SpkHeader;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.transform.TransformSpec;

/** Human and machine descriptions of headers, shared by encode, info and spikes. */
public final class Describe {
    private Describe() {}

    public static String transform(TransformSpec t) {
        if (t instanceof TransformSpec.Dwt d) return "dwt (CDF 9/7, " + d.levels() + " levels)";
        if (t instanceof TransformSpec.Rif r) return "rif (layers at " + java.util.Arrays.toString(r.layerTimesMs()) + " ms)";
        if (t instanceof TransformSpec.RifScaled r) return "rif-scaled (" + config(r) + ")";
        if (t instanceof TransformSpec.RifDynamic r)
            return "rif-dynamic (the retina's first " + r.integrationMs() + " ms integrated: " + r.planes() + " planes x " + r.stepsPerPlane() + " steps)";
        return "pixels";
    }

    /** A scaled retina in the notation of {@code --retina}: time:scale:decimation:gain per layer. */
    public static String config(TransformSpec.RifScaled r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.layers(); i++)
            b.append(i == 0 ? "" : ",").append(r.layerTimesMs()[i]).append(':').append(r.sigmaScales()[i]).append(':')
                    .append(r.decimations()[i]).append(':').append(r.gains()[i]);
        return b.toString();
    }

    public static String lif(LifParameters p) {
        return String.format("theta %.6g, tau %.6g, R %.6g, T %.6g, Delta %.6g", p.threshold(), p.tau(), p.resistance(), p.window(), p.refractory());
    }

    public static Map<String, Object> header(SpkHeader h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", h.width());
        m.put("height", h.height());
        m.put("channels", h.channels());
        m.put("colorModel", h.colorModel().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", h.transform().kind().cliName());
        if (h.transform() instanceof TransformSpec.Dwt d) t.put("levels", d.levels());
        if (h.transform() instanceof TransformSpec.Rif r) t.put("layersMs", r.layerTimesMs());
        if (h.transform() instanceof TransformSpec.RifScaled r) t.put("retina", config(r));
        if (h.transform() instanceof TransformSpec.RifDynamic r) {
            t.put("integrationMs", r.integrationMs());
            t.put("planes", r.planes());
            t.put("stepsPerPlane", r.stepsPerPlane());
        }
        if (h.transform() instanceof TransformSpec.Retina r) {
            t.put("cgTolerance", r.cgTolerance());
            t.put("cgMaxIterations", r.cgMaxIterations());
        }
        m.put("transform", t);
        LifParameters p = h.lif();
        Map<String, Object> lif = new LinkedHashMap<>();
        lif.put("threshold", p.threshold());
        lif.put("tau", p.tau());
        lif.put("resistance", p.resistance());
        lif.put("window", p.window());
        lif.put("refractory", p.refractory());
        m.put("lif", lif);
        m.put("reconstruction", h.reconstruction().cliName());
        m.put("channelMeans", h.channelMeans());
        m.put("channelGains", h.channelGains());
        return m;
    }
}
