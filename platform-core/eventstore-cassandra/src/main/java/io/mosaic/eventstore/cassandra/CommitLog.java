package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import io.mosaic.eventstore.JournalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tenant's ordered commit log: table {@code commit_log}, partitions {@code (tenant, log_partition)} of about
 * {@code offsetsPerPartition} offsets, each with a static {@code head} (the last offset handed out in it).
 *
 * <p>{@link #allocate} hands out the next offsets with one conditional batch: {@code head = last + n IF head =
 * last} plus one row per offset naming the event. Paxos serializes allocations (across every process), so the
 * offsets are dense and an allocation is visible only after every lower one is. Allocations of concurrent
 * appenders in this process are grouped into one conditional batch (group commit): one Paxos round for many
 * appends, and fewer contending rounds on the hot log partition.
 */
final class CommitLog {
    private static final int MAX_GROUP = 200;
    private static final int MAX_ATTEMPTS = 200;

    record Entry(String persistenceId, long partition, long sequence, Set<String> tags) {
    }

    record Row(long offset, String persistenceId, long partition, long sequence, Set<String> tags) {
    }

    private final CqlSession session;
    private final Keyspaces keyspaces;
    private final long partitionSize;
    private final Map<String, TenantLog> tenants = new ConcurrentHashMap<>();
    /** Runs after a reader read the rows of a partition (a test makes appends land there and then). */
    private volatile java.util.function.LongConsumer afterPartitionRead = partition -> {
    };

    void afterPartitionRead(java.util.function.LongConsumer hook) {
        this.afterPartitionRead = hook;
    }

    CommitLog(CqlSession session, Keyspaces keyspaces, int partitionSize) {
        this.session = session;
        this.keyspaces = keyspaces;
        this.partitionSize = partitionSize;
    }

    /** Writes one log row per entry at consecutive new offsets; returns the first. */
    long allocate(String tenant, List<Entry> entries) {
        return tenants.computeIfAbsent(tenant, TenantLog::new).allocate(entries);
    }

    /**
     * Up to {@code limit} rows carrying {@code tag} with offset above {@code after}, in offset order.
     *
     * <p>Partitions are read one after the other, so a reader must never move on to partition p+1 while an
     * allocation may still land in p: it would return offsets of p+1 and then never see the later rows of p. A
     * partition takes allocations while its head is below its end ({@code (p + 1) * size}) and is closed for good
     * once the head reached it (the next allocation opens p+1). So the head is read first: an open partition is the
     * last one read in this call, and a closed one is read whole before the next.
     */
    List<Row> readTagged(String tenant, String tag, long after, int limit) {
        List<Row> rows = new ArrayList<>();
        long first = after + 1;
        for (long partition = Math.max(0, (first - 1) / partitionSize - 1); ; partition++) {
            Long head = head(tenant, partition);
            if (head == null) {
                return rows; // not opened yet, nor any partition after it
            }
            if (head > after) {
                for (com.datastax.oss.driver.api.core.cql.Row row : session.execute(keyspaces.prepare(tenant,
                        "SELECT global_offset, head, persistence_id, partition_nr, sequence_nr, tags FROM ks.commit_log"
                                + " WHERE tenant = ? AND log_partition = ? AND global_offset > ?")
                        .bind(tenant, partition, after).setPageSize(Math.max(100, Math.min(5000, limit * 4))))) {
                    if (row.isNull("global_offset")) {
                        continue;
                    }
                    Set<String> tags = row.getSet("tags", String.class);
                    if (tags.contains(tag)) {
                        rows.add(new Row(row.getLong("global_offset"), row.getString("persistence_id"),
                                row.getLong("partition_nr"), row.getLong("sequence_nr"), tags));
                        if (rows.size() == limit) {
                            return rows;
                        }
                    }
                }
            }
            afterPartitionRead.accept(partition);
            if (head < (partition + 1) * partitionSize) {
                return rows; // still open: later allocations land here first, the next partition has nothing yet
            }
        }
    }

    private Long head(String tenant, long partition) {
        var row = session.execute(keyspaces.prepare(tenant, "SELECT DISTINCT tenant, log_partition, head FROM"
                + " ks.commit_log WHERE tenant = ? AND log_partition = ?").bind(tenant, partition)).one();
        return row == null || row.isNull("head") ? null : row.getLong("head");
    }

    private record Request(List<Entry> entries, CompletableFuture<Long> first) {
    }

    /** The allocations of one tenant in this process: a queue drained by whichever caller holds the lock. */
    private final class TenantLog {
        private final String tenant;
        private final ReentrantLock leader = new ReentrantLock();
        private final java.util.concurrent.ConcurrentLinkedQueue<Request> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Last known log partition and head (a hint; the conditional batch is what decides). */
        private long partition = -1;
        private long head;

        TenantLog(String tenant) {
            this.tenant = tenant;
        }

        long allocate(List<Entry> entries) {
            Request mine = new Request(entries, new CompletableFuture<>());
            queue.add(mine);
            while (!mine.first().isDone()) {
                if (leader.tryLock()) {
                    try {
                        drain();
                    } finally {
                        leader.unlock();
                    }
                } else {
                    try {
                        return mine.first().get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        // The leader is still working; check whether it left and our request is still queued.
                        Thread.onSpinWait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new JournalException("interrupted while allocating offsets for " + tenant, e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof JournalException j ? j
                                : new JournalException("allocating offsets for " + tenant + " failed: " + e.getCause(), e.getCause());
                    }
                }
            }
            try {
                return mine.first().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof JournalException j ? j
                        : new JournalException("allocating offsets for " + tenant + " failed: " + e.getCause(), e.getCause());
            }
        }

        private void drain() {
            while (!queue.isEmpty()) {
                List<Request> group = new ArrayList<>();
                int rows = 0;
                Request next;
                // An allocation never exceeds a log partition: offset o then lies in partition (o-1)/size or the
                // one before, which is where readers start looking.
                long max = Math.min(MAX_GROUP, partitionSize);
                while (rows < max && (next = queue.peek()) != null
                        && (group.isEmpty() || rows + next.entries().size() <= max)) {
                    group.add(queue.poll());
                    rows += next.entries().size();
                }
                try {
                    long first = write(group, rows);
                    for (Request request : group) {
                        request.first().complete(first);
                        first += request.entries().size();
                    }
                } catch (RuntimeException e) {
                    group.forEach(request -> request.first().completeExceptionally(e));
                }
            }
        }

        private long write(List<Request> group, int rows) {
            if (partition < 0) {
                locate();
            }
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                long target;
                Long condition;
                if (partition < 0) {
                    target = 0;
                    condition = null;
                } else if (head >= (partition + 1) * partitionSize) {
                    target = partition + 1;
                    condition = null;
                } else {
                    target = partition;
                    condition = head;
                }
                BatchStatementBuilder batch = BatchStatement.builder(BatchType.LOGGED);
                batch.addStatement(keyspaces.prepare(tenant, "UPDATE ks.commit_log SET head = ? WHERE tenant = ? AND"
                        + " log_partition = ? IF head = ?").bind(head + rows, tenant, target, condition));
                long offset = head;
                for (Request request : group) {
                    for (Entry e : request.entries()) {
                        batch.addStatement(keyspaces.prepare(tenant, "INSERT INTO ks.commit_log (tenant, log_partition,"
                                + " global_offset, persistence_id, partition_nr, sequence_nr, tags)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                                .bind(tenant, target, ++offset, e.persistenceId(), e.partition(), e.sequence(), e.tags()));
                    }
                }
                ResultSet result;
                try {
                    result = session.execute(batch.build());
                } catch (RuntimeException e) {
                    // A timed-out conditional write may or may not have been applied: learn the head again.
                    partition = -1;
                    throw new JournalException("allocating " + rows + " offsets in the commit log of " + tenant
                            + " failed: " + e.getMessage(), e);
                }
                if (result.wasApplied()) {
                    long first = head + 1;
                    partition = target;
                    head += rows;
                    return first;
                }
                var current = result.one();
                if (current != null && !current.isNull("head")) {
                    partition = target;
                    head = current.getLong("head");
                } else {
                    locate();
                }
                if (attempt > 2) {
                    CassandraJournalPause.backoff(attempt);
                }
            }
            throw new JournalException("allocating offsets in the commit log of " + tenant + ": gave up after "
                    + MAX_ATTEMPTS + " contended attempts");
        }

        /** Finds the last non-empty log partition and its head. */
        private void locate() {
            long p = Math.max(0, partition);
            partition = -1;
            head = 0;
            while (true) {
                Long h = head(tenant, p);
                if (h == null) {
                    return;
                }
                partition = p;
                head = h;
                p++;
            }
        }
    }

    /** Randomized backoff between contended Paxos rounds. */
    static final class CassandraJournalPause {
        private CassandraJournalPause() {
        }

        static void backoff(int attempt) {
            long millis = ThreadLocalRandom.current().nextLong(1, Math.min(50, 2L * attempt) + 1);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JournalException("interrupted while waiting to retry an offset allocation", e);
            }
        }
    }
}
