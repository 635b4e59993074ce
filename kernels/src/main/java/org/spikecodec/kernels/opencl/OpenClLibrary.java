package org.spikecodec.kernels.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the system's OpenCL library (the ICD loader) the way the dynamic linker would, before JOCL is asked to load it.
 *
 * <p>Why: when JOCL's native code cannot {@code dlopen} a candidate ({@code libOpenCL.so.1}, then {@code libOpenCL.so}
 * on Linux) it reports so with {@code vfprintf(stdout, ...)} (JOCL's {@code Logger.cpp}): C's stdout, out of reach of
 * {@code System.setOut}, flushed at exit after every result. That broke every {@code --json} output on a machine
 * without OpenCL. So on Linux JOCL is loaded only when a candidate exists as an ELF shared object of this JVM's class
 * and machine in one of the places {@code dlopen} searches: {@code LD_LIBRARY_PATH}, the paths listed in
 * {@code /etc/ld.so.cache}, and the system directories. Elsewhere JOCL is loaded as before.
 */
public final class OpenClLibrary {
    /** JOCL 2.0's Linux candidates, in its order. */
    public static final List<String> NAMES = List.of("libOpenCL.so.1", "libOpenCL.so");
    private static final Path LD_SO_CACHE = Path.of("/etc/ld.so.cache");
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private OpenClLibrary() {}

    /** Whether this platform's candidates are checked here (Linux); elsewhere {@link #unavailableReason()} is always empty. */
    public static boolean checked() { return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"); }

    /**
     * Why JOCL must not be loaded, or empty when it may: on Linux, no candidate is a loadable-looking shared object
     * where the dynamic linker looks (the reason names where it looked and what it rejected).
     */
    public static Optional<String> unavailableReason() {
        if (!checked()) return Optional.empty();
        List<String> rejected = new ArrayList<>();
        for (Path p : candidates()) {
            String why = whyNotLoadable(p);
            if (why == null) return Optional.empty();
            rejected.add(p + " " + why);
        }
        return Optional.of("OpenCL library not found: no " + String.join(" or ", NAMES) + " in LD_LIBRARY_PATH, " + LD_SO_CACHE + " or "
                + String.join(", ", systemDirectories()) + (rejected.isEmpty() ? "" : " (rejected: " + String.join("; ", rejected) + ")"));
    }

    /** Every existing file the dynamic linker could open for a candidate name, in its search order, without repeats. */
    public static List<Path> candidates() {
        Set<Path> out = new LinkedHashSet<>();
        List<String> dirs = new ArrayList<>();
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) for (String d : ldPath.split(":")) if (!d.isEmpty()) dirs.add(d);
        for (String name : NAMES) {
            for (String d : dirs) addIfExists(out, Path.of(d, name));
            for (String p : cachedPaths(name)) addIfExists(out, Path.of(p));
            for (String d : systemDirectories()) addIfExists(out, Path.of(d, name));
        }
        return List.copyOf(out);
    }

    private static void addIfExists(Set<Path> out, Path p) {
        if (Files.exists(p)) out.add(p.toAbsolutePath().normalize());
    }

    /** The paths {@code /etc/ld.so.cache} gives for {@code name}: its string table holds every library's full path. */
    private static List<String> cachedPaths(String name) {
        List<String> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(LD_SO_CACHE) || Files.size(LD_SO_CACHE) > 64 << 20) return out;
            String table = new String(Files.readAllBytes(LD_SO_CACHE), StandardCharsets.ISO_8859_1);
            for (String s : table.split("\0")) if (s.startsWith("/") && s.endsWith("/" + name)) out.add(s);
        } catch (IOException | SecurityException e) {
            // Unreadable cache: the directories are still searched.
        }
        return out;
    }

    /** The linker's built-in directories: the multiarch ones of this JVM's architecture first, as Debian's ld.so has them. */
    private static List<String> systemDirectories() {
        List<String> dirs = new ArrayList<>();
        String triplet = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            case "ppc64le" -> "powerpc64le-linux-gnu";
            case "s390x" -> "s390x-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            default -> null;
        };
        if (triplet != null) {
            dirs.add("/lib/" + triplet);
            dirs.add("/usr/lib/" + triplet);
        }
        dirs.addAll(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib"));
        return dirs;
    }

    /** Null when {@code p} looks loadable by this JVM: a readable ELF file of its word size and machine; else why not. */
    static String whyNotLoadable(Path p) {
        byte[] h;
        try (InputStream in = Files.newInputStream(p)) {
            h = in.readNBytes(20);
        } catch (IOException | SecurityException e) {
            return "is not readable (" + e.getMessage() + ")";
        }
        if (h.length < 20 || !Arrays.equals(Arrays.copyOf(h, 4), ELF_MAGIC)) return "is not an ELF shared object";
        int wordSize = "32".equals(System.getProperty("sun.arch.data.model")) ? 1 : 2; // EI_CLASS: 1 = 32-bit, 2 = 64-bit
        if (h[4] != wordSize) return "is a " + (h[4] == 1 ? "32" : "64") + "-bit library";
        int machine = h[5] == 2 ? ((h[18] & 0xff) << 8) | (h[19] & 0xff) : ((h[19] & 0xff) << 8) | (h[18] & 0xff); // e_machine
        Integer expected = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 62;
            case "aarch64" -> 183;
            default -> null; // not checked
        };
        if (expected != null && machine != expected) return "is for another machine (ELF e_machine " + machine + ")";
        return null;
    }
}
