package org.spikecodec.cli;

/** Exit codes scripts can rely on. */
public final class ExitCode {
    public static final int OK = 0;
    /** Anything not covered below: an internal error, an I/O failure writing output. */
    public static final int FAILURE = 1;
    /** Bad usage: unknown command or option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** Bad input: unreadable, corrupt or unsupported file. */
    public static final int BAD_INPUT = 3;

    private ExitCode() {}
}
