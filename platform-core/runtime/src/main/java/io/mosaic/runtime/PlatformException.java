package io.mosaic.runtime;

/** Base of the runtime's errors: a refused install, an unknown plugin, an unknown command type. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
