package io.mosaic.marketplace.catalog;

/**
 * A catalog command that cannot be carried out; {@link #kind} tells the REST layer the status
 * (NOT_FOUND 404, CONFLICT 409, INVALID 400).
 */
public class CatalogException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;

    public CatalogException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CatalogException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
