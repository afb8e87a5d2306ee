package io.mosaic.plugin.consolidation;

/** A failure of the consolidation domain (an event it cannot read, a structure it cannot solve). */
public class ConsolidationException extends RuntimeException {
    public ConsolidationException(String message) {
        super(message);
    }
}
