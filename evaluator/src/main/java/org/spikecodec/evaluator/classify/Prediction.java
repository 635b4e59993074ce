package org.spikecodec.evaluator.classify;

import java.util.Arrays;

/**
 * A classification: the class probabilities (softmax of the model's scores, or the scores themselves when the model
 * already outputs probabilities) and the top-5 class indices, best first. Immutable.
 */
public final class Prediction {
    private final float[] probabilities;
    private final int[] top5;

    Prediction(float[] probabilities) {
        this.probabilities = probabilities.clone();
        this.top5 = topK(this.probabilities, 5);
    }

    public int top1() { return top5[0]; }

    /** The up to five most probable classes, best first. */
    public int[] top5() { return top5.clone(); }

    public boolean inTop5(int cls) {
        for (int c : top5) if (c == cls) return true;
        return false;
    }

    /** Probability of the best class. */
    public float confidence() { return probabilities[top5[0]]; }

    /** Probability of class {@code cls}; NaN for a class the model does not have (a label beyond its outputs). */
    public float probability(int cls) { return cls >= 0 && cls < probabilities.length ? probabilities[cls] : Float.NaN; }

    public int classes() { return probabilities.length; }

    /** Indices of the k largest values, largest first; ties keep the lower index first; NaN ranks below everything. */
    static int[] topK(float[] v, int k) {
        k = Math.min(k, v.length);
        int[] top = new int[k];
        Arrays.fill(top, -1);
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < k; j++) {
                if (top[j] < 0 || v[i] > v[top[j]] || (Float.isNaN(v[top[j]]) && !Float.isNaN(v[i]))) {
                    System.arraycopy(top, j, top, j + 1, k - j - 1);
                    top[j] = i;
                    break;
                }
            }
        }
        return top;
    }

    @Override public String toString() { return "Prediction" + Arrays.toString(top5) + " p=" + confidence(); }
}
