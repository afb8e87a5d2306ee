package io.mosaic.benchmarks.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.ProjectionRunner;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.eventstore.cassandra.CassandraConfig;
import io.mosaic.eventstore.cassandra.CassandraStore;
import io.mosaic.eventstore.cassandra.Replication;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraLauncher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Journal on one local Cassandra node against the raw driver, in one run on the same node (a plain harness, not
 * JMH: the work is in the server). Starts its own node (1 GiB heap).
 * <ul>
 *   <li>baseline: async {@code INSERT}s of rows of the journal's shape (same columns, same payload size) into a
 *       plain table, 256 in flight;</li>
 *   <li>journal: {@link Journal#append} of encrypted events (AES-GCM under the entity's data key,
 *       SoftwareKeyService over the Cassandra key table), 64 appending threads on their own streams, at batch
 *       sizes 1 and 20 events per append;</li>
 *   <li>replay: a projection reads every event of a tag from offset 0 (pages of 1,000) and decrypts it.</li>
 * </ul>
 * Run: {@code java -cp <classpath> io.mosaic.benchmarks.cassandra.CassandraJournalBenchmark [events]}.
 */
public final class CassandraJournalBenchmark {
    private static final int PAYLOAD = 1024;

    private CassandraJournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (CassandraCluster node = CassandraLauncher.builder().heapMb(1024).start();
             CassandraStore store = CassandraStore.connect(CassandraConfig.of(node.contactPoints(),
                     node.localDatacenter(), Replication.simple(1)).withKeyspace("bench"))) {
            Path keyFile = Files.createTempDirectory("bench-keys").resolve("keys.p12");
            try (SoftwareKeyService keys = SoftwareKeyService.open(keyFile, "bench".toCharArray(), store.keys(),
                    Clock.systemUTC())) {
                keys.createTenantKey("bench");
                raw(store.session(), events / 4, "warm-up");
                double raw = raw(store.session(), events, "raw driver async inserts");
                journal(store.journal(), keys, events / 10, 1, "warm-up");
                double single = journal(store.journal(), keys, events / 2, 1, "journal appends, 1 event/append");
                double batched = journal(store.journal(), keys, events, 20, "journal appends, 20 events/append");
                // each twice, alternating; the second of each counts (both then read a warm node)
                replay(store.journal(), keys, "batch-20");
                replayWithRunner(store.journal(), keys, "batch-20");
                double replay = replay(store.journal(), keys, "batch-20");
                double runner = replayWithRunner(store.journal(), keys, "batch-20");
                System.out.printf("%nRESULT raw %.0f rows/s | journal 1/append %.0f events/s (%.0f%%) | journal"
                        + " 20/append %.0f events/s (%.0f%%) | replay page by page %.0f events/s | replay with"
                        + " ProjectionRunner %.0f events/s (%.2fx)%n", raw, single, 100 * single / raw,
                        batched, 100 * batched / raw, replay, runner, runner / replay);
            }
        }
    }

    private static double raw(CqlSession session, int rows, String label) throws InterruptedException {
        session.execute("CREATE TABLE IF NOT EXISTS bench.raw_events (tenant text, persistence_id text, partition_nr"
                + " bigint, sequence_nr bigint, event_id uuid, type text, schema_version int, ts timestamp, key_ref text,"
                + " payload blob, tags set<text>, global_offset bigint,"
                + " PRIMARY KEY ((tenant, persistence_id, partition_nr), sequence_nr))");
        PreparedStatement insert = session.prepare("INSERT INTO bench.raw_events (tenant, persistence_id, partition_nr,"
                + " sequence_nr, event_id, type, schema_version, ts, key_ref, payload, tags, global_offset)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        byte[] payload = new byte[PAYLOAD + 28];
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failed = new AtomicLong();
        String run = UUID.randomUUID().toString();
        long start = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            inFlight.acquire();
            session.executeAsync(insert.bind("bench", run + "-" + (i % 64), 0L, (long) i, UUID.randomUUID(),
                    "custody.PositionChanged", 1, Instant.now(), "bench/e/client/dek/v1", ByteBuffer.wrap(payload),
                    Set.of("batch-raw"), (long) i)).whenComplete((r, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(256);
        double perSecond = rows / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-40s %,8d rows   %,10.0f rows/s   (%d failed)%n", label, rows, perSecond, failed.get());
        return perSecond;
    }

    private static double journal(Journal journal, SoftwareKeyService keys, int total, int batch, String label)
            throws Exception {
        int threads = 64;
        int appendsPerThread = Math.max(1, total / batch / threads);
        String tag = "batch-" + batch;
        byte[] plain = new byte[PAYLOAD];
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String entity = "client-" + t;
                String stream = run + "/" + entity;
                futures.add(pool.submit(() -> {
                    long expected = 0;
                    for (int a = 0; a < appendsPerThread; a++) {
                        List<EventData> data = new ArrayList<>(batch);
                        for (int e = 0; e < batch; e++) {
                            UUID id = UUID.randomUUID();
                            Encrypted enc = keys.encrypt("bench", entity, plain, aad(stream, id));
                            data.add(new EventData(id, "custody.PositionChanged", 1, Instant.now(),
                                    enc.keyRef().toString(), enc.ciphertext(), Set.of(tag)));
                        }
                        expected = journal.append("bench", stream, expected, data);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        long appended = (long) threads * appendsPerThread * batch;
        double perSecond = appended / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-40s %,8d events %,10.0f events/s (%,.0f appends/s)%n", label, appended, perSecond,
                perSecond / batch);
        return perSecond;
    }

    private static byte[] aad(String stream, UUID id) {
        return ("bench\u001f" + stream + "\u001f" + id).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same replay through {@link ProjectionRunner#rebuild}: the next page is read while the current one is
     * decrypted (in parallel) and applied (in order), and the offset is stored after each page.
     */
    private static double replayWithRunner(Journal journal, SoftwareKeyService keys, String tag) {
        long start = System.nanoTime();
        AtomicLong bytes = new AtomicLong();
        ProjectionRunner.Progress progress = new ProjectionRunner(journal, 1000).rebuild("bench", tag, "bench-replay",
                e -> keys.decrypt(new Encrypted(KeyRef.parse(e.keyRef()), e.payload()),
                        aad(e.persistenceId(), e.eventId())).length, length -> bytes.addAndGet(length));
        double perSecond = progress.events() / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-40s %,8d events %,10.0f events/s (%,d plaintext bytes)%n",
                "replay with ProjectionRunner", progress.events(), perSecond, bytes.get());
        return perSecond;
    }

    private static double replay(Journal journal, SoftwareKeyService keys, String tag) {
        long start = System.nanoTime();
        long offset = 0;
        long count = 0;
        long bytes = 0;
        List<StoredEvent> page;
        do {
            page = journal.readByTag("bench", tag, offset, 1000);
            for (StoredEvent e : page) {
                bytes += keys.decrypt(new Encrypted(KeyRef.parse(e.keyRef()), e.payload()),
                        aad(e.persistenceId(), e.eventId())).length;
            }
            count += page.size();
            if (!page.isEmpty()) {
                offset = page.getLast().offset();
            }
        } while (!page.isEmpty());
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-40s %,8d events %,10.0f events/s (%,d plaintext bytes)%n", "replay by tag + decrypt",
                count, perSecond, bytes);
        return perSecond;
    }

}
