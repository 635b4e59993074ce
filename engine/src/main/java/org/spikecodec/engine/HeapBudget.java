package org.spikecodec.engine;

import java.util.Locale;

/**
 * Refuses work that would exhaust the Java heap, before it allocates anything, like libjpeg's and ImageMagick's resource
 * limits: a clear bad-input error (exit code 3) instead of an {@link OutOfMemoryError} half-way. The limit is the JVM's
 * own ({@code -Xmx}, {@link Runtime#maxMemory()}) less what is in use.
 */
public final class HeapBudget {
    private HeapBudget() {}

    /** Heap this JVM can still give: its maximum less what is in use now (garbage included). */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Whether {@code bytes} fit now, without collecting garbage (for choosing how to work, not for refusing). */
    public static boolean fits(long bytes) { return bytes <= available(); }

    /**
     * Garbage is collected once before refusing, so that a long-running program is not refused for memory it no longer
     * uses.
     *
     * @param what   the work and its object, e.g. "decoding this 8192x8192 colour image"
     * @throws InvalidInputException saying what needs how much, what the heap has, and how to give it more
     */
    public static void require(long bytes, long pixels, String what) throws InvalidInputException {
        if (bytes <= available()) return;
        System.gc();
        long available = available(), max = Runtime.getRuntime().maxMemory();
        if (bytes <= available) return;
        throw new InvalidInputException(String.format(Locale.ROOT,
                "%s needs about %s of heap (%.1f bytes per pixel) but this JVM has %s free of %s (-Xmx); "
                        + "give Java more memory (e.g. SPIKECODEC_JAVA_OPTS=-Xmx%dm) or use a smaller image",
                what, mib(bytes), (double) bytes / Math.max(1, pixels), mib(available), mib(max), ((bytes - available + max) >> 20) + 64));
    }

    static String mib(long bytes) { return String.format(Locale.ROOT, "%d MiB", (bytes + (1 << 20) - 1) >> 20); }
}
