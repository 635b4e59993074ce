package org.spikecodec.evaluator.codecs;

import java.io.IOException;
import java.util.Objects;

/**
 * A session's most recent decoding, kept so that a target that picks the encoding decoded just before (the grid
 * rates below a codec's lowest reachable rate all pick its lowest encoding) does not decode it again. Only that one
 * is kept: a session of a large photo must not hold a decoded image per rate (a 4.5-megapixel colour photo decodes
 * to 54 MB of float planes, and a sweep asks a session for 12 grid rates and 4 bisection probes per model). An
 * encoding picked again later is decoded again, to the same image.
 */
final class LastDecoded {
    /** A decoding, run only when the key is not the last one's. */
    interface Decoder { RateCodec.Compressed decode() throws IOException; }

    private Object key;
    private RateCodec.Compressed value;

    /**
     * The decoding of the encoding {@code key} names ({@link Object#equals}; an array or an object without its own
     * equals names itself): the last one when the key is the same, else {@code decoder}'s, which replaces it.
     */
    RateCodec.Compressed get(Object key, Decoder decoder) throws IOException {
        Objects.requireNonNull(key);
        if (value != null && key.equals(this.key)) return value;
        value = null; // let the previous image go before decoding the next
        this.key = null;
        RateCodec.Compressed c = decoder.decode();
        this.key = key;
        value = c;
        return c;
    }
}
