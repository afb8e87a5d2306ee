package io.mosaic.sdk;

/** An append named an expected sequence number that is no longer the aggregate's last. Reload and decide again. */
public class ConcurrencyConflictException extends RuntimeException {
    private final String persistenceId;
    private final long expected;
    private final long actual;

    public ConcurrencyConflictException(String persistenceId, long expected, long actual) {
        super("concurrency conflict on " + persistenceId + ": expected sequence " + expected + " but it is " + actual);
        this.persistenceId = persistenceId;
        this.expected = expected;
        this.actual = actual;
    }

    public String persistenceId() {
        return persistenceId;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
