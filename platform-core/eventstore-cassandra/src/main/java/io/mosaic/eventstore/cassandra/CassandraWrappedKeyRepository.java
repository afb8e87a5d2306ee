package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.hsm.WrappedKeyRepository;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Wrapped keys in table {@code data_keys}, one partition per key name. Inserting a version is a conditional write
 * ({@code IF algorithm = null AND destroyed_at = null}): a version is never overwritten and nothing is stored
 * under a destroyed name. Destroying is a conditional batch on the same partition that deletes every version and
 * sets the static tombstone {@code destroyed_at}; Paxos orders it against concurrent inserts.
 */
final class CassandraWrappedKeyRepository implements WrappedKeyRepository {
    private final CqlSession session;
    private final Keyspaces keyspaces;

    CassandraWrappedKeyRepository(CqlSession session, Keyspaces keyspaces) {
        this.session = session;
        this.keyspaces = keyspaces;
    }

    @Override
    public void insert(WrappedKey key) {
        Objects.requireNonNull(key, "key");
        KeyRef ref = key.ref();
        ResultSet result = execute(keyspaces.prepare(ref.tenant(), "UPDATE ks.data_keys SET algorithm = ?,"
                + " wrapped_by = ?, wrapped = ?, public_part = ?, created_at = ? WHERE tenant = ? AND name = ? AND"
                + " version = ? IF algorithm = null AND destroyed_at = null")
                .bind(key.algorithm(), key.wrappedBy().toString(), ByteBuffer.wrap(key.wrapped()),
                        ByteBuffer.wrap(key.publicPart()), key.createdAt(), ref.tenant(), ref.name(), ref.version()),
                "storing key " + ref);
        if (!result.wasApplied()) {
            Row current = result.one();
            if (current != null && !current.isNull("destroyed_at")) {
                throw new KeyException("key " + ref + " cannot be stored: " + ref.tenant() + "/" + ref.name()
                        + " was destroyed");
            }
            throw new KeyException("key " + ref + " already exists; a key version is never overwritten");
        }
    }

    @Override
    public Optional<WrappedKey> find(KeyRef ref) {
        Objects.requireNonNull(ref, "ref");
        return key(ref.tenant(), ref.name(), execute(keyspaces.prepare(ref.tenant(), "SELECT version, algorithm,"
                + " wrapped_by, wrapped, public_part, created_at FROM ks.data_keys WHERE tenant = ? AND name = ? AND"
                + " version = ?").bind(ref.tenant(), ref.name(), ref.version()), "reading key " + ref).one());
    }

    @Override
    public Optional<WrappedKey> latest(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        return key(tenant, name, execute(keyspaces.prepare(tenant, "SELECT version, algorithm, wrapped_by, wrapped,"
                + " public_part, created_at FROM ks.data_keys WHERE tenant = ? AND name = ?"
                + " ORDER BY version DESC LIMIT 1").bind(tenant, name), "reading the latest key " + tenant + "/" + name)
                .one());
    }

    private static Optional<WrappedKey> key(String tenant, String name, Row row) {
        if (row == null || row.isNull("algorithm")) {
            return Optional.empty();
        }
        return Optional.of(new WrappedKey(new KeyRef(tenant, name, row.getInt("version")), row.getString("algorithm"),
                KeyRef.parse(row.getString("wrapped_by")), bytes(row.getByteBuffer("wrapped")),
                bytes(row.getByteBuffer("public_part")), row.getInstant("created_at")));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer == null ? 0 : buffer.remaining()];
        if (buffer != null) {
            buffer.duplicate().get(bytes);
        }
        return bytes;
    }

    @Override
    public void destroyAll(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        String what = "destroying keys " + tenant + "/" + name;
        ResultSet result = execute(BatchStatement.builder(BatchType.LOGGED)
                .addStatement(keyspaces.prepare(tenant, "UPDATE ks.data_keys SET destroyed_at = ? WHERE tenant = ? AND"
                        + " name = ? IF destroyed_at = null").bind(Instant.now(), tenant, name))
                .addStatement(keyspaces.prepare(tenant, "DELETE FROM ks.data_keys WHERE tenant = ? AND name = ? AND"
                        + " version >= 0").bind(tenant, name))
                .build(), what);
        if (!result.wasApplied()) {
            // Destroyed before: delete again anyway (idempotent), through Paxos like every write of this table.
            execute(keyspaces.prepare(tenant, "DELETE FROM ks.data_keys WHERE tenant = ? AND name = ? AND version >= 0")
                    .bind(tenant, name), what);
        }
    }

    @Override
    public boolean isDestroyed(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Row row = execute(keyspaces.prepare(tenant, "SELECT DISTINCT tenant, name, destroyed_at FROM ks.data_keys"
                + " WHERE tenant = ? AND name = ?").bind(tenant, name),
                "reading whether keys " + tenant + "/" + name + " were destroyed").one();
        return row != null && !row.isNull("destroyed_at");
    }

    private ResultSet execute(Statement<?> statement, String what) {
        try {
            return session.execute(statement);
        } catch (RuntimeException e) {
            throw new KeyException(what + " failed: " + e.getMessage(), e);
        }
    }
}
