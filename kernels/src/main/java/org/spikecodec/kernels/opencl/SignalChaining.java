package org.spikecodec.kernels.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether this JVM runs with HotSpot's signal chaining ({@code libjsig}), which an OpenCL driver needs in-process.
 *
 * <p>Why: the JVM handles SIGSEGV, SIGBUS, SIGILL and SIGFPE itself (null checks, safepoint polls, integer division
 * by zero). PoCL, as soon as the ICD loader initialises it (the first {@code clGetPlatformIDs}), lets LLVM replace
 * those handlers with one-shot ones ({@code SA_RESETHAND}) and installs its own SIGFPE handler, which steps over a
 * faulting integer division. Measured here (PoCL 3.1, LLVM 15, Java 17 and 25): afterwards an interpreted {@code 7 / 0}
 * returns 7 instead of throwing {@link ArithmeticException}, and a fault the JVM expects to handle can meet the
 * default action instead: the process dies by SIGSEGV with no {@code hs_err} file (issue 11, item 5: exit 139 in 2 of
 * about 70 CLI runs and about 1 in 10 test-suite runs; every time under strace, which widens the race). With {@code libjsig.so} preloaded the JVM's handlers stay in place and the
 * driver's are only chained behind them (the JVM calls them for signals it does not recognise as its own).
 *
 * <p>Preloading has to happen before the JVM starts ({@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}): the launcher,
 * the test configuration and the container images do it. A process without it does not load the OpenCL library at all
 * (its probe says why), unless {@value #ALLOW_PROPERTY}{@code =true} accepts the risk.
 */
public final class SignalChaining {
    /** System property that lets OpenCL load without signal chaining (the risk above, for a user who knows their driver). */
    public static final String ALLOW_PROPERTY = "spikecodec.opencl.allowUnchained";
    private static final Path MAPS = Path.of("/proc/self/maps");

    private SignalChaining() {}

    /** Whether signals matter here: on Linux the check is made; elsewhere (no {@code /proc}) it is not. */
    public static boolean checked() { return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") && Files.isReadable(MAPS); }

    /** True when a {@code libjsig} library is mapped into this process (it can only get there by preloading). */
    public static boolean active() {
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.anyMatch(l -> l.endsWith("/libjsig.so"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** This JVM's own {@code libjsig.so}, the file to preload, when it has one. */
    public static Optional<Path> library() {
        Path p = Path.of(System.getProperty("java.home", ""), "lib", "libjsig.so");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Why the OpenCL library must not be loaded into this process, or empty when it may: on Linux, without signal
     * chaining and without {@value #ALLOW_PROPERTY}. The reason says what to do.
     */
    public static Optional<String> refusal() {
        if (!checked() || active() || Boolean.getBoolean(ALLOW_PROPERTY)) return Optional.empty();
        String lib = library().map(Path::toString).orElse("$JAVA_HOME/lib/libjsig.so");
        return Optional.of("OpenCL not loaded: this JVM runs without signal chaining, and OpenCL drivers such as PoCL replace "
                + "the JVM's signal handlers (integer division by zero stops throwing, rare SIGSEGV crashes); start the JVM with "
                + "LD_PRELOAD=" + lib + " (the spikecodec launcher does), or set -D" + ALLOW_PROPERTY + "=true to load it anyway");
    }
}
