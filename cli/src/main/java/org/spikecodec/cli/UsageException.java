package org.spikecodec.cli;

/** A command line that cannot be run as written; maps to exit code 2. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) { super(message); }
}
