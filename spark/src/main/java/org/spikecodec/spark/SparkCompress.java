package org.spikecodec.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.spikecodec.cli.CodecOptions;
import org.spikecodec.cli.UsageException;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;
import org.spikecodec.engine.metrics.Ssim;
import org.spikecodec.kernels.BackendSelector;

/**
 * {@code spark-submit --class org.spikecodec.spark.SparkCompress spikecodec-spark-job.jar INPUT -o OUTPUT [--bpp X |
 * --threshold V ...]}: every image under {@code INPUT} (any Hadoop file system: a folder, {@code hdfs://},
 * {@code s3a://}; read with Spark's {@code binaryFile} source) compressed to {@code .spk} under {@code OUTPUT}, keeping
 * the folder structure, with the flags of {@code spikecodec encode}. Writes the table {@code OUTPUT/compressed.parquet}
 * and {@code OUTPUT/compressed.csv} (Spark's CSV folder): one row per image with its output, size, rate, PSNR and
 * SSIM against the original, or the error that stopped it. A bad image is a row with its error, never a failed job.
 */
public final class SparkCompress {
    private SparkCompress() {}

    public static final StructType SCHEMA = CsvTables.schema(List.of("path", "output", "width", "height", "bytes", "bpp", "target_bpp", "psnr", "ssim",
            "error"));

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("spikecodec compress").getOrCreate();
        int code;
        try {
            code = run(spark, args, System.out, System.err);
        } finally {
            spark.stop();
        }
        if (code != 0) System.exit(code);
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("DIR").desc("output folder or URI (required)").build());
        o.addOption(Option.builder().longOpt("extensions").hasArg().argName("LIST")
                .desc("image file extensions to take (default " + String.join(",", ImageFiles.READABLE_EXTENSIONS.stream().sorted().toList()) + ")").build());
        CodecOptions.addTo(o);
        o.addOption(Option.builder().longOpt("help").desc("this text").build());
        return o;
    }

    /**
     * What every task compresses with: {@code spikecodec encode}'s codec flags as given (parsed again on the
     * executor, so that the settings travel as the strings the user wrote), the target rate (NaN: the flags' fixed
     * parameters), the backend, the input root and the output root.
     */
    record CompressSpec(List<String> codecArgs, double targetBpp, String backend, String inputRoot, String outputRoot) implements Serializable {
        private static final long serialVersionUID = 1L;

        CompressSpec { codecArgs = List.copyOf(codecArgs); }

        SpikeCodec openCodec(int gpu) throws IOException {
            try {
                CommandLine cl = new DefaultParser().parse(options(), codecArgs.toArray(String[]::new));
                return SpikeCodec.open(new BackendSelector().forGpu(backend, gpu), CodecOptions.settings(cl));
            } catch (ParseException | UsageException e) {
                throw new IOException("codec flags " + codecArgs + ": " + e.getMessage(), e); // checked on the driver first: not reached
            }
        }
    }

    /** The codec one executor JVM compresses with, per spec and GPU. */
    private record CodecKey(CompressSpec spec, int gpu) {}

    public static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) throws Exception {
        CompressSpec spec;
        Set<String> extensions;
        try {
            CommandLine cl = new DefaultParser().parse(options(), args);
            if (cl.hasOption("help")) {
                new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 110, "spark-submit ... SparkCompress INPUT -o OUTPUT [options]", "",
                        options(), 1, 2, "", false);
                return 0;
            }
            if (cl.getArgList().size() != 1) throw new UsageException("expects one input folder or URI, got " + cl.getArgList());
            if (!cl.hasOption("output")) throw new UsageException("-o OUTPUT is required");
            CodecOptions.settings(cl); // bad flags are a usage error here, not a failure of every task
            extensions = cl.hasOption("extensions") ? Set.of(cl.getOptionValue("extensions").toLowerCase(Locale.ROOT).split(","))
                    : ImageFiles.READABLE_EXTENSIONS;
            spec = new CompressSpec(codecArgs(cl), CodecOptions.targetBpp(cl), CodecOptions.backendSpec(cl), uri(cl.getArgList().get(0)),
                    uri(cl.getOptionValue("output")));
        } catch (ParseException | UsageException e) {
            err.println("spikecodec SparkCompress: " + e.getMessage());
            return 2;
        }

        Dataset<Row> files = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(spec.inputRoot()).select("path", "content");
        JavaRDD<Row> images = files.javaRDD().filter(r -> extensions.contains(extension(r.getString(0))));
        int slots = spark.sparkContext().defaultParallelism();
        if (images.getNumPartitions() < slots) images = images.repartition(slots); // a small collection is one file split
        JavaRDD<Row> rows = images.mapPartitions(new CompressImages(spec)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> table = spark.createDataFrame(rows, SCHEMA);
            table.write().mode(SaveMode.Overwrite).parquet(spec.outputRoot() + "/compressed.parquet");
            table.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(spec.outputRoot() + "/compressed.csv");
            long all = table.count(), failed = table.filter("error IS NOT NULL").count();
            out.printf(Locale.ROOT, "compressed %d of %d images into %s (%d failed; see the error column of compressed.parquet, compressed.csv)%n",
                    all - failed, all, spec.outputRoot(), failed);
        } finally {
            rows.unpersist(false);
        }
        return 0;
    }

    /** The executor side: each image to .spk, decoded again for PSNR and SSIM; any failure becomes the row's error. */
    static final class CompressImages implements FlatMapFunction<Iterator<Row>, Row> {
        private static final long serialVersionUID = 1L;
        private final CompressSpec spec;

        CompressImages(CompressSpec spec) { this.spec = spec; }

        @Override public Iterator<Row> call(Iterator<Row> files) throws Exception {
            int gpu = TaskGpu.current();
            SpikeCodec codec = PerJvm.get(new CodecKey(spec, gpu), SpikeCodec.class, () -> spec.openCodec(gpu));
            FileSystem fs = FileSystem.get(URI.create(spec.outputRoot()), HadoopConf.current());
            fs.setWriteChecksum(false); // no .crc file beside each .spk on a local file system
            List<Row> out = new ArrayList<>();
            while (files.hasNext()) {
                Row f = files.next();
                out.add(compress(codec, fs, f.getString(0), f.getAs(1)));
            }
            return out.iterator();
        }

        private Row compress(SpikeCodec codec, FileSystem fs, String path, byte[] content) {
            String output = outputFor(path);
            try {
                Image image = ImageFiles.read(content, path);
                SpikeCodec.Encoding e = Double.isNaN(spec.targetBpp()) ? codec.encode(image) : codec.encodeToBpp(image, spec.targetBpp());
                byte[] file = e.file();
                org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(output);
                try (OutputStream os = fs.create(dst, true)) {
                    os.write(file);
                }
                Image decoded = codec.decode(file).image().quantized8();
                return RowFactory.create(path, output, image.width(), image.height(), (long) file.length, e.bpp(),
                        Double.isNaN(spec.targetBpp()) ? null : spec.targetBpp(), Psnr.of(image, decoded), Ssim.of(image, decoded), null);
            } catch (IOException | RuntimeException e) { // an unreadable or corrupt image (InvalidInputException), a failed write, a codec limit
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                return RowFactory.create(path, null, null, null, null, null, null, null, null, why);
            }
        }

        /**
         * The .spk of an input: its path under the input root, under the output root, with the extension replaced.
         * Compared as URI paths: Hadoop spells a local file {@code file:/a/b}, a URI {@code file:///a/b}.
         */
        String outputFor(String path) {
            String root = new org.apache.hadoop.fs.Path(spec.inputRoot()).toUri().getPath(), file = new org.apache.hadoop.fs.Path(path).toUri().getPath();
            String rel = file.startsWith(root + "/") ? file.substring(root.length() + 1) : file.substring(file.lastIndexOf('/') + 1);
            int dot = rel.lastIndexOf('.');
            if (dot > rel.lastIndexOf('/') + 1) rel = rel.substring(0, dot);
            return spec.outputRoot() + "/" + rel + ".spk";
        }
    }

    /** The codec flags of {@code cl}, as given: what executors parse again. */
    private static List<String> codecArgs(CommandLine cl) {
        Options codecOnly = new Options();
        CodecOptions.addTo(codecOnly);
        List<String> a = new ArrayList<>();
        for (Option o : cl.getOptions()) {
            if (!codecOnly.hasLongOption(o.getLongOpt())) continue;
            a.add("--" + o.getLongOpt());
            if (o.hasArg()) a.add(o.getValue());
        }
        return a;
    }

    /** A path or URI as Spark and Hadoop spell it (a plain path becomes an absolute file: URI, without a trailing slash). */
    static String uri(String pathOrUri) {
        String u = pathOrUri.contains("://") ? pathOrUri : java.nio.file.Path.of(pathOrUri).toAbsolutePath().normalize().toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
