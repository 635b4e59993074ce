package org.spikecodec.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against OpenCL drivers that replace the JVM's signal handlers (issue 11, item 5). Each case runs a fresh
 * JVM that reports what the probe and a division by zero did; its main is kept out of the JIT, so that the division is
 * the interpreter's, which relies on the JVM's SIGFPE handler (compiled code tests the divisor explicitly).
 */
class SignalChainingTest {
    @TempDir Path dir;

    /** The child JVM's main: loads the OpenCL driver if the probe will, then divides by zero. */
    public static final class ProbeThenDivide {
        static volatile int zero = 0;

        public static void main(String[] args) {
            OpenClProbe probe = OpenClProbe.run();
            System.out.println("chained=" + SignalChaining.active());
            System.out.println("available=" + probe.available());
            System.out.println("failure=" + probe.failure());
            try {
                System.out.println("division=returned " + (7 / zero));
            } catch (ArithmeticException e) {
                System.out.println("division=threw");
            }
        }
    }

    /**
     * The child JVM's main for the crash itself: threads spin in compiled loops, the driver loads, then garbage
     * collections stop the world again and again. At each stop every spinning thread faults on its safepoint poll page
     * at about the same time; with the driver's one-shot handler in place, the first fault resets SIGSEGV to its
     * default action and a second one, a moment later, kills the process (exit 139, no hs_err file).
     */
    public static final class SafepointStorm {
        static volatile boolean stop;
        static volatile long sink;

        public static void main(String[] args) throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                Thread t = new Thread(() -> {
                    long s = 0;
                    while (!stop) for (int k = 0; k < 1_000_000; k++) s += k ^ (s >>> 3);
                    sink += s;
                });
                t.setDaemon(true);
                t.start();
            }
            Thread.sleep(2000); // the loops get compiled: compiled code polls by touching a page, the interpreter does not
            System.out.println("available=" + OpenClProbe.run().available());
            for (int i = 0; i < 50; i++) {
                System.gc();
                Thread.sleep(5);
            }
            stop = true;
            System.out.println("survived=true");
        }
    }

    private record Child(int code, Map<String, String> said, String err) {}

    private Child child(boolean preload, String... jvmOptions) throws IOException, InterruptedException {
        return child(List.of(), ProbeThenDivide.class, preload, jvmOptions);
    }

    /** Runs {@code main} in a fresh JVM behind {@code prefix} (e.g. strace), with or without libjsig preloaded. */
    private Child child(List<String> prefix, Class<?> main, boolean preload, String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude," + ProbeThenDivide.class.getName() + "::main"));
        cmd.addAll(List.of(jvmOptions));
        String cp = System.getProperty("surefire.test.class.path");
        cmd.addAll(List.of("-cp", cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path"), main.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("LD_PRELOAD");
        if (preload) pb.environment().put("LD_PRELOAD", SignalChaining.library().orElseThrow().toString());
        pb.environment().putIfAbsent("POCL_CACHE_DIR", dir.resolve("pocl").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        Map<String, String> said = new java.util.HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) said.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new Child(p.exitValue(), said, java.nio.file.Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void testJvmsRunWithSignalChainingWhereTheJdkHasIt() {
        assumeTrue(SignalChaining.checked() && SignalChaining.library().isPresent(), "no /proc or no libjsig.so in this JDK");
        // The build preloads it into every test JVM (pom.xml, profile signal-chaining): without it the OpenCL tests
        // would quietly skip, their probe refusing to load the driver.
        assertTrue(SignalChaining.active(), "LD_PRELOAD=" + System.getenv("LD_PRELOAD"));
        assertTrue(SignalChaining.refusal().isEmpty());
    }

    @Test
    void openClIsAvailableWhereTheBuildRequiresIt() {
        // CI sets this where PoCL is installed: there a probe that finds no device (an unchained test JVM, a missing
        // kernel cache) must fail the build, not turn every OpenCL test into a skip.
        assumeTrue("1".equals(System.getenv("SPIKECODEC_REQUIRE_OPENCL")), "SPIKECODEC_REQUIRE_OPENCL is not 1");
        OpenClProbe probe = OpenClProbe.cached();
        assertTrue(probe.available() && probe.preferred().isPresent(), () -> "no exact-capable OpenCL device: " + probe.failure());
    }

    @Test
    void withoutChainingTheDriverIsNotLoadedAndDivisionStillThrows() throws Exception {
        assumeTrue(SignalChaining.checked(), "signal chaining is only checked on Linux");
        assumeTrue(OpenClLibrary.unavailableReason().isEmpty(), "no OpenCL library here");
        Child c = child(false);
        assertEquals(0, c.code(), c.err());
        assertEquals("false", c.said().get("chained"));
        assertEquals("false", c.said().get("available"));
        assertTrue(c.said().get("failure").contains("LD_PRELOAD=") && c.said().get("failure").contains("libjsig.so"), c.said().toString());
        assertEquals("threw", c.said().get("division"));
    }

    @Test
    void withChainingTheDriverLoadsAndTheJvmKeepsItsHandlers() throws Exception {
        assumeTrue(SignalChaining.checked() && SignalChaining.library().isPresent(), "no /proc or no libjsig.so in this JDK");
        OpenClProbe here = OpenClProbe.cached();
        assumeTrue(here.available(), () -> "no OpenCL device here: " + here.failure());
        Child c = child(true);
        assertEquals(0, c.code(), c.err());
        assertEquals("true", c.said().get("chained"));
        assertEquals("true", c.said().get("available"), c.said().toString());
        // PoCL's SIGFPE handler, had it replaced the JVM's, would step over the division and return 7.
        assertEquals("threw", c.said().get("division"));
    }

    @Test
    void theRefusalCanBeOverruledByThePropertyAlone() throws Exception {
        assumeTrue(SignalChaining.checked(), "signal chaining is only checked on Linux");
        OpenClProbe here = OpenClProbe.cached();
        assumeTrue(here.available(), () -> "no OpenCL device here: " + here.failure());
        Child c = child(false, "-D" + SignalChaining.ALLOW_PROPERTY + "=true");
        assertEquals(0, c.code(), c.err());
        assertEquals("true", c.said().get("available"), c.said().toString());
        assertFalse(c.said().get("failure").contains("libjsig"));
    }

    @Test
    void theSafepointStormKillsAnUnchainedJvmAndNotAChainedOne() throws Exception {
        assumeTrue(SignalChaining.checked() && SignalChaining.library().isPresent(), "no /proc or no libjsig.so in this JDK");
        OpenClProbe here = OpenClProbe.cached();
        assumeTrue(here.available(), () -> "no OpenCL device here: " + here.failure());
        // strace stops each thread at every signal it receives, which widens the window between the first fault and the
        // driver's handler restoring the JVM's from microseconds to milliseconds: the rare crash becomes a sure one.
        List<String> strace = List.of("strace", "-f", "-qq", "-e", "trace=none", "-e", "signal=SIGSEGV", "-o", "/dev/null");
        assumeTrue(runs(List.of("strace", "-qq", "-o", "/dev/null", "true")), "strace is not installed or may not trace here");
        boolean reproduced = false;
        for (int attempt = 0; attempt < 3 && !reproduced; attempt++) {
            Child c = child(strace, SafepointStorm.class, false, "-D" + SignalChaining.ALLOW_PROPERTY + "=true");
            reproduced = c.code() == 128 + 11 && !c.said().containsKey("survived");
        }
        assumeTrue(reproduced, "the storm did not crash an unchained JVM here, so a chained one surviving it would prove nothing");
        for (int attempt = 0; attempt < 2; attempt++) {
            Child c = child(strace, SafepointStorm.class, true);
            assertEquals(0, c.code(), "a chained JVM died (attempt " + attempt + "): " + c.err());
            assertEquals("true", c.said().get("available"));
            assertEquals("true", c.said().get("survived"));
        }
    }

    private static boolean runs(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
