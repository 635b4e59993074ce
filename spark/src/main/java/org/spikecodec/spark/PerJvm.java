package org.spikecodec.spark;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor JVM opens once and keeps for every task it runs (classifier sessions, compute backends, codecs),
 * keyed by what it was opened from (a spec and the task's GPU); closed when the JVM exits. Opening is serialized:
 * two tasks starting together must not both load the models.
 */
final class PerJvm {
    private static final Logger log = LoggerFactory.getLogger(PerJvm.class);
    private static final Map<Object, AutoCloseable> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PerJvm::closeAll, "spikecodec-per-jvm-close"));
    }

    private PerJvm() {}

    interface Opener<T extends AutoCloseable> { T open() throws IOException; }

    /** This JVM's {@code T} for {@code key}, opened by {@code opener} on first use. */
    static <T extends AutoCloseable> T get(Object key, Class<T> type, Opener<T> opener) throws IOException {
        AutoCloseable held = OPEN.get(key);
        if (held == null) {
            synchronized (OPEN) {
                held = OPEN.get(key);
                if (held == null) {
                    held = opener.open();
                    OPEN.put(key, held);
                }
            }
        }
        return type.cast(held);
    }

    private static void closeAll() {
        for (AutoCloseable c : OPEN.values()) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} at exit: {}", c, e.toString());
            }
        }
        OPEN.clear();
    }
}
