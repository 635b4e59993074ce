package org.spikecodec.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs several command lines in one JVM (a child with a small heap, say), each as {@code spikecodec} would, and prints
 * one line per command: its exit code, a tab, and its stderr on one line. An error that escapes the command line (an
 * {@link OutOfMemoryError} it failed to turn into an exit code) prints as code -1. Arguments: one per command line,
 * its words separated by tabs.
 */
public final class CliBatch {
    private CliBatch() {}

    public static void main(String[] commandLines) {
        for (String line : commandLines) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String result;
            try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                 PrintStream o = new PrintStream(OutputStream.nullOutputStream())) {
                int code = new SpikecodecCli(o, e).run(line.split("\t"));
                result = code + "\t" + err.toString(StandardCharsets.UTF_8);
            } catch (Throwable t) { // what this driver exists to report
                result = "-1\t" + t;
            }
            System.out.println(result.strip().replace('\n', ' '));
        }
    }
}
