package org.spikecodec.engine;

import java.util.Locale;

/**
 * Refuses work that would exhaust the Java heap, before it allocates anything, like libjpeg's and ImageMagick's resource
 * limits: a clear bad-input error (exit code 3) instead of an {@link OutOfMemoryError} half-way. The limit is the JVM's
 * own ({@code -Xmx}, {@link Runtime#maxMemory()}) less what is in use.
 */
public final class HeapBudget {
    /**
     * Heap asked beyond the live bytes, in quarters of them: the collector must also find room to place large arrays
     * (G1 does not move them, so free regions end up scattered between them; Serial and Parallel keep part of the heap
     * for young objects). Measured on an 8192x8192 grey decoding whose arrays total 720 MiB: out of memory with
     * -Xmx760m, decoded with 820 MiB under G1 and 900 MiB under Serial and Parallel.
     */
    static final int HEADROOM_QUARTERS = 1;

    private HeapBudget() {}

    /** The heap that work holding {@code liveBytes} at its peak asks for, headroom included. */
    public static long withHeadroom(long liveBytes) { return liveBytes + liveBytes / 4 * HEADROOM_QUARTERS; }

    /** Heap this JVM can still give: its maximum less what is in use now (garbage included). */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Whether work holding {@code liveBytes} fits now, without collecting garbage (for choosing how to work, not for refusing). */
    public static boolean fits(long liveBytes) { return withHeadroom(liveBytes) <= available(); }

    /**
     * Garbage is collected once before refusing, so that a long-running program is not refused for memory it no longer
     * uses.
     *
     * @param liveBytes what the work holds at its peak
     * @param what       the work and its object, e.g. "decoding this 8192x8192 colour image"
     * @throws InvalidInputException saying what needs how much, what the heap has, and how to give it more
     */
    public static void require(long liveBytes, long pixels, String what) throws InvalidInputException {
        long bytes = withHeadroom(liveBytes);
        if (bytes <= available()) return;
        System.gc();
        long available = available(), max = Runtime.getRuntime().maxMemory();
        if (bytes <= available) return;
        throw new InvalidInputException(String.format(Locale.ROOT,
                "%s needs about %s of heap (%.1f bytes per pixel, and a quarter more for the collector) but this JVM has %s free of %s (-Xmx); "
                        + "give Java more memory (e.g. SPIKECODEC_JAVA_OPTS=-Xmx%dm) or use a smaller image",
                what, mib(bytes), (double) liveBytes / Math.max(1, pixels), mib(available), mib(max), suggestedXmxMib(bytes - available + max)));
    }

    /**
     * An {@code -Xmx} that gives at least {@code maxMemory} bytes: a quarter more, since {@link Runtime#maxMemory()} is
     * less than {@code -Xmx} under some collectors (Parallel leaves out a survivor space: 889 MiB of -Xmx1000m), in
     * steps of 256 MiB.
     */
    static long suggestedXmxMib(long maxMemory) {
        long mib = (maxMemory + maxMemory / 4 + (1 << 20) - 1) >> 20;
        return (mib + 255) / 256 * 256;
    }

    static String mib(long bytes) { return String.format(Locale.ROOT, "%d MiB", (bytes + (1 << 20) - 1) >> 20); }
}
