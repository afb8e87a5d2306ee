package io.mosaic.plugin.taxlots;

/** A failure of the tax-lot app (bad configuration, an unreadable journal, endless write conflicts). */
public class TaxLotsException extends RuntimeException {
    public TaxLotsException(String message) {
        super(message);
    }
}
