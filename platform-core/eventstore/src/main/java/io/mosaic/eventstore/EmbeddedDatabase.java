package io.mosaic.eventstore;

import io.mosaic.hsm.WrappedKeyRepository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * The embedded default's database: one H2 database holding the journal, the wrapped keys and
 * the processed-message ids. {@link #open(Path)} keeps it in {@code <dir>/mosaic.mv.db}; {@link #inMemory()}
 * keeps it in memory until {@link #close()}, for tests. Opening applies any schema scripts the database lacks.
 *
 * <p>The journal, key repository and processed-message store share this database's connections and live as long
 * as it does: close the database, not them ({@link Journal#close()} of {@link #journal()} does nothing).
 * One process opens a database directory at a time (H2 locks the file); within a process, open it once and share
 * the instance.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final int POOL_SIZE = 10;
    /** How long a statement waits for a row lock another transaction holds, in milliseconds. */
    private static final int LOCK_TIMEOUT_MILLIS = 10_000;

    private final ConnectionPool pool;
    private final int schemaVersion;
    private final H2Journal journal;
    private final H2WrappedKeyRepository keys;
    private final H2ProcessedMessages processed;

    private EmbeddedDatabase(String url, String name) {
        this.pool = new ConnectionPool(url + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MILLIS, name, POOL_SIZE);
        try {
            this.schemaVersion = SchemaMigrator.migrate(pool);
        } catch (RuntimeException e) {
            closeAfterFailure(e);
            throw e;
        }
        this.journal = new H2Journal(pool);
        this.keys = new H2WrappedKeyRepository(pool);
        this.processed = new H2ProcessedMessages(pool);
    }

    /**
     * Opens the database in {@code directory} (creating the directory and the database when they do not exist)
     * and brings its schema up to date.
     *
     * @throws JournalException when the directory cannot be created, the database is in use by another process,
     *                          or its schema is newer than this code
     */
    public static EmbeddedDatabase open(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path dir = directory.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new JournalException("embedded database directory " + dir + " contains ';', which the H2 URL"
                    + " would read as the start of its settings: choose a directory without it");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create the embedded database directory " + dir + ": " + e, e);
        }
        return new EmbeddedDatabase("jdbc:h2:file:" + dir.resolve("mosaic"), dir.toString());
    }

    /** A new, empty database in memory, gone when closed. Each call makes a separate database. */
    public static EmbeddedDatabase inMemory() {
        String name = "mosaic-" + UUID.randomUUID();
        return new EmbeddedDatabase("jdbc:h2:mem:" + name, "mem:" + name);
    }

    public Journal journal() {
        return journal;
    }

    public WrappedKeyRepository keys() {
        return keys;
    }

    public ProcessedMessages processed() {
        return processed;
    }

    /** The schema version the database is at (the version of the newest script applied). */
    public int schemaVersion() {
        return schemaVersion;
    }

    ConnectionPool pool() {
        return pool;
    }

    /**
     * Closes every connection; an in-memory database is gone afterwards. Calls after closing fail with a
     * {@link JournalException}. Idempotent.
     */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + pool.name() + ", schema v" + schemaVersion + "]";
    }

    private void closeAfterFailure(RuntimeException failure) {
        try {
            pool.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
