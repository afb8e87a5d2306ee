package io.mosaic.sdk;

/** A plugin tried to publish a message type its manifest does not declare. */
public final class UndeclaredMessageException extends RuntimeException {
    public UndeclaredMessageException(String message) {
        super(message);
    }
}
