package org.spikecodec.cli.commands;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.Command;
import org.spikecodec.cli.ExitCode;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.AtomicFiles;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.codec.CodecSettings;
import org.spikecodec.engine.codec.SpikeEncoder;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.spikes.SpikeTrains;
import org.spikecodec.engine.transform.BandShape;
import org.spikecodec.evaluator.plot.RasterPlot;

/** {@code spikecodec spikes IN --region x,y,w,h -o DIR}: the spike trains of a region of neurons, as CSV and a raster plot. */
public final class SpikesCommand implements Command {
    @Override public String name() { return "spikes"; }
    @Override public String summary() { return "write the spike times of a region of neurons (spikes.csv) and a raster plot (raster.png)"; }
    @Override public String usage() { return "IN --region x,y,w,h -o DIR [--band NAME] [--channel C] [encode options]"; }

    @Override public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("region").hasArg().argName("x,y,w,h").desc("neurons to show, in the band's coordinates (required)").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("DIR").desc("output folder (required)").build());
        o.addOption(Option.builder().longOpt("band").hasArg().argName("NAME").desc("band to show (default: the first: LL for dwt, the first layer for rif)").build());
        o.addOption(Option.builder().longOpt("channel").hasArg().argName("C").desc("channel: 0 = luma/grey (default), 1 = Cb, 2 = Cr").build());
        CodecOptions.addTo(o);
        return o;
    }

    @Override public int run(CommandLine cl, PrintStream out) throws Exception {
        if (cl.getArgList().size() != 1) throw new UsageException("expects exactly one input image");
        if (!cl.hasOption("region")) throw new UsageException("missing --region x,y,w,h");
        if (!cl.hasOption("output")) throw new UsageException("missing -o DIR");
        double[] r = CodecOptions.list(cl.getOptionValue("region"), "region");
        if (r.length != 4) throw new UsageException("--region expects x,y,w,h");
        for (double v : r) if (v != Math.rint(v) || Math.abs(v) > 1 << 20) throw new UsageException("--region expects whole numbers, got " + cl.getOptionValue("region"));
        SpikeTrains.Region region = new SpikeTrains.Region((int) r[0], (int) r[1], (int) r[2], (int) r[3]);
        Path dir = Path.of(cl.getOptionValue("output"));
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("-o " + dir + " is a file; give a folder for spikes.csv and raster.png");
        CodecSettings s = CodecOptions.settings(cl);
        double target = CodecOptions.targetBpp(cl);
        Image image = ImageFiles.read(Path.of(cl.getArgList().get(0)));
        int channel = CodecOptions.integer(cl, "channel", 0, 0, 2);
        if (channel < 0 || channel >= image.channels()) throw new UsageException("--channel must be in 0.." + (image.channels() - 1));
        try (SpikeCodec codec = CodecOptions.codec(cl, s)) {
            SpikeEncoder.Analysis a = codec.analyze(image);
            SpikeEncoder.Encoded e = (Double.isNaN(target) ? codec.encode(a) : codec.encodeToBpp(a, target)).encoded();
            int band = 0;
            if (cl.hasOption("band")) {
                band = -1;
                for (int b = 0; b < a.layout().size(); b++) if (a.layout().get(b).name().equals(cl.getOptionValue("band"))) band = b;
                if (band < 0) throw new UsageException("no band '" + cl.getOptionValue("band") + "'; bands: "
                        + a.layout().stream().map(BandShape::name).toList());
            }
            BandShape shape = a.layout().get(band);
            List<SpikeTrains.Neuron> neurons = SpikeTrains.of(a, e, channel, band, region);
            StringBuilder csv = new StringBuilder("channel,band,x,y,coefficient,input,count,spike,time_ms\n");
            long spikes = 0;
            for (SpikeTrains.Neuron n : neurons) {
                String prefix = String.format(Locale.ROOT, "%d,%s,%d,%d,%.6g,%.6g,%d,", channel, shape.name(), n.x(), n.y(), n.coefficient(), n.input(), n.count());
                if (n.timesMs().length == 0) csv.append(prefix).append(",\n");
                for (int k = 0; k < n.timesMs().length; k++)
                    csv.append(prefix).append(k + 1).append(',').append(String.format(Locale.ROOT, "%.6g", n.timesMs()[k])).append('\n');
                spikes += n.timesMs().length;
            }
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("spikes.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
            RasterPlot.write(neurons, e.header().lif().window(), String.format("Spikes of band %s, channel %d, region %d,%d %dx%d (%.3f bpp)",
                    shape.name(), channel, region.x(), region.y(), region.width(), region.height(), e.stats().bpp()), dir.resolve("raster.png"));
            out.printf("wrote %s and %s: %d neurons of band %s (%dx%d), %d spikes%n", dir.resolve("spikes.csv"), dir.resolve("raster.png"),
                    neurons.size(), shape.name(), shape.width(), shape.height(), spikes);
        }
        return ExitCode.OK;
    }
}
