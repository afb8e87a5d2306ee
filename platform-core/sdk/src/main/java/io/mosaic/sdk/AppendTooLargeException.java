package io.mosaic.sdk;

/**
 * An append is larger than the platform's journal takes in one atomic write (on Cassandra: the rows of one stream
 * partition, or the bytes of one mutation). Nothing was written. A plugin tells its user what to split (a statement
 * file by account or by period, for example); retrying the same append fails the same way.
 */
public final class AppendTooLargeException extends RuntimeException {
    private final int rows;
    private final int maxRows;

    public AppendTooLargeException(String message, int rows, int maxRows) {
        super(message);
        this.rows = rows;
        this.maxRows = maxRows;
    }

    /** The journal rows the append needed: its events plus one per message it publishes. */
    public int rows() {
        return rows;
    }

    /** How many rows of this size the journal takes in one append (an estimate when bytes were the limit). */
    public int maxRows() {
        return maxRows;
    }
}
