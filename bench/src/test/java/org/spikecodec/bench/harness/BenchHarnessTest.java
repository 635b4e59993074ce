package org.spikecodec.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecodec.evaluator.EmbeddedDefaults;
import org.spikecodec.kernels.BackendSelector;
import org.spikecodec.kernels.ComputeBackend;
import org.spikecodec.kernels.LifIntegration;
import org.spikecodec.kernels.cpu.CpuBackend;
import org.spikecodec.kernels.opencl.OpenClBackend;
import org.spikecodec.kernels.opencl.OpenClDevice;
import org.spikecodec.kernels.opencl.OpenClProbe;

/** The harness on tiny sizes: fields of the results, validation against the cpu reference, mismatches reported. */
class BenchHarnessTest {
    static final Path PHOTO = Path.of("..", "data", "photos", "astronaut.png");
    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir Path dir;

    static BenchConfig config(List<String> backends, Path model, boolean cjpeg) {
        return new BenchConfig(List.of(64), backends, 2, 1, PHOTO, 1.0, model, model == null ? null : "fashion-mnist", "cpu", cjpeg, false, List.of());
    }

    @Test
    void tinyRunHasEveryFieldAndValidatesCpuAndOpenCl() throws Exception {
        List<String> backends = new ArrayList<>(List.of("cpu"));
        boolean opencl = OpenClProbe.cached().preferred().isPresent();
        if (opencl) backends.add("opencl");
        else System.out.println("OpenCL part skipped: " + OpenClProbe.cached().failure());
        Path model = dir.resolve("model.onnx");
        Files.write(model, EmbeddedDefaults.model());
        BenchResult r = new BenchHarness(config(backends, model, true), QUIET).run();
        assertTrue(r.allValid(), () -> "mismatches: " + r.mismatches());
        assertEquals(backends.size(), r.backends().size());

        for (String b : List.of("cpu", opencl ? "opencl" : "cpu")) {
            for (String metric : List.of("copy", "kernel", "dwt", "encode", "decode")) {
                BenchResult.Row row = r.results().stream().filter(x -> x.backend().equals(b) && x.metric().equals(metric)).findFirst()
                        .orElseThrow(() -> new AssertionError(b + " " + metric + " missing"));
                assertEquals(64, row.size());
                assertNotNull(row.stats(), b + " " + metric);
                if (!metric.equals("copy")) assertEquals(2, row.stats().n());
                assertTrue(row.stats().minMs() <= row.stats().medianMs() && row.stats().medianMs() <= row.stats().maxMs());
                assertTrue(row.stats().firstMs() > 0 && row.mps() > 0);
                if (!metric.equals("copy")) assertTrue(row.vsCopy() > 0);
                assertFalse(row.device().isBlank());
                assertFalse(row.driver().isBlank());
            }
        }
        if (opencl) assertTrue(r.results().stream().anyMatch(x -> x.backend().equals("opencl") && x.metric().equals("transfer") && x.stats() != null));
        if (opencl) assertTrue(r.results().stream().anyMatch(x -> x.backend().equals("opencl") && x.metric().equals("dwt-transfer") && x.stats() != null));
        assertTrue(r.results().stream().anyMatch(x -> x.metric().equals("classify") && x.stats() != null && x.backend().startsWith("onnx:")));

        Path json = dir.resolve("out/bench.json"), png = dir.resolve("out/bench.png");
        BenchReport.json(r, json);
        BenchReport.plot(r, png);
        assertNotNull(ImageIO.read(png.toFile()));
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(root.path("valid").asBoolean());
        assertTrue(root.path("environment").path("jvm").asText().contains(System.getProperty("java.runtime.version")));
        assertTrue(root.path("environment").path("jvmFlags").isArray());
        assertEquals(64, root.path("config").path("sizes").get(0).asInt());
        JsonNode first = root.path("results").get(0);
        for (String f : List.of("size", "backend", "device", "driver", "metric", "bytes", "stats", "mps", "vsCopy", "vsJpeg", "valid", "check", "jvm", "jvmFlags"))
            assertTrue(first.has(f), "result field " + f + " in " + first);
        for (JsonNode row : root.path("results")) {
            if (row.path("stats").isNull()) continue;
            for (String f : List.of("firstMs", "n", "medianMs", "minMs", "maxMs", "spreadPct")) assertTrue(row.path("stats").has(f), f);
        }

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BenchReport.table(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        String t = table.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("median ms") && t.contains("64x64") && t.contains("every backend's output equals the cpu reference"), t);
    }

    /** A backend off by one count and one ulp: the kernel, the wavelet and the .spk mismatch, decode still agrees. */
    @Test
    void wrongBackendOutputIsReportedAsMismatch() throws Exception {
        BenchHarness.BackendOpener opener = spec -> spec.equals("corrupt") ? new Corrupt() : new BackendSelector().open(spec);
        BenchResult r = new BenchHarness(config(List.of("cpu", "corrupt"), null, false), opener, QUIET).run();
        assertFalse(r.allValid());
        BenchResult.Row kernel = row(r, "corrupt", "kernel"), encode = row(r, "corrupt", "encode"), decode = row(r, "corrupt", "decode");
        assertFalse(kernel.valid());
        assertNull(kernel.stats(), "a mismatched figure has no time");
        assertTrue(kernel.check().contains("MISMATCH") && kernel.check().contains("1 of 4096 counts differ"), kernel.check());
        BenchResult.Row dwt = row(r, "corrupt", "dwt");
        assertFalse(dwt.valid());
        assertTrue(dwt.check().contains("1 of 4096 coefficients differ"), dwt.check());
        assertFalse(encode.valid());
        assertTrue(encode.check().contains("MISMATCH"), encode.check());
        assertTrue(decode.valid());
        assertTrue(row(r, "cpu", "kernel").valid() && row(r, "cpu", "encode").valid());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BenchReport.table(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        String t = table.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("MISMATCH") && t.contains("3 MISMATCH(ES)"), t);
        Path json = dir.resolve("bad.json");
        BenchReport.json(r, json);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertFalse(root.path("valid").asBoolean());
    }

    /** The LIF job: cpu scalar and vector rows with rates and ratios, checked against the formula; a wrong backend's counts rejected. */
    @Test
    void lifJobRowsAndItsValidation() throws Exception {
        BenchHarness.BackendOpener opener = spec -> spec.equals("corrupt") ? new Corrupt() : new BackendSelector().open(spec);
        BenchConfig c = new BenchConfig(List.of(64), List.of("cpu", "corrupt"), 2, 1, PHOTO, 1.0, null, null, "cpu", false, false, List.of(4));
        BenchResult r = new BenchHarness(c, opener, QUIET).run();
        List<BenchResult.LifJobRow> cpu = r.lifJob().stream().filter(x -> x.backend().equals("cpu")).toList();
        assertTrue(cpu.stream().anyMatch(x -> x.impl().equals("scalar") && x.metric().equals("integrate")), cpu.toString());
        assertEquals(org.spikecodec.kernels.cpu.VectorSupport.available(), cpu.stream().anyMatch(x -> x.impl().startsWith("vector") && x.metric().equals("integrate")));
        for (BenchResult.LifJobRow row : cpu) {
            assertTrue(row.valid(), row.toString());
            assertEquals(768L * 512 * 3, row.neurons());
            assertTrue(row.stats().medianMs() > 0, row.toString());
            if (row.metric().equals("integrate")) {
                assertEquals(row.neurons() * 4, row.neuronSteps());
                assertTrue(row.perSecond() > 0 && row.vsCopy() > 0, row.toString());
                assertTrue(row.check().contains("equal to the closed form's discrete formula"), row.check());
            }
        }
        assertTrue(cpu.stream().anyMatch(x -> x.metric().equals("copy")) && cpu.stream().anyMatch(x -> x.metric().equals("closed form")));
        BenchResult.LifJobRow bad = r.lifJob().stream().filter(x -> x.backend().equals("corrupt") && x.metric().equals("integrate")).findFirst().orElseThrow();
        assertFalse(bad.valid());
        assertNull(bad.stats());
        assertTrue(bad.check().contains("1 of 1179648 counts differ"), bad.check());
        assertFalse(r.allValid());
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BenchReport.table(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        String t = table.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("LIF job") && t.contains("Gsteps/s") && t.contains("MISMATCH"), t);
        Path json = dir.resolve("lif.json");
        BenchReport.json(r, json);
        assertEquals(4, new ObjectMapper().readTree(json.toFile()).path("lifJob").get(0).path("steps").asInt());
    }

    static BenchResult.Row row(BenchResult r, String backend, String metric) {
        return r.results().stream().filter(x -> x.backend().equals(backend) && x.metric().equals(metric)).findFirst().orElseThrow();
    }

    /** An OpenCL device whose largest allocation is below one plane: the wavelet falls back to the cpu, and says so. */
    @Test
    void waveletFallbackIsTimedByTheWallClockAndLabelled() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClProbe.cached().preferred().isPresent(), "no OpenCL device");
        OpenClDevice d = OpenClProbe.cached().preferred().get();
        OpenClDevice tiny = new OpenClDevice(d.platformIndex(), d.deviceIndex(), d.platformName(), d.name(), d.type(), d.computeUnits(),
                d.globalMemBytes(), 8192, d.openclVersion(), d.denormals(), d.roundToNearest(), d.infNan());
        BenchHarness.BackendOpener opener = spec -> spec.equals("tiny") ? new OpenClBackend(tiny) : new BackendSelector().open(spec);
        BenchResult r = new BenchHarness(config(List.of("cpu", "tiny"), null, false), opener, QUIET).run();
        assertTrue(r.allValid(), () -> "mismatches: " + r.mismatches());
        BenchResult.Row dwt = row(r, "tiny", "dwt");
        assertTrue(dwt.check().contains("ran on the cpu backend"), dwt.check());
        assertTrue(dwt.stats().medianMs() > 0 && dwt.mps() > 0 && Double.isFinite(dwt.mps()), dwt.toString());
        assertTrue(r.results().stream().noneMatch(x -> x.backend().equals("tiny") && x.metric().equals("dwt-transfer")));
    }

    /** The cpu backend, except that the first count of every thresholding call is one too high and one wavelet coefficient an ulp off. */
    static final class Corrupt implements ComputeBackend {
        final CpuBackend cpu = new CpuBackend(1);
        @Override public String name() { return "corrupt"; }
        @Override public void lifThreshold(float[] in, int inOff, int len, float gain, float[] t, int[] out, int outOff) {
            cpu.lifThreshold(in, inOff, len, gain, t, out, outOff);
            if (len > 0) out[outOff]++;
        }
        @Override public void lifReadout(int[] c, int co, int len, float[] levels, float gain, float[] out, int oo) { cpu.lifReadout(c, co, len, levels, gain, out, oo); }
        @Override public void lifIntegrate(float[] in, int n, LifIntegration p, int[] c, int[] f) { cpu.lifIntegrate(in, n, p, c, f); c[0]++; }
        @Override public void dwtForward(float[] p, int w, int h, int l) {
            cpu.dwtForward(p, w, h, l);
            p[p.length - 1] = Math.nextUp(p[p.length - 1]); // one ulp off on one coefficient
        }
        @Override public void dwtInverse(float[] p, int w, int h, int l) { cpu.dwtInverse(p, w, h, l); }
        @Override public void separableBlur(float[] s, float[] d, int w, int h, float[] k) { cpu.separableBlur(s, d, w, h, k); }
        @Override public void separableBlurAdjoint(float[] s, float[] d, int w, int h, float[] k) { cpu.separableBlurAdjoint(s, d, w, h, k); }
        @Override public void close() { cpu.close(); }
    }
}
