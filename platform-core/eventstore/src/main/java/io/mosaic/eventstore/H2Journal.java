package io.mosaic.eventstore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal on H2 (the design, and why reading by tag never skips an event: {@code docs/journal.md}).
 *
 * <p>An append takes the {@code journal_head} row lock first (by moving the last offset on) and holds it until
 * it commits, so appends are serialized: offsets are handed out in commit order, and a reader's statement, which
 * sees the transactions committed before it started, always sees a gap-free prefix of the offsets. The
 * in-process {@link #appendLock} queues appenders fairly before they take a connection, so waiting appenders do
 * not hold pooled connections or run into H2's lock timeout; the row lock is what makes the order hold.
 */
final class H2Journal implements Journal {

    private static final String COLUMNS = "e.tenant, e.persistence_id, e.sequence_nr, e.global_offset, e.event_id,"
            + " e.type, e.schema_version, e.ts, e.key_ref, e.payload, e.tags";

    private final ConnectionPool pool;
    private final ReentrantLock appendLock = new ReentrantLock(true);

    H2Journal(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public long append(String tenant, String persistenceId, long expectedSequence, List<EventData> events) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        Objects.requireNonNull(events, "events");
        String stream = tenant + "/" + persistenceId;
        if (expectedSequence < 0) {
            throw new IllegalArgumentException("append to " + stream + ": expected sequence must be 0 or more, was "
                    + expectedSequence);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("append to " + stream + ": no events to append");
        }
        List<EventData> batch = List.copyOf(events);
        requireDistinctIds(stream, batch);
        appendLock.lock();
        try {
            return pool.inTransaction("append to " + stream, connection -> {
                long lastOffset = reserveOffsets(connection, batch.size());
                long actual = highestSequence(connection, tenant, persistenceId);
                if (actual != expectedSequence) {
                    throw new ConcurrencyConflict(tenant, persistenceId, expectedSequence, actual);
                }
                rejectKnownIds(connection, tenant, stream, batch);
                insert(connection, tenant, persistenceId, expectedSequence, lastOffset - batch.size(), batch);
                return expectedSequence + batch.size();
            });
        } finally {
            appendLock.unlock();
        }
    }

    /** Moves the head on by {@code count}, taking its row lock until commit; returns the new last offset. */
    private static long reserveOffsets(Connection connection, int count) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE journal_head SET last_offset = last_offset + ? WHERE id = 1")) {
            update.setLong(1, count);
            if (update.executeUpdate() != 1) {
                throw new JournalException("the journal_head row is missing: the embedded database is damaged");
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_offset FROM journal_head WHERE id = 1");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void requireDistinctIds(String stream, List<EventData> batch) {
        Set<UUID> seen = new HashSet<>();
        for (EventData event : batch) {
            Objects.requireNonNull(event, "append to " + stream + ": an event is null");
            if (!seen.add(event.eventId())) {
                throw new JournalException("append to " + stream + " rejected: event id " + event.eventId()
                        + " appears twice in the batch");
            }
        }
    }

    private static void rejectKnownIds(Connection connection, String tenant, String stream, List<EventData> batch)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT persistence_id, sequence_nr FROM events WHERE tenant = ? AND event_id = ?")) {
            select.setString(1, tenant);
            for (EventData event : batch) {
                select.setObject(2, event.eventId());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        throw new JournalException("append to " + stream + " rejected: event id " + event.eventId()
                                + " is already stored as " + tenant + "/" + rows.getString(1) + " #"
                                + rows.getLong(2));
                    }
                }
            }
        }
    }

    private static void insert(Connection connection, String tenant, String persistenceId, long expectedSequence,
                               long offsetBefore, List<EventData> batch) throws SQLException {
        try (PreparedStatement events = connection.prepareStatement("INSERT INTO events (tenant, persistence_id,"
                + " sequence_nr, global_offset, event_id, type, schema_version, ts, key_ref, payload, tags)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement tags = connection.prepareStatement(
                     "INSERT INTO event_tags (tenant, tag, global_offset) VALUES (?, ?, ?)")) {
            boolean anyTags = false;
            for (int i = 0; i < batch.size(); i++) {
                EventData event = batch.get(i);
                long offset = offsetBefore + i + 1;
                events.setString(1, tenant);
                events.setString(2, persistenceId);
                events.setLong(3, expectedSequence + i + 1);
                events.setLong(4, offset);
                events.setObject(5, event.eventId());
                events.setString(6, event.type());
                events.setInt(7, event.schemaVersion());
                events.setObject(8, event.timestamp());
                events.setString(9, event.keyRef());
                events.setBytes(10, event.payload());
                events.setArray(11, connection.createArrayOf("VARCHAR", event.tags().toArray()));
                events.addBatch();
                for (String tag : event.tags()) {
                    tags.setString(1, tenant);
                    tags.setString(2, tag);
                    tags.setLong(3, offset);
                    tags.addBatch();
                    anyTags = true;
                }
            }
            events.executeBatch();
            if (anyTags) {
                tags.executeBatch();
            }
        }
    }

    @Override
    public List<StoredEvent> read(String tenant, String persistenceId, long fromSequence) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        return pool.withConnection("reading stream " + tenant + "/" + persistenceId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM events e"
                    + " WHERE e.tenant = ? AND e.persistence_id = ? AND e.sequence_nr >= ? ORDER BY e.sequence_nr")) {
                select.setString(1, tenant);
                select.setString(2, persistenceId);
                select.setLong(3, fromSequence);
                return events(select);
            }
        });
    }

    @Override
    public long highestSequence(String tenant, String persistenceId) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        return pool.withConnection("reading the highest sequence of " + tenant + "/" + persistenceId,
                connection -> highestSequence(connection, tenant, persistenceId));
    }

    private static long highestSequence(Connection connection, String tenant, String persistenceId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(MAX(sequence_nr), 0) FROM events WHERE tenant = ? AND persistence_id = ?")) {
            select.setString(1, tenant);
            select.setString(2, persistenceId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public List<StoredEvent> readByTag(String tenant, String tag, long afterOffset, int limit) {
        requireText(tenant, "tenant");
        requireText(tag, "tag");
        if (limit < 1) {
            throw new IllegalArgumentException("reading tag " + tenant + "/" + tag + ": limit must be 1 or more, was "
                    + limit);
        }
        return pool.withConnection("reading tag " + tenant + "/" + tag + " after offset " + afterOffset,
                connection -> {
                    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                            + " FROM event_tags t JOIN events e"
                            + " ON e.tenant = t.tenant AND e.global_offset = t.global_offset"
                            + " WHERE t.tenant = ? AND t.tag = ? AND t.global_offset > ?"
                            + " ORDER BY t.global_offset FETCH FIRST ? ROWS ONLY")) {
                        select.setString(1, tenant);
                        select.setString(2, tag);
                        select.setLong(3, afterOffset);
                        select.setInt(4, limit);
                        return events(select);
                    }
                });
    }

    private static List<StoredEvent> events(PreparedStatement select) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(new StoredEvent(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                        rows.getObject(5, UUID.class), rows.getString(6), rows.getInt(7),
                        rows.getObject(8, Instant.class), rows.getString(9), rows.getBytes(10), tags(rows.getArray(11))));
            }
        }
        return List.copyOf(events);
    }

    private static Set<String> tags(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        Set<String> tags = new HashSet<>();
        for (Object value : values) {
            tags.add((String) value);
        }
        return Set.copyOf(tags);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        String stream = snapshot.tenant() + "/" + snapshot.persistenceId();
        requireText(snapshot.tenant(), "snapshot tenant");
        requireText(snapshot.persistenceId(), "snapshot persistenceId");
        if (snapshot.sequence() < 1) {
            throw new IllegalArgumentException("snapshot of " + stream + ": sequence must be 1 or more, was "
                    + snapshot.sequence());
        }
        pool.withConnection("saving the snapshot of " + stream + " at #" + snapshot.sequence(), connection -> {
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO snapshots (tenant, persistence_id,"
                    + " sequence_nr, ts, key_ref, payload) KEY (tenant, persistence_id, sequence_nr)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                merge.setString(1, snapshot.tenant());
                merge.setString(2, snapshot.persistenceId());
                merge.setLong(3, snapshot.sequence());
                merge.setObject(4, snapshot.timestamp());
                merge.setString(5, snapshot.keyRef());
                merge.setBytes(6, snapshot.payload());
                return merge.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Snapshot> latestSnapshot(String tenant, String persistenceId) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        return pool.withConnection("reading the latest snapshot of " + tenant + "/" + persistenceId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT sequence_nr, ts, key_ref, payload"
                    + " FROM snapshots WHERE tenant = ? AND persistence_id = ?"
                    + " ORDER BY sequence_nr DESC FETCH FIRST 1 ROW ONLY")) {
                select.setString(1, tenant);
                select.setString(2, persistenceId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Snapshot(tenant, persistenceId, rows.getLong(1),
                            rows.getObject(2, Instant.class), rows.getString(3), rows.getBytes(4)));
                }
            }
        });
    }

    @Override
    public long projectionOffset(String tenant, String projection) {
        requireText(tenant, "tenant");
        requireText(projection, "projection");
        return pool.withConnection("reading the offset of projection " + tenant + "/" + projection, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT global_offset FROM projection_offsets WHERE tenant = ? AND projection = ?")) {
                select.setString(1, tenant);
                select.setString(2, projection);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void saveProjectionOffset(String tenant, String projection, long offset) {
        requireText(tenant, "tenant");
        requireText(projection, "projection");
        if (offset < 0) {
            throw new IllegalArgumentException("offset of projection " + tenant + "/" + projection
                    + " must be 0 or more, was " + offset);
        }
        pool.withConnection("saving the offset of projection " + tenant + "/" + projection, connection -> {
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO projection_offsets"
                    + " (tenant, projection, global_offset, updated_at) KEY (tenant, projection) VALUES (?, ?, ?, ?)")) {
                merge.setString(1, tenant);
                merge.setString(2, projection);
                merge.setLong(3, offset);
                merge.setObject(4, Instant.now());
                return merge.executeUpdate();
            }
        });
    }

    /** The {@link EmbeddedDatabase} owns the connections; closing the journal alone does nothing. */
    @Override
    public void close() {
        // Nothing to release here: EmbeddedDatabase.close() closes the shared connections.
    }

    static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
