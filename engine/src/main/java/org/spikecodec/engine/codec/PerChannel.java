package org.spikecodec.engine.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.spikecodec.engine.InvalidInputException;

/**
 * Work that is independent across colour channels (the entropy coder's: each channel is its own range-coded
 * stream), run with one task per channel on the common fork-join pool. Results come back in channel order, and a
 * failure is reported as the lowest failing channel's, so the outcome does not depend on the scheduling.
 */
final class PerChannel {
    private PerChannel() {}

    /** Per-channel work that can refuse its input. */
    @FunctionalInterface
    interface CheckedFunction<T> { T apply(int channel) throws InvalidInputException; }

    static <T> List<T> map(int channels, IntFunction<T> work) {
        try {
            return mapChecked(channels, true, work::apply);
        } catch (InvalidInputException e) {
            throw new IllegalStateException(e); // unreachable: an IntFunction cannot throw it
        }
    }

    /** @param parallel false to run the channels one after the other (when the heap has room for one channel's work only) */
    static <T> List<T> mapChecked(int channels, boolean parallel, CheckedFunction<T> work) throws InvalidInputException {
        Object[] results = new Object[channels];
        Throwable[] failures = new Throwable[channels];
        IntStream range = IntStream.range(0, channels);
        (parallel ? range.parallel() : range).forEach(c -> {
            try {
                results[c] = work.apply(c);
            } catch (InvalidInputException | RuntimeException | Error e) {
                failures[c] = e;
            }
        });
        for (Throwable f : failures) {
            if (f instanceof InvalidInputException e) throw e;
            if (f instanceof RuntimeException e) throw e;
            if (f instanceof Error e) throw e;
        }
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) new ArrayList<>(Arrays.asList(results));
        return out;
    }
}
