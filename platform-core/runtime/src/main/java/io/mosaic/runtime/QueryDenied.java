package io.mosaic.runtime;

/** The receiving domain's rule set refused a query (answered with 403); the refusal is in the audit trail. */
public final class QueryDenied extends PlatformException {
    public QueryDenied(String message) {
        super(message);
    }
}
