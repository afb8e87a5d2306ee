package io.mosaic.plugin.valuationalerts;

/** A failure of the valuation-alerts app (bad configuration, an unreadable journal). */
public class ValuationAlertsException extends RuntimeException {
    public ValuationAlertsException(String message) {
        super(message);
    }
}
