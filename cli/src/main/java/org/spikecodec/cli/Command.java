package org.spikecodec.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One sub-command of {@code spikecodec}. */
public interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** Usage line after {@code spikecodec NAME}, e.g. {@code IN -o OUT.spk [options]}. */
    String usage();

    Options options();

    /** Text after the options in {@code --help}, after the exit codes every command shares. */
    default String helpFooter() { return ""; }

    /** Runs with parsed options; returns an {@link ExitCode}. */
    int run(CommandLine cl, PrintStream out) throws Exception;

    /** As {@link #run(CommandLine, PrintStream)}, for a command that also reports on stderr (a batch's failures, its progress). */
    default int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception { return run(cl, out); }
}
