package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mosaic.eventstore.AppendTooLarge;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalException;
import io.mosaic.eventstore.Snapshot;
import io.mosaic.eventstore.StoredEvent;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The journal on Cassandra. Design and costs: {@code docs/cassandra.md}. In short:
 * <ol>
 *   <li><b>No forks</b>: a stream's events live in partitions {@code (tenant, persistence_id, partition_nr)} of
 *       about {@code eventsPerPartition} events; an append is one conditional batch on one partition,
 *       {@code UPDATE head = expected + n IF head = expected} plus the event rows (Paxos: of two appenders at the
 *       same expected sequence exactly one applies). A partition is filled until its head reaches
 *       {@code (partition_nr + 1) * eventsPerPartition}; the next append opens the next partition
 *       ({@code IF head = null}), so a batch never spans partitions and event {@code s} lives in partition
 *       {@code (s - 1) / size} or the one before.</li>
 *   <li><b>Reading by tag never skips</b>: an append first takes offsets from the tenant's {@link CommitLog}
 *       (a conditional batch that moves the log head and writes rows naming the events: offsets are dense and
 *       become visible in order), then writes its events carrying those offsets in its conditional batch, which
 *       also requires the partition's {@code fence} to be what it read. A reader walking the log resolves each
 *       tagged row against its event: same offset — deliver; another event or a stream already past that sequence
 *       — the row is dead (skip); no event yet — wait up to {@code gapTimeout}, then fence the row
 *       ({@code fence = offset IF head = h AND fence = f}). Paxos orders the fence and the append on the same
 *       partition, so either the event is there (and read) or it can never be written with that offset (the
 *       append fails on the fence and takes new, higher offsets). No row is passed undecided.</li>
 * </ol>
 */
final class CassandraJournal implements Journal {
    /**
     * The most payload bytes one append writes (one logged single-partition batch = one mutation): Cassandra refuses
     * a mutation larger than half its commit log segment (16 MiB by default); the rest is left for keys and columns.
     */
    static final int MAX_APPEND_BYTES = 12 << 20;
    /**
     * Requests of one append in flight at once (the event-id checks before and records after the conditional batch):
     * the driver refuses more than its connections take (1,024 each), and a large append has thousands.
     */
    static final int IN_FLIGHT = 256;
    /** Bytes a row takes besides its payload (ids, type, tags, timestamps), roughly. */
    private static final int ROW_OVERHEAD_BYTES = 200;
    private static final String EVENT_COLUMNS = "persistence_id, sequence_nr, global_offset, event_id, type,"
            + " schema_version, ts, key_ref, payload, tags";

    private final CqlSession session;
    private final Keyspaces keyspaces;
    private final int partitionSize;
    private final java.time.Duration gapTimeout;
    private final CommitLog log;
    /**
     * Heads this instance wrote and indexed itself: stream → {partition, head}. Only a hint that saves the head and
     * index-state reads of the next append to the same stream; the conditional batch still decides, and a failed
     * one drops the hint.
     */
    private final Map<String, long[]> knownHeads = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int KNOWN_HEADS_MAX = 100_000;
    /** Points where a test stops or "crashes" an append (between its commit, its allocation and its offsets). */
    private volatile Hooks hooks = new Hooks() {
    };

    interface Hooks {
        default void afterCommit(String tenant, String persistenceId, long lastSequence) {
        }

        default void afterAllocation(String tenant, String persistenceId, long firstOffset) {
        }

        /** Runs the conditional batch (a test loses the request or the answer on the way, as a network can). */
        default ResultSet conditionalWrite(java.util.function.Supplier<ResultSet> write) {
            return write.get();
        }
    }

    void hooks(Hooks testHooks) {
        this.hooks = testHooks;
    }

    /** The commit log (a test hooks into its readers). */
    CommitLog log() {
        return log;
    }

    private final com.datastax.oss.driver.api.core.ConsistencyLevel serial;

    CassandraJournal(CqlSession session, Keyspaces keyspaces, CassandraConfig config) {
        this.session = session;
        this.keyspaces = keyspaces;
        this.partitionSize = config.eventsPerPartition();
        this.gapTimeout = config.gapTimeout();
        this.log = new CommitLog(session, keyspaces, config.offsetsPerLogPartition());
        this.serial = config.consistency().startsWith("LOCAL") ? com.datastax.oss.driver.api.core.DefaultConsistencyLevel.LOCAL_SERIAL
                : com.datastax.oss.driver.api.core.DefaultConsistencyLevel.SERIAL;
    }

    long partitionOf(long sequence) {
        return (sequence - 1) / partitionSize;
    }

    // ---------------------------------------------------------------- append

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
        if (events.size() > partitionSize) {
            throw new AppendTooLarge("append to " + stream + ": " + events.size() + " rows in one append, more than a"
                    + " stream partition takes in one atomic write (" + partitionSize + ", events-per-partition)",
                    events.size(), partitionSize);
        }
        long bytes = 0;
        for (EventData e : events) {
            bytes += e.payload().length + ROW_OVERHEAD_BYTES;
        }
        if (bytes > MAX_APPEND_BYTES) {
            int fit = (int) Math.max(1, (long) events.size() * MAX_APPEND_BYTES / bytes);
            throw new AppendTooLarge("append to " + stream + ": " + events.size() + " rows of " + (bytes >> 10)
                    + " KiB in one append, more than one atomic write takes (" + (MAX_APPEND_BYTES >> 20)
                    + " MiB, below Cassandra's maximum mutation size of 16 MiB by default); about " + fit
                    + " rows of this size fit", events.size(), fit);
        }
        List<EventData> batch = List.copyOf(events);
        requireDistinctIds(stream, batch);
        rejectKnownIds(tenant, stream, batch);

        long last = commit(tenant, persistenceId, expectedSequence, batch);
        hooks.afterCommit(tenant, persistenceId, last);

        List<com.datastax.oss.driver.api.core.cql.BoundStatement> ids = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ids.add(keyspaces.prepare(tenant, "INSERT INTO ks.event_ids (tenant, event_id,"
                    + " persistence_id, sequence_nr) VALUES (?, ?, ?, ?)").bind(tenant, batch.get(i).eventId(),
                    persistenceId, expectedSequence + i + 1));
        }
        try {
            executeWindowed(ids, "recording the event ids of " + stream);
        } catch (JournalException e) {
            // the events are committed: saying otherwise would make the caller write them again. Only the check
            // that refuses a second append of these ids is weaker for them.
            java.util.logging.Logger.getLogger(CassandraJournal.class.getName()).warning("append to " + stream
                    + " is committed (up to #" + last + "), but recording its event ids failed: " + e.getMessage());
        }
        return last;
    }

    /**
     * Allocates offsets in the commit log, then writes the events with them in one conditional batch on the stream
     * partition: {@code IF head = expected AND fence = <fence read>}. A reader that found this append's log rows
     * without events may have fenced them (raised {@code fence} to their offset) meanwhile: the batch then fails
     * on the fence, and the append takes new offsets and tries again.
     */
    private long commit(String tenant, String persistenceId, long expected, List<EventData> batch) {
        String key = tenant + "\u0000" + persistenceId;
        long[] known = knownHeads.get(key);
        Head hint = known == null ? null : new Head(known[0], known[1], nullable(known[2]));
        Head head = hint != null && hint.sequence() == expected && hint.target(partitionSize) == hint.partition()
                ? hint : locateHead(tenant, persistenceId, expected);
        for (int attempt = 0; attempt < MAX_FENCED_ATTEMPTS; attempt++) {
            if (head.sequence() != expected) {
                knownHeads.remove(key);
                throw conflict(tenant, persistenceId, expected);
            }
            long partition = head.target(partitionSize);
            Long headCondition = partition == head.partition() ? Long.valueOf(expected) : null;
            Long fence = head.targetFence();
            List<CommitLog.Entry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                entries.add(new CommitLog.Entry(persistenceId, partition, expected + i + 1, batch.get(i).tags()));
            }
            long first = log.allocate(tenant, entries);
            hooks.afterAllocation(tenant, persistenceId, first);

            BatchStatementBuilder builder = BatchStatement.builder(BatchType.LOGGED);
            builder.addStatement(keyspaces.prepare(tenant, "UPDATE ks.events SET head = ? WHERE tenant = ? AND"
                    + " persistence_id = ? AND partition_nr = ? IF head = ? AND fence = ?")
                    .bind(expected + batch.size(), tenant, persistenceId, partition, headCondition, fence));
            for (int i = 0; i < batch.size(); i++) {
                EventData e = batch.get(i);
                builder.addStatement(keyspaces.prepare(tenant, "INSERT INTO ks.events (tenant, persistence_id,"
                        + " partition_nr, sequence_nr, global_offset, event_id, type, schema_version, ts, key_ref,"
                        + " payload, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .bind(tenant, persistenceId, partition, expected + i + 1, first + i, e.eventId(), e.type(),
                                e.schemaVersion(), e.timestamp(), e.keyRef(), ByteBuffer.wrap(e.payload()), e.tags()));
            }
            ResultSet result;
            BatchStatement conditional = builder.build();
            try {
                result = hooks.conditionalWrite(() -> session.execute(conditional));
            } catch (com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException
                     | com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException
                     | com.datastax.oss.driver.api.core.DriverTimeoutException unknown) {
                // The outcome of the conditional batch is unknown (a large batch on a busy node can outlast the
                // write timeout and still be applied). A serial read finishes or discards the Paxos round, and says.
                if (!appliedAfterAll(tenant, persistenceId, partition, expected + batch.size(), batch.getLast().eventId(),
                        unknown)) {
                    throw new JournalException("append to " + tenant + "/" + persistenceId + ": the conditional write"
                            + " timed out and was not applied (" + unknown.getMessage() + "); nothing was written", unknown);
                }
                knownHeads.remove(key);
                return expected + batch.size();
            } catch (RuntimeException e) {
                throw new JournalException("appending to " + tenant + "/" + persistenceId + " failed: " + e.getMessage(), e);
            }
            if (result.wasApplied()) {
                if (knownHeads.size() >= KNOWN_HEADS_MAX) {
                    knownHeads.clear();
                }
                knownHeads.put(key, new long[] {partition, expected + batch.size(), fence == null ? Long.MIN_VALUE : fence});
                return expected + batch.size();
            }
            Row current = result.one();
            Long currentHead = current == null || current.isNull("head") ? null : current.getLong("head");
            if (!java.util.Objects.equals(currentHead, headCondition)) {
                knownHeads.remove(key);
                throw conflict(tenant, persistenceId, expected);
            }
            // Same head, other fence: a reader fenced offsets of this (or an earlier, dead) attempt. Try again.
            head = locateHead(tenant, persistenceId, expected);
        }
        throw new JournalException("append to " + tenant + "/" + persistenceId + ": fenced " + MAX_FENCED_ATTEMPTS
                + " times in a row; readers time out waiting for this writer (gap timeout too short?)");
    }

    private static final int MAX_FENCED_ATTEMPTS = 20;

    /**
     * Whether the append whose last event is {@code lastEventId} at {@code lastSequence} is in the stream, read at
     * serial consistency (which completes an unfinished Paxos round first, so the answer is final).
     */
    private boolean appliedAfterAll(String tenant, String persistenceId, long partition, long lastSequence,
                                    UUID lastEventId, RuntimeException unknown) {
        Row row;
        try {
            row = session.execute(keyspaces.prepare(tenant, "SELECT event_id FROM ks.events WHERE tenant = ? AND"
                    + " persistence_id = ? AND partition_nr = ? AND sequence_nr = ?")
                    .bind(tenant, persistenceId, partition, lastSequence).setConsistencyLevel(serial)).one();
        } catch (RuntimeException e) {
            e.addSuppressed(unknown);
            throw new JournalException("append to " + tenant + "/" + persistenceId + ": the conditional write timed out"
                    + " and reading whether it was applied failed too (" + e.getMessage() + "); read the stream before"
                    + " appending again", e);
        }
        return row != null && lastEventId.equals(row.getUuid("event_id"));
    }

    private static Long nullable(long value) {
        return value == Long.MIN_VALUE ? null : value;
    }

    private ConcurrencyConflict conflict(String tenant, String persistenceId, long expected) {
        return new ConcurrencyConflict(tenant, persistenceId, expected, highestSequence(tenant, persistenceId));
    }

    /** The last non-empty partition of a stream (-1: none), its head, and the fence of the next append's partition. */
    private record Head(long partition, long sequence, Long targetFence) {
        long target(int size) {
            return partition < 0 ? 0 : sequence >= (partition + 1) * (long) size ? partition + 1 : partition;
        }
    }

    /**
     * The stream's head as far as it concerns an append after {@code expected}: the last non-empty partition among
     * those that can hold sequence {@code expected} and the one after. When the stream is further on, the sequence
     * returned is not {@code expected} either way (a conflict).
     */
    private Head locateHead(String tenant, String persistenceId, long expected) {
        long from = expected == 0 ? 0 : Math.max(0, partitionOf(expected) - 1);
        long to = expected == 0 ? 1 : partitionOf(expected) + 1;
        Map<Long, Row> statics = statics(tenant, persistenceId, from, to);
        long partition = -1;
        long sequence = 0;
        for (Map.Entry<Long, Row> e : statics.entrySet()) {
            if (!e.getValue().isNull("head") && e.getKey() > partition) {
                partition = e.getKey();
                sequence = e.getValue().getLong("head");
            }
        }
        long target = partition < 0 ? 0 : sequence >= (partition + 1) * (long) partitionSize ? partition + 1 : partition;
        Row targetRow = statics.get(target);
        Long fence = targetRow == null || targetRow.isNull("fence") ? null : targetRow.getLong("fence");
        return new Head(partition, sequence, fence);
    }

    private Map<Long, Row> statics(String tenant, String persistenceId, long from, long to) {
        List<Long> partitions = new ArrayList<>();
        for (long p = from; p <= to; p++) {
            partitions.add(p);
        }
        Map<Long, Row> rows = new HashMap<>();
        for (Row row : execute(keyspaces.prepare(tenant, "SELECT DISTINCT tenant, persistence_id, partition_nr, head,"
                + " fence FROM ks.events WHERE tenant = ? AND persistence_id = ? AND partition_nr IN ?")
                .bind(tenant, persistenceId, partitions), "reading the head of " + tenant + "/" + persistenceId)) {
            rows.put(row.getLong("partition_nr"), row);
        }
        return rows;
    }

    private Head lastHead(String tenant, String persistenceId, long from, long to) {
        long partition = -1;
        long sequence = 0;
        for (Map.Entry<Long, Row> e : statics(tenant, persistenceId, from, to).entrySet()) {
            if (!e.getValue().isNull("head") && e.getKey() > partition) {
                partition = e.getKey();
                sequence = e.getValue().getLong("head");
            }
        }
        return new Head(partition, sequence, null);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<StoredEvent> read(String tenant, String persistenceId, long fromSequence) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        long from = Math.max(1, fromSequence);
        List<StoredEvent> events = new ArrayList<>();
        for (long partition = Math.max(0, partitionOf(from) - 1); ; partition++) {
            int before = events.size();
            for (Row row : execute(keyspaces.prepare(tenant, "SELECT " + EVENT_COLUMNS + " FROM ks.events WHERE tenant = ?"
                    + " AND persistence_id = ? AND partition_nr = ? AND sequence_nr >= ?")
                    .bind(tenant, persistenceId, partition, from), "reading " + tenant + "/" + persistenceId)) {
                if (!row.isNull("sequence_nr")) {
                    events.add(event(tenant, row));
                }
            }
            if (events.size() == before && lastHead(tenant, persistenceId, partition, partition).partition() < 0) {
                return List.copyOf(events);
            }
        }
    }

    @Override
    public long highestSequence(String tenant, String persistenceId) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        long highest = 0;
        for (long from = 0; ; from += 8) {
            Head head = lastHead(tenant, persistenceId, from, from + 7);
            if (head.partition() < 0) {
                return highest;
            }
            highest = head.sequence();
            if (head.partition() < from + 7) {
                return highest;
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
        List<StoredEvent> found = new ArrayList<>();
        long after = Math.max(0, afterOffset);
        while (found.size() < limit) {
            List<CommitLog.Row> rows = log.readTagged(tenant, tag, after, limit - found.size());
            if (rows.isEmpty()) {
                break;
            }
            found.addAll(resolve(tenant, rows));
            after = rows.getLast().offset();
        }
        return List.copyOf(found);
    }

    /**
     * The events the log rows name, in log order, keeping those whose event carries the row's offset. A row whose
     * event has no offset yet gets it here ({@code IF global_offset = null}), so every row is decided before the
     * reader passes it.
     */
    private List<StoredEvent> resolve(String tenant, List<CommitLog.Row> rows) {
        // One range read per stream partition named in the page (point reads when the run is sparse).
        Map<String, long[]> ranges = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (CommitLog.Row r : rows) {
            String key = r.persistenceId() + "\u0000" + r.partition();
            ranges.merge(key, new long[] {r.sequence(), r.sequence()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            counts.merge(key, 1, Integer::sum);
        }
        Map<String, CompletableFuture<AsyncResultSet>> rangeReads = new HashMap<>();
        for (CommitLog.Row r : rows) {
            String key = r.persistenceId() + "\u0000" + r.partition();
            long[] range = ranges.get(key);
            if (range[1] - range[0] + 1 <= 4L * counts.get(key) && !rangeReads.containsKey(key)) {
                rangeReads.put(key, session.executeAsync(keyspaces.prepare(tenant, "SELECT " + EVENT_COLUMNS
                        + " FROM ks.events WHERE tenant = ? AND persistence_id = ? AND partition_nr = ?"
                        + " AND sequence_nr >= ? AND sequence_nr <= ?")
                        .bind(tenant, r.persistenceId(), r.partition(), range[0], range[1])
                        .setPageSize(5000)).toCompletableFuture());
            }
        }
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (CommitLog.Row r : rows) {
            String key = r.persistenceId() + "\u0000" + r.partition();
            reads.add(rangeReads.containsKey(key) ? null : session.executeAsync(keyspaces.prepare(tenant, "SELECT "
                    + EVENT_COLUMNS + " FROM ks.events WHERE tenant = ? AND persistence_id = ? AND partition_nr = ?"
                    + " AND sequence_nr = ?").bind(tenant, r.persistenceId(), r.partition(), r.sequence()))
                    .toCompletableFuture());
        }
        Map<String, Map<Long, Row>> fromRanges = new HashMap<>();
        for (Map.Entry<String, CompletableFuture<AsyncResultSet>> read : rangeReads.entrySet()) {
            Map<Long, Row> bySequence = new HashMap<>();
            AsyncResultSet page = join(read.getValue(), "reading events for a tag");
            while (true) {
                for (Row row : page.currentPage()) {
                    if (!row.isNull("sequence_nr")) {
                        bySequence.put(row.getLong("sequence_nr"), row);
                    }
                }
                if (!page.hasMorePages()) {
                    break;
                }
                page = join(page.fetchNextPage().toCompletableFuture(), "reading events for a tag");
            }
            fromRanges.put(read.getKey(), bySequence);
        }
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CommitLog.Row r = rows.get(i);
            Map<Long, Row> ranged = fromRanges.get(r.persistenceId() + "\u0000" + r.partition());
            Row row = ranged != null ? ranged.get(r.sequence())
                    : join(reads.get(i), "reading the event of offset " + r.offset()).one();
            if (row == null || row.isNull("event_id")) {
                row = awaitOrFence(tenant, r);
            }
            if (row != null && !row.isNull("global_offset") && row.getLong("global_offset") == r.offset()) {
                events.add(event(tenant, row));
            }
        }
        return events;
    }

    /**
     * A log row whose event is not (yet) in its stream partition: its append is in flight, failed, or its writer
     * died. Returns the event once it is there; null when the row is dead: the stream moved past its sequence, the
     * partition is fenced at or above its offset, or — after waiting {@code gapTimeout} — this reader fences it
     * ({@code UPDATE fence = offset IF head = <read> AND fence = <read>}, ordered by Paxos against the append's
     * own conditional batch, which names the fence it read: exactly one of the two applies).
     */
    private Row awaitOrFence(String tenant, CommitLog.Row r) {
        long deadline = System.nanoTime() + gapTimeout.toNanos();
        long pause = 1;
        while (true) {
            // Statics first, then the event: a head at or past the sequence, read before an event read that finds
            // nothing, proves the event is not in this partition (an append writes both at once).
            Row statics = statics(tenant, r.persistenceId(), r.partition(), r.partition()).get(r.partition());
            Long head = statics == null || statics.isNull("head") ? null : statics.getLong("head");
            Long fence = statics == null || statics.isNull("fence") ? null : statics.getLong("fence");
            Row row = execute(keyspaces.prepare(tenant, "SELECT " + EVENT_COLUMNS + " FROM ks.events WHERE tenant = ?"
                    + " AND persistence_id = ? AND partition_nr = ? AND sequence_nr = ?")
                    .bind(tenant, r.persistenceId(), r.partition(), r.sequence()), "reading the event of offset "
                    + r.offset()).one();
            if (row != null && !row.isNull("event_id")) {
                return row;
            }
            if (head != null && head >= r.sequence() || fence != null && fence >= r.offset()) {
                return null;
            }
            if (System.nanoTime() < deadline) {
                sleep(pause);
                pause = Math.min(50, pause * 2);
                continue;
            }
            ResultSet fenced = execute(keyspaces.prepare(tenant, "UPDATE ks.events SET fence = ? WHERE tenant = ? AND"
                    + " persistence_id = ? AND partition_nr = ? IF head = ? AND fence = ?")
                    .bind(r.offset(), tenant, r.persistenceId(), r.partition(), head, fence),
                    "fencing offset " + r.offset() + " of " + tenant + "/" + r.persistenceId());
            if (fenced.wasApplied()) {
                return null;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for an in-flight append", e);
        }
    }

    private static StoredEvent event(String tenant, Row row) {
        ByteBuffer payload = row.getByteBuffer("payload");
        byte[] bytes = new byte[payload == null ? 0 : payload.remaining()];
        if (payload != null) {
            payload.duplicate().get(bytes);
        }
        Set<String> tags = row.getSet("tags", String.class);
        return new StoredEvent(tenant, row.getString("persistence_id"), row.getLong("sequence_nr"),
                row.isNull("global_offset") ? 0 : row.getLong("global_offset"), row.getUuid("event_id"),
                row.getString("type"), row.getInt("schema_version"), row.getInstant("ts"),
                Objects.requireNonNullElse(row.getString("key_ref"), ""), bytes, Set.copyOf(tags));
    }

    // ---------------------------------------------------------------- event ids

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

    private void rejectKnownIds(String tenant, String stream, List<EventData> batch) {
        List<com.datastax.oss.driver.api.core.cql.BoundStatement> lookups = new ArrayList<>(batch.size());
        for (EventData event : batch) {
            lookups.add(keyspaces.prepare(tenant, "SELECT persistence_id, sequence_nr FROM"
                    + " ks.event_ids WHERE tenant = ? AND event_id = ?").bind(tenant, event.eventId()));
        }
        List<AsyncResultSet> found = executeWindowed(lookups, "checking the event ids of " + stream);
        for (int i = 0; i < batch.size(); i++) {
            Row known = found.get(i).one();
            if (known != null) {
                throw new JournalException("append to " + stream + " rejected: event id " + batch.get(i).eventId()
                        + " is already stored as " + tenant + "/" + known.getString("persistence_id") + " #"
                        + known.getLong("sequence_nr"));
            }
        }
    }

    // ---------------------------------------------------------------- snapshots and offsets

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        requireText(snapshot.tenant(), "snapshot tenant");
        requireText(snapshot.persistenceId(), "snapshot persistenceId");
        String stream = snapshot.tenant() + "/" + snapshot.persistenceId();
        if (snapshot.sequence() < 1) {
            throw new IllegalArgumentException("snapshot of " + stream + ": sequence must be 1 or more, was "
                    + snapshot.sequence());
        }
        execute(keyspaces.prepare(snapshot.tenant(), "INSERT INTO ks.snapshots (tenant, persistence_id, sequence_nr, ts,"
                + " key_ref, payload) VALUES (?, ?, ?, ?, ?, ?)").bind(snapshot.tenant(), snapshot.persistenceId(),
                snapshot.sequence(), snapshot.timestamp(), snapshot.keyRef(), ByteBuffer.wrap(snapshot.payload())),
                "saving the snapshot of " + stream + " at #" + snapshot.sequence());
    }

    @Override
    public Optional<Snapshot> latestSnapshot(String tenant, String persistenceId) {
        requireText(tenant, "tenant");
        requireText(persistenceId, "persistenceId");
        Row row = execute(keyspaces.prepare(tenant, "SELECT sequence_nr, ts, key_ref, payload FROM ks.snapshots"
                + " WHERE tenant = ? AND persistence_id = ? LIMIT 1").bind(tenant, persistenceId),
                "reading the latest snapshot of " + tenant + "/" + persistenceId).one();
        if (row == null) {
            return Optional.empty();
        }
        ByteBuffer payload = row.getByteBuffer("payload");
        byte[] bytes = new byte[payload == null ? 0 : payload.remaining()];
        if (payload != null) {
            payload.duplicate().get(bytes);
        }
        return Optional.of(new Snapshot(tenant, persistenceId, row.getLong("sequence_nr"), row.getInstant("ts"),
                Objects.requireNonNullElse(row.getString("key_ref"), ""), bytes));
    }

    @Override
    public long projectionOffset(String tenant, String projection) {
        requireText(tenant, "tenant");
        requireText(projection, "projection");
        Row row = execute(keyspaces.prepare(tenant, "SELECT global_offset FROM ks.projection_offsets WHERE tenant = ?"
                + " AND projection = ?").bind(tenant, projection),
                "reading the offset of projection " + tenant + "/" + projection).one();
        return row == null ? 0 : row.getLong("global_offset");
    }

    @Override
    public void saveProjectionOffset(String tenant, String projection, long offset) {
        requireText(tenant, "tenant");
        requireText(projection, "projection");
        if (offset < 0) {
            throw new IllegalArgumentException("offset of projection " + tenant + "/" + projection
                    + " must be 0 or more, was " + offset);
        }
        execute(keyspaces.prepare(tenant, "INSERT INTO ks.projection_offsets (tenant, projection, global_offset,"
                + " updated_at) VALUES (?, ?, ?, ?)").bind(tenant, projection, offset, Instant.now()),
                "saving the offset of projection " + tenant + "/" + projection);
    }

    /** The {@link CassandraStore} owns the session; closing the journal alone does nothing. */
    @Override
    public void close() {
        // Nothing to release: CassandraStore.close() closes the shared session.
    }

    // ---------------------------------------------------------------- helpers

    ResultSet execute(com.datastax.oss.driver.api.core.cql.Statement<?> statement, String what) {
        try {
            return session.execute(statement);
        } catch (RuntimeException e) {
            throw new JournalException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs the statements with at most {@link #IN_FLIGHT} in flight; their results in order, or the first failure. */
    private List<AsyncResultSet> executeWindowed(List<com.datastax.oss.driver.api.core.cql.BoundStatement> statements,
                                                 String what) {
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(IN_FLIGHT);
        List<CompletableFuture<AsyncResultSet>> futures = new ArrayList<>(statements.size());
        for (com.datastax.oss.driver.api.core.cql.BoundStatement statement : statements) {
            window.acquireUninterruptibly();
            CompletableFuture<AsyncResultSet> future = session.executeAsync(statement).toCompletableFuture();
            future.whenComplete((result, failure) -> window.release());
            futures.add(future);
        }
        List<AsyncResultSet> results = new ArrayList<>(futures.size());
        for (CompletableFuture<AsyncResultSet> future : futures) {
            results.add(join(future, what));
        }
        return results;
    }

    static AsyncResultSet join(CompletableFuture<AsyncResultSet> future, String what) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new JournalException(what + " failed: " + cause.getMessage(), cause);
        }
    }

    static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
