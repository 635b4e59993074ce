package org.spikecodec.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.engine.SpikeCodec;
import org.spikecodec.engine.image.Image;
import org.spikecodec.engine.image.ImageFiles;
import org.spikecodec.engine.metrics.Psnr;

/** The batch compression job on {@code local[2]}: good images become .spk files and rows, a corrupt one a row with its error. */
class SparkCompressTest {
    static SparkSession spark;
    @TempDir Path dir;

    @BeforeAll static void start() { spark = LocalSpark.start("local[2]"); }
    @AfterAll static void stop() { spark.stop(); }

    @Test
    void compressesACollectionAndACorruptImageIsARowWithItsError() throws Exception {
        Path in = dir.resolve("in"), sub = in.resolve("sub");
        TestImages.crop(in.resolve("crop0.png"), 100, 100);
        TestImages.crop(in.resolve("crop1.png"), 200, 260);
        TestImages.crop(sub.resolve("crop2.png"), 300, 40);
        Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});
        Files.writeString(in.resolve("notes.txt"), "not an image: not taken");
        Path out = dir.resolve("out");

        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int code = SparkCompress.run(spark, new String[] {in.toString(), "-o", out.toString(), "--bpp", "1.0", "--backend", "cpu"},
                new PrintStream(said, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("compressed 3 of 4 images"), said.toString(StandardCharsets.UTF_8));

        List<Row> rows = spark.read().parquet(out.resolve("compressed.parquet").toString()).collectAsList();
        assertEquals(4, rows.size());
        Map<String, Row> byName = rows.stream().collect(Collectors.toMap(r -> Path.of(r.<String>getAs("path")).getFileName().toString(), r -> r));
        Row bad = byName.get("broken.png");
        assertNull(bad.getAs("output"));
        assertTrue(bad.<String>getAs("error").contains("broken.png"), bad.toString());
        try (SpikeCodec decoder = SpikeCodec.open("cpu")) {
            for (String name : List.of("crop0.png", "crop1.png", "crop2.png")) {
                Row r = byName.get(name);
                assertNull(r.getAs("error"), r.toString());
                Path spk = Path.of(java.net.URI.create(r.getAs("output")));
                assertEquals(name.equals("crop2.png") ? out.resolve("sub").resolve("crop2.spk") : out.resolve(name.replace(".png", ".spk")), spk);
                byte[] file = Files.readAllBytes(spk);
                assertEquals(file.length, r.<Long>getAs("bytes"));
                assertEquals(1.0, r.<Double>getAs("bpp"), 0.05, "within the rate search's tolerance of the target");
                Image original = ImageFiles.read((name.equals("crop2.png") ? sub : in).resolve(name));
                Image decoded = decoder.decode(file).image().quantized8();
                assertEquals(Psnr.of(original, decoded), r.<Double>getAs("psnr"), 1e-9, "the row's PSNR is the file's");
                assertTrue(r.<Double>getAs("ssim") > 0.3 && r.<Double>getAs("ssim") <= 1, r.toString());
                assertEquals(96, r.<Integer>getAs("width"));
            }
        }
        assertEquals(4, spark.read().option("header", "true").csv(out.resolve("compressed.csv").toString()).count());
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".crc") && f.toString().contains(".spk")), "no checksum files beside the .spk files");
        }
    }

    @Test
    void badUsageIsExitCodeTwo() throws Exception {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        assertEquals(2, SparkCompress.run(spark, new String[] {dir.toString()}, quiet, quiet), "no -o");
        assertEquals(2, SparkCompress.run(spark, new String[] {dir.toString(), "-o", "x", "--bpp", "1", "--threshold", "2"}, quiet, quiet));
    }
}
