package org.spikecodec.evaluator;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of long runs (the evaluation, the command line's batches): ASCII, with an ETA, on a stream of its caller's choice (stderr, so stdout stays results only). */
public final class ProgressBars {
    private ProgressBars() {}

    /** A bar of {@code max} steps counted in {@code unit} (e.g. {@code " images"}); close it to end the line. */
    public static ProgressBar bar(String task, int max, String unit, PrintStream out) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(500).setUnit(unit, 1).build();
    }
}
