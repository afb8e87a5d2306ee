package io.mosaic.eventstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small pool of JDBC connections to one H2 database: at most {@code size} connections, created on demand and
 * kept open until {@link #close()}. Work is handed in as a function, so a connection is always returned, and a
 * transaction is always either committed or rolled back.
 */
final class ConnectionPool implements AutoCloseable {

    /** Work on a connection; may throw {@link SQLException}, which the pool turns into a {@link JournalException}. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final String url;
    private final String name;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    ConnectionPool(String url, String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("connection pool size must be 1 or more, was " + size);
        }
        this.url = url;
        this.name = name;
        this.permits = new Semaphore(size, true);
    }

    String name() {
        return name;
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T withConnection(String what, SqlWork<T> work) {
        Connection connection = borrow(what);
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            giveBack(connection);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything. A
     * {@link RuntimeException} thrown by {@code work} (a {@link ConcurrencyConflict}, say) reaches the caller as is.
     */
    <T> T inTransaction(String what, SqlWork<T> work) {
        Connection connection = borrow(what);
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            giveBack(connection);
        }
    }

    private Connection borrow(String what) {
        ensureOpen(what);
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new JournalException(what + " failed: no connection to embedded database " + name
                        + " became free within " + BORROW_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException(what + " failed: interrupted while waiting for a connection to " + name, e);
        }
        try {
            ensureOpen(what);
            Connection connection = idle.poll();
            return connection != null ? connection : DriverManager.getConnection(url);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e instanceof SQLException sql ? failure(what, sql) : (RuntimeException) e;
        }
    }

    private void giveBack(Connection connection) {
        try {
            if (closed || connection.isClosed()) {
                connection.close();
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            idle.offer(connection);
        } catch (SQLException e) {
            discard(connection, e);
        } finally {
            permits.release();
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * A connection that could not be reset is not reused. The caller's work already finished (or already failed
     * with its own exception), so the reset failure is logged rather than thrown over the caller's outcome.
     */
    private void discard(Connection connection, SQLException resetFailure) {
        try {
            connection.close();
        } catch (SQLException e) {
            resetFailure.addSuppressed(e);
        }
        LOG.log(System.Logger.Level.WARNING, "discarded a connection to embedded database " + name
                + " that could not be reset", resetFailure);
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new JournalException(what + " failed: embedded database " + name + " is closed");
        }
    }

    private JournalException failure(String what, SQLException e) {
        return new JournalException(what + " failed in embedded database " + name + ": " + e.getMessage(), e);
    }

    /** Closes idle connections now; a connection in use is closed when it is given back. Idempotent. */
    @Override
    public void close() {
        closed = true;
        JournalException failure = null;
        for (Connection connection = idle.poll(); connection != null; connection = idle.poll()) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = new JournalException("closing embedded database " + name + " failed: "
                            + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
