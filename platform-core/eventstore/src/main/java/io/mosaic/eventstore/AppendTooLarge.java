package io.mosaic.eventstore;

/**
 * An append exceeds what the journal writes atomically (rows of one partition, bytes of one mutation): refused whole,
 * nothing written.
 */
public final class AppendTooLarge extends JournalException {
    private final int rows;
    private final int maxRows;

    public AppendTooLarge(String message, int rows, int maxRows) {
        super(message);
        this.rows = rows;
        this.maxRows = maxRows;
    }

    public int rows() {
        return rows;
    }

    public int maxRows() {
        return maxRows;
    }
}
