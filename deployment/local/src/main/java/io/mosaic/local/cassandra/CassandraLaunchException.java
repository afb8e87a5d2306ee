package io.mosaic.local.cassandra;

/** A local Cassandra node could not be prepared, started or stopped; the message says which and why. */
public final class CassandraLaunchException extends RuntimeException {
    public CassandraLaunchException(String message) {
        super(message);
    }

    public CassandraLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
