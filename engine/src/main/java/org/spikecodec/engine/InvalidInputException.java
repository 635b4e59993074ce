package org.spikecodec.engine;

import java.io.IOException;

/**
 * An input the codec cannot use: an unreadable or unsupported image, a truncated, corrupted or hostile
 * {@code .spk} file. The command line maps it to exit code 3. The message says what is wrong and, where
 * it can, what to do.
 */
public class InvalidInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) { super(message); }

    public InvalidInputException(String message, Throwable cause) { super(message, cause); }
}
