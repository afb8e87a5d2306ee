package io.mosaic.plugin.esgscreening;

/** A failure of the ESG screening app (bad configuration, an unreadable journal, endless write conflicts). */
public class EsgScreeningException extends RuntimeException {
    public EsgScreeningException(String message) {
        super(message);
    }
}
