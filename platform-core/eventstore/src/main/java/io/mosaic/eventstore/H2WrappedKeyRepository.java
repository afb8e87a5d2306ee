package io.mosaic.eventstore;

import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.hsm.WrappedKeyRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Wrapped keys in the embedded database (tables {@code data_keys} and {@code destroyed_keys}). Destroying a key
 * deletes its rows, so the wrapped bytes are gone from the tables, and leaves a tombstone, so a read of a shredded
 * entity can say "forgotten" and no new version of it can be stored. Failures are {@link KeyException}s.
 */
final class H2WrappedKeyRepository implements WrappedKeyRepository {

    private static final String DUPLICATE_KEY = "23505";

    private final ConnectionPool pool;
    /** Serializes insert and destroy, so a key cannot be stored while (or after) its name is being destroyed. */
    private final Object writeLock = new Object();

    H2WrappedKeyRepository(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public void insert(WrappedKey key) {
        Objects.requireNonNull(key, "key");
        KeyRef ref = key.ref();
        synchronized (writeLock) {
            keyWork(() -> pool.inTransaction("storing key " + ref, connection -> {
                if (destroyed(connection, ref.tenant(), ref.name())) {
                    throw new KeyException("key " + ref + " cannot be stored: " + ref.tenant() + "/" + ref.name()
                            + " was destroyed");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO data_keys (tenant, name,"
                        + " version, algorithm, wrapped_by, wrapped, public_part, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, ref.tenant());
                    insert.setString(2, ref.name());
                    insert.setInt(3, ref.version());
                    insert.setString(4, key.algorithm());
                    insert.setString(5, key.wrappedBy().toString());
                    insert.setBytes(6, key.wrapped());
                    insert.setBytes(7, key.publicPart());
                    insert.setObject(8, key.createdAt());
                    return insert.executeUpdate();
                } catch (SQLException e) {
                    if (DUPLICATE_KEY.equals(e.getSQLState())) {
                        throw new KeyException("key " + ref + " already exists; a key version is never overwritten",
                                e);
                    }
                    throw e;
                }
            }));
        }
    }

    @Override
    public Optional<WrappedKey> find(KeyRef ref) {
        Objects.requireNonNull(ref, "ref");
        return keyWork(() -> pool.withConnection("reading key " + ref, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT version, algorithm, wrapped_by,"
                    + " wrapped, public_part, created_at FROM data_keys WHERE tenant = ? AND name = ? AND version = ?")) {
                select.setString(1, ref.tenant());
                select.setString(2, ref.name());
                select.setInt(3, ref.version());
                return first(select, ref.tenant(), ref.name());
            }
        }));
    }

    @Override
    public Optional<WrappedKey> latest(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        return keyWork(() -> pool.withConnection("reading the latest key " + tenant + "/" + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT version, algorithm, wrapped_by,"
                    + " wrapped, public_part, created_at FROM data_keys WHERE tenant = ? AND name = ?"
                    + " ORDER BY version DESC FETCH FIRST 1 ROW ONLY")) {
                select.setString(1, tenant);
                select.setString(2, name);
                return first(select, tenant, name);
            }
        }));
    }

    private static Optional<WrappedKey> first(PreparedStatement select, String tenant, String name)
            throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new WrappedKey(new KeyRef(tenant, name, rows.getInt(1)), rows.getString(2),
                    KeyRef.parse(rows.getString(3)), rows.getBytes(4), rows.getBytes(5),
                    rows.getObject(6, Instant.class)));
        }
    }

    @Override
    public void destroyAll(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        synchronized (writeLock) {
            keyWork(() -> pool.inTransaction("destroying keys " + tenant + "/" + name, connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM data_keys WHERE tenant = ? AND name = ?")) {
                    delete.setString(1, tenant);
                    delete.setString(2, name);
                    delete.executeUpdate();
                }
                if (!destroyed(connection, tenant, name)) {
                    try (PreparedStatement tombstone = connection.prepareStatement(
                            "INSERT INTO destroyed_keys (tenant, name, destroyed_at) VALUES (?, ?, ?)")) {
                        tombstone.setString(1, tenant);
                        tombstone.setString(2, name);
                        tombstone.setObject(3, Instant.now());
                        tombstone.executeUpdate();
                    }
                }
                return null;
            }));
        }
    }

    @Override
    public boolean isDestroyed(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        return keyWork(() -> pool.withConnection("reading whether keys " + tenant + "/" + name + " were destroyed",
                connection -> destroyed(connection, tenant, name)));
    }

    @Override
    public List<WrappedKey> keysWrappedBy(KeyRef kek, int limit) {
        Objects.requireNonNull(kek, "kek");
        return keyWork(() -> pool.withConnection("listing keys wrapped by " + kek, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT name, version, algorithm, wrapped_by,"
                    + " wrapped, public_part, created_at FROM data_keys WHERE tenant = ? AND wrapped_by = ?"
                    + " FETCH FIRST ? ROWS ONLY")) {
                select.setString(1, kek.tenant());
                select.setString(2, kek.toString());
                select.setInt(3, limit);
                List<WrappedKey> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new WrappedKey(new KeyRef(kek.tenant(), rows.getString(1), rows.getInt(2)),
                                rows.getString(3), KeyRef.parse(rows.getString(4)), rows.getBytes(5), rows.getBytes(6),
                                rows.getObject(7, Instant.class)));
                    }
                }
                return out;
            }
        }));
    }

    @Override
    public boolean replaceWrapping(WrappedKey current, WrappedKey replacement) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(replacement, "replacement");
        if (!current.ref().equals(replacement.ref())) {
            throw new KeyException("cannot replace the wrapping of " + current.ref() + " by a key of " + replacement.ref());
        }
        KeyRef ref = current.ref();
        synchronized (writeLock) {
            return keyWork(() -> pool.inTransaction("re-wrapping key " + ref, connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE data_keys SET wrapped_by = ?,"
                        + " wrapped = ? WHERE tenant = ? AND name = ? AND version = ? AND wrapped_by = ?")) {
                    update.setString(1, replacement.wrappedBy().toString());
                    update.setBytes(2, replacement.wrapped());
                    update.setString(3, ref.tenant());
                    update.setString(4, ref.name());
                    update.setInt(5, ref.version());
                    update.setString(6, current.wrappedBy().toString());
                    return update.executeUpdate() == 1;
                }
            }));
        }
    }

    @Override
    public void retire(KeyRef ref) {
        Objects.requireNonNull(ref, "ref");
        synchronized (writeLock) {
            keyWork(() -> pool.inTransaction("retiring key " + ref, connection -> {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM data_keys WHERE tenant = ? AND name = ? AND version = ?")) {
                    delete.setString(1, ref.tenant());
                    delete.setString(2, ref.name());
                    delete.setInt(3, ref.version());
                    return delete.executeUpdate();
                }
            }));
        }
    }

    private static boolean destroyed(Connection connection, String tenant, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM destroyed_keys WHERE tenant = ? AND name = ?")) {
            select.setString(1, tenant);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The key port speaks {@link KeyException}: a database failure is reported as one, with its cause. */
    private static <T> T keyWork(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (JournalException e) {
            throw new KeyException(e.getMessage(), e);
        }
    }
}
