package io.mosaic.local.pulsar;

/** The local Pulsar broker could not be prepared, started or stopped; the message says which step and why. */
public class PulsarLaunchException extends RuntimeException {
    public PulsarLaunchException(String message) {
        super(message);
    }

    public PulsarLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
