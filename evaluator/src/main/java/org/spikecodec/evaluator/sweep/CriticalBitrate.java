package org.spikecodec.evaluator.sweep;

import java.util.List;
import java.util.Locale;
import org.spikecodec.evaluator.Csv;

/**
 * The lowest rate at which an image is still classified as on the original, for one codec, found by
 * bisection on the codec's rate target. {@code censored} is {@code below} when the image keeps its class
 * even at the lowest rate tried, {@code above} when it loses it even at the highest (bpp is then that bound).
 */
public record CriticalBitrate(String image, String codec, double bpp, String censored) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final List<String> HEADER = List.of("image", "codec", "critical_bpp", "censored");

    public String key() { return image + '\u0000' + codec; }

    public String toCsv() {
        return String.join(",", Csv.quote(image), codec, String.format(Locale.ROOT, "%.6g", bpp), censored == null ? "" : censored);
    }

    public static CriticalBitrate parse(String line) {
        List<String> f = Csv.split(line);
        if (f == null || f.size() != HEADER.size()) return null;
        try {
            return new CriticalBitrate(f.get(0), f.get(1), Double.parseDouble(f.get(2)), f.get(3).isEmpty() ? null : f.get(3));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
