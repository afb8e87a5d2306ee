package io.mosaic.plugin.custody;

/** A failure of the custody domain that is not a business outcome (those are {@code custody.StatementRejected}). */
public class CustodyException extends RuntimeException {
    public CustodyException(String message) {
        super(message);
    }

    public CustodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
