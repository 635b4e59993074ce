package org.spikecodec.evaluator.classify;

/** A classification: the top-5 class indices (best first) and the best class's softmax probability. */
public record Prediction(int[] top5, float confidence) {
    public int top1() { return top5[0]; }

    public boolean inTop5(int label) {
        for (int c : top5) if (c == label) return true;
        return false;
    }
}
