package org.spikecodec.evaluator.classify;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an image becomes a model input: resize (shorter side), centre crop, scale to [0,1], normalise per
 * channel, channel order and tensor layout. Immutable; presets for the common cases.
 *
 * @param resizeShorter shorter side after resizing, before the crop; 0 = resize straight to the crop size
 * @param width         model input width (the crop)
 * @param height        model input height
 * @param channels      1 (grey) or 3
 * @param mean          per channel, subtracted after scaling to [0,1]
 * @param std           per channel, divided after subtracting the mean
 * @param bgr           channel order BGR instead of RGB (Caffe-style models)
 * @param nhwc          layout NHWC instead of NCHW
 */
public record Preprocessing(int resizeShorter, int width, int height, int channels, double[] mean, double[] std, boolean bgr, boolean nhwc) {

    public Preprocessing {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) throw new IllegalArgumentException("input size " + width + "x" + height + " out of range");
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("models with " + channels + " input channels are not supported (1 or 3)");
        if (resizeShorter < 0) throw new IllegalArgumentException("resize must be >= 0");
        if (mean.length != channels || std.length != channels)
            throw new IllegalArgumentException("mean and std need " + channels + " values each");
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("std values must be > 0");
        mean = mean.clone();
        std = std.clone();
    }

    @Override public double[] mean() { return mean.clone(); }
    @Override public double[] std() { return std.clone(); }

    /** ImageNet: shorter side 256, centre crop 224, ImageNet mean and std, RGB, NCHW. */
    public static Preprocessing imagenet() {
        return new Preprocessing(256, 224, 224, 3, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, false, false);
    }

    /**
     * Caffe-converted ImageNet models (SqueezeNet 1.1 among them): shorter side 256, centre crop 224, BGR, 0..255 minus
     * the per-channel means (104, 117, 123) in B, G, R order, i.e. on the [0,1] scale mean 104/255... and std 1/255.
     */
    public static Preprocessing caffe() {
        double s = 1 / 255.0;
        return new Preprocessing(256, 224, 224, 3, new double[] {104 / 255.0, 117 / 255.0, 123 / 255.0}, new double[] {s, s, s}, true, false);
    }

    /** The same with the resize and crop replaced by a resize straight to the input (for images already at the input size). */
    public Preprocessing withResizeShorter(int v) { return new Preprocessing(v, width, height, channels, mean, std, bgr, nhwc); }

    /** Scale to [0,1] and resize straight to the model's input. */
    public static Preprocessing unit(int width, int height, int channels, boolean nhwc) {
        double[] zero = new double[channels], one = new double[channels];
        Arrays.fill(one, 1);
        return new Preprocessing(0, width, height, channels, zero, one, false, nhwc);
    }

    /**
     * The shipped Fashion-MNIST model's contract (see the model's README): 28x28 grey, [0,1], then the
     * training set's mean and standard deviation.
     */
    public static Preprocessing fashionMnist() {
        return new Preprocessing(0, 28, 28, 1, new double[] {FASHION_MEAN}, new double[] {FASHION_STD}, false, false);
    }

    static final double FASHION_MEAN = 0.2860, FASHION_STD = 0.3530;

    public Preprocessing withNhwc(boolean v) { return new Preprocessing(resizeShorter, width, height, channels, mean, std, bgr, v); }

    @Override public String toString() {
        return String.format(Locale.ROOT, "%dx%dx%d%s, resize %s, mean %s, std %s, %s", width, height, channels, nhwc ? " NHWC" : " NCHW",
                resizeShorter == 0 ? "to input" : "shorter side " + resizeShorter + " then centre crop", Arrays.toString(mean), Arrays.toString(std), bgr ? "BGR" : "RGB");
    }
}
