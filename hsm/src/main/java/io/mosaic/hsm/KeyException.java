package io.mosaic.hsm;

/** A key operation failed: unknown key, tampered ciphertext, unavailable token. The message says which. */
public class KeyException extends RuntimeException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
