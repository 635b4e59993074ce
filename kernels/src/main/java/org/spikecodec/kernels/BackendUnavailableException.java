package org.spikecodec.kernels;

/**
 * A backend that was asked for explicitly cannot be used here: its native library is missing, it has no
 * platform or device, the device lacks a property the exact contract needs, or its kernels did not build.
 * The message says which. (The command line maps it to exit code 3.)
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) { super(message); }

    public BackendUnavailableException(String message, Throwable cause) { super(message, cause); }
}
