package org.spikecodec.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.spikecodec.engine.lif.LifParameters;
import org.spikecodec.engine.lif.SteppedLifEncoder;
import org.spikecodec.kernels.ConstantInputSpikes;
import org.spikecodec.kernels.LifIntegration;

/**
 * The LIF job as spiking-network frameworks run it (issue 13, item 4), shared by {@code spikecodec bench} and JMH:
 * one neuron per colour sample of a 768x512 RGB photo, its input the sample scaled to [0, 1] and held constant over
 * the window, integrated in T time steps of dt = W / T with reset to zero, with the LIFQ reference code's parameters
 * (W = 66 ms, tau = 7 ms, theta = 0.09, R = 0.55, no refractory period). The counts are checked against the closed
 * form's discrete formula ({@link ConstantInputSpikes}).
 */
public final class LifJob {
    public static final int WIDTH = 768, HEIGHT = 512;
    /** The photo resampled to 768x512 (3:2, as it is): 600x400 RGB. */
    public static final Path PHOTO = Path.of("data/photos/coffee.png");
    /** LIFQ's defaults: theta 0.09, tau 7 ms, R 0.55, window 66 ms, no refractory period. */
    public static final LifParameters LIFQ = new LifParameters(0.09, 7, 0.55, 66, 0);

    private LifJob() {}

    /** The kernel parameters for T steps: one input plane held over the window, one count bin. */
    public static LifIntegration integration(int steps) {
        SteppedLifEncoder enc = new SteppedLifEncoder(LIFQ, LIFQ.window() / steps);
        if (enc.steps() != steps) throw new IllegalStateException(enc.steps() + " steps for T = " + steps);
        return enc.integration(steps, steps);
    }

    /** The neurons' inputs: the photo's R, G and B planes one after the other, samples / 255. */
    public record Input(float[] neurons, String source) {}

    /** {@code photo} resampled to 768x512 by Java2D bicubic interpolation; a synthetic picture (said so) when it cannot be read. */
    public static Input input(Path photo) throws IOException {
        BufferedImage src = photo != null && Files.isReadable(photo) ? ImageIO.read(photo.toFile()) : null;
        if (src == null) return new Input(synthetic(), "synthetic 768x512 (" + photo + " not readable)");
        byte[] rgb = CodecThroughput.rgbBytes(CodecThroughput.resampleBicubic(src, WIDTH, HEIGHT));
        int n = WIDTH * HEIGHT;
        float[] in = new float[3 * n];
        for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) in[c * n + i] = (rgb[3 * i + c] & 0xFF) / 255f;
        return new Input(in, photo + " (" + src.getWidth() + "x" + src.getHeight() + ") resampled to 768x512, Java2D bicubic");
    }

    private static float[] synthetic() {
        SplittableRandom r = new SplittableRandom(768);
        float[] in = new float[3 * WIDTH * HEIGHT];
        for (int i = 0; i < in.length; i++) in[i] = r.nextInt(256) / 255f;
        return in;
    }

    /** Counts against the closed form: how many neurons match exactly, how many are near a tie (not compared), and the mismatches. */
    public record Check(long exact, long nearTie, long mismatches, String firstMismatch) {
        public boolean ok() { return mismatches == 0; }

        @Override public String toString() {
            return exact + " counts equal to the closed form's discrete formula, " + nearTie + " within float rounding of a tie (not compared)"
                    + (mismatches == 0 ? "" : ", " + mismatches + " DIFFER, first: " + firstMismatch);
        }
    }

    public static Check check(float[] in, int[] counts, LifIntegration p) {
        long exact = 0, ties = 0, bad = 0;
        String first = null;
        for (int i = 0; i < in.length; i++) {
            ConstantInputSpikes.Prediction pr = ConstantInputSpikes.predict(in[i], p);
            if (pr.nearTie()) { ties++; continue; }
            if (pr.count() == counts[i]) { exact++; continue; }
            bad++;
            if (first == null) first = "neuron " + i + ": input " + in[i] + ", count " + counts[i] + ", formula " + pr;
        }
        return new Check(exact, ties, bad, first);
    }
}
