package io.mosaic.eventstore;

/** The append's expected sequence number was not the stream's last: another writer was first. Nothing was written. */
public final class ConcurrencyConflict extends JournalException {
    private final long expected;
    private final long actual;

    public ConcurrencyConflict(String tenant, String persistenceId, long expected, long actual) {
        super("concurrency conflict on " + tenant + "/" + persistenceId + ": expected sequence " + expected
                + ", the stream is at " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
