package org.spikecodec.cli;

import java.nio.file.NoSuchFileException;
import org.spikecodec.engine.InvalidInputException;
import org.spikecodec.engine.codec.RateController;
import org.spikecodec.kernels.BackendUnavailableException;

/**
 * What went wrong, as the command line tells it: the exit code and the message. The engine speaks in its own terms
 * and carries the numbers; the words that name flags are added here.
 *
 * @param exitCode an {@link ExitCode}
 */
public record Problem(int exitCode, String message) {

    /** The problem {@code t} stands for; {@code verbose} only changes whether the message points at {@code --verbose}. */
    public static Problem of(Throwable t, boolean verbose) {
        if (t instanceof RateController.UnreachableRate u)
            return new Problem(ExitCode.USAGE, u.getMessage() + (u.side() == RateController.UnreachableRate.Side.BELOW_SMALLEST
                    ? "; ask for a higher --bpp" : "; ask for a lower --bpp"));
        if (t instanceof UsageException || t instanceof IllegalArgumentException) return new Problem(ExitCode.USAGE, t.getMessage());
        if (t instanceof BackendUnavailableException)
            return new Problem(ExitCode.BAD_INPUT, t.getMessage() + "; use --backend auto or cpu, or see 'spikecodec devices'");
        if (t instanceof InvalidInputException) return new Problem(ExitCode.BAD_INPUT, t.getMessage());
        if (t instanceof NoSuchFileException n) return new Problem(ExitCode.BAD_INPUT, "no such file: " + n.getFile());
        return new Problem(ExitCode.FAILURE, "failed: " + t + (verbose ? "" : " (run with --verbose for details)"));
    }
}
