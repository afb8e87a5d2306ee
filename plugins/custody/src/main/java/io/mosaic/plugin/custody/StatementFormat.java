package io.mosaic.plugin.custody;

/** The statement file formats the custody domain reads. */
public enum StatementFormat {
    /** ISO 20022 bank-to-customer statement, versions 001.02, 001.04 and 001.08. */
    CAMT053("camt.053"),
    /** SWIFT customer statement message. */
    MT940("MT940"),
    /** SWIFT statement of holdings. */
    MT535("MT535"),
    /** Comma-separated entries with the columns documented in {@code docs/custody.md}. */
    CSV("CSV");

    private final String label;

    StatementFormat(String label) {
        this.label = label;
    }

    /** How error messages name the format, e.g. {@code camt.053}. */
    public String label() {
        return label;
    }
}
