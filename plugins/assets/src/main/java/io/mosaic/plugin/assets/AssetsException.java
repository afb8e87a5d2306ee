package io.mosaic.plugin.assets;

/** A failure of the assets domain that is not a business outcome (those are {@link CommandRejected} messages). */
public class AssetsException extends RuntimeException {
    public AssetsException(String message) {
        super(message);
    }
}
