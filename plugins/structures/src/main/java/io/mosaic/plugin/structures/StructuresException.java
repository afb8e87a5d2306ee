package io.mosaic.plugin.structures;

/** A failure of the structures domain that is not a business outcome (those are {@link CommandRejected} messages). */
public class StructuresException extends RuntimeException {
    public StructuresException(String message) {
        super(message);
    }

    public StructuresException(String message, Throwable cause) {
        super(message, cause);
    }
}
