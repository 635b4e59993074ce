package org.spikecodec.evaluator.sweep;

import java.util.List;
import java.util.Locale;
import org.spikecodec.evaluator.Csv;

/**
 * One row of {@code records.csv}: one image through one codec at one target rate, classified.
 * The uncompressed reference of each image is a row with codec {@value #ORIGINAL} and NaN rates.
 *
 * @param image        the sample's stable id
 * @param label        ground-truth class, or -1 without labels
 * @param codec        codec name ({@code spike-dwt}, {@code jpeg}, ...) or {@value #ORIGINAL}
 * @param targetBpp    the rate asked for
 * @param bpp          the rate obtained: payload bits per pixel (see RateCodec.Compressed)
 * @param fileBpp      the rate of the whole file, headers included
 * @param psnr         against the original, dB (+inf when identical)
 * @param ssim         against the original
 * @param setting      the codec knob that produced it
 * @param top1         predicted class
 * @param referenceTop1 predicted class on the original image
 * @param top5         whether the label (or, without labels, the reference class) is in the top 5
 * @param referenceProbability the probability the model gives this image's reference class (its top-1 class on the
 *                     original): on the original, the original's confidence; on a reconstruction, how much of it is
 *                     kept. NaN when unknown (records written before it was recorded)
 */
public record EvalRecord(String image, int label, String codec, double targetBpp, double bpp, double fileBpp, double psnr,
                         double ssim, String setting, int top1, int referenceTop1, boolean top5, double referenceProbability)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ORIGINAL = "original";
    public static final List<String> HEADER = List.of("image", "label", "codec", "target_bpp", "bpp", "file_bpp", "psnr", "ssim",
            "setting", "top1", "reference_top1", "top5_correct", "p_reference", "correct");

    /** A record without the reference class's probability. */
    public EvalRecord(String image, int label, String codec, double targetBpp, double bpp, double fileBpp, double psnr, double ssim,
                      String setting, int top1, int referenceTop1, boolean top5) {
        this(image, label, codec, targetBpp, bpp, fileBpp, psnr, ssim, setting, top1, referenceTop1, top5, Double.NaN);
    }

    /** Correct: the label when there is one, else the same top-1 as on the original (fidelity). */
    public boolean correct() { return label >= 0 ? top1 == label : top1 == referenceTop1; }

    /** Same top-1 as on the original, whatever the label: what the critical bitrate tracks. */
    public boolean faithful() { return top1 == referenceTop1; }

    /** Image, codec and target rate as the journal writes it (6 significant digits), so that a resumed run finds its records. */
    public String key() { return image + '\u0000' + codec + '\u0000' + num(targetBpp); }

    public String toCsv() {
        return String.join(",", Csv.quote(image), Integer.toString(label), codec, num(targetBpp), num(bpp), num(fileBpp), num(psnr),
                num(ssim), Csv.quote(setting), Integer.toString(top1), Integer.toString(referenceTop1), Boolean.toString(top5),
                num(referenceProbability), Boolean.toString(correct()));
    }

    /**
     * Parses a line written by {@link #toCsv}, or by the version before the reference probability was recorded (13
     * columns; the probability is then NaN); null when the line is incomplete (a crash mid-write).
     */
    public static EvalRecord parse(String line) {
        List<String> f = Csv.split(line);
        if (f == null || (f.size() != HEADER.size() && f.size() != HEADER.size() - 1)) return null;
        try {
            return new EvalRecord(f.get(0), Integer.parseInt(f.get(1)), f.get(2), Double.parseDouble(f.get(3)), Double.parseDouble(f.get(4)),
                    Double.parseDouble(f.get(5)), Double.parseDouble(f.get(6)), Double.parseDouble(f.get(7)), f.get(8),
                    Integer.parseInt(f.get(9)), Integer.parseInt(f.get(10)), Boolean.parseBoolean(f.get(11)),
                    f.size() == HEADER.size() ? Double.parseDouble(f.get(12)) : Double.NaN);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
