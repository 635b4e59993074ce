package org.spikecodec.evaluator;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Codecs whose tools are missing are reported once, with the package to install, and left out of the run. */
class AvailableCodecsTest {
    /** Run in a child JVM whose PATH is empty: prints the notices, then the codecs that can run. */
    public static void main(String[] args) {
        List<String> run = Evaluation.availableCodecs(List.of(args), notice -> System.out.println("NOTICE " + notice));
        System.out.println("RUN " + String.join(",", run));
    }

    @Test
    void missingToolsAreSkippedWithOneNoticeEach() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), AvailableCodecsTest.class.getName(),
                "jpeg", "webp", "avif", "spike-dwt", "jxl", "jpeg2000-opj", "webp", "jpeg2000", "jpeg2000-jj2000").redirectErrorStream(true);
        pb.environment().put("PATH", "");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> notices = new ArrayList<>(), run = new ArrayList<>();
        for (String line : out.split("\\R")) {
            if (line.startsWith("NOTICE ")) notices.add(line.substring(7));
            if (line.startsWith("RUN ")) run.add(line.substring(4));
        }
        assertEquals(List.of("jpeg,spike-dwt,jpeg2000-jj2000"), run, out);
        assertEquals(5, notices.size(), "one per unavailable codec, webp asked twice: " + out);
        assertTrue(notices.get(0).contains("cwebp") && notices.get(0).contains("apt-get install webp") && notices.get(0).endsWith("skipping webp."), notices.get(0));
        assertTrue(notices.get(1).contains("avifenc") && notices.get(1).contains("apt-get install libavif-bin"), notices.get(1));
        assertTrue(notices.get(2).contains("cjxl") && notices.get(2).contains("apt-get install libjxl-tools"), notices.get(2));
        assertTrue(notices.get(3).contains("libopenjp2-tools"), notices.get(3));
        assertTrue(notices.get(4).contains("libopenjp2-tools") && notices.get(4).contains("jpeg2000-jj2000") && notices.get(4).endsWith("skipping jpeg2000."),
                notices.get(4));
    }

    @Test
    void withTheToolsInstalledEveryCodecRuns() {
        List<String> notices = new ArrayList<>();
        List<String> run = Evaluation.availableCodecs(List.of("jpeg", "jpeg2000", "jpeg2000-jj2000", "spike-dwt"), notices::add);
        assertEquals(List.of("jpeg", "jpeg2000", "jpeg2000-jj2000", "spike-dwt"), run);
        assertEquals(List.of(), notices);
    }
}
