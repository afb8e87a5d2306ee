package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.JournalException;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on 127.0.0.1/.2/.3, replication factor 3, QUORUM: one node is killed with SIGKILL while appends run.
 * Appends go on, and every acknowledged event is there afterwards (by stream and by tag), none twice.
 */
class ThreeNodeClusterTest {
    private static CassandraCluster cluster;
    private static CassandraStore store;

    @BeforeAll
    static void start() {
        long started = System.nanoTime();
        cluster = CassandraExtension.startThreeNodes(1024);
        System.out.printf("[three-nodes] cluster up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        store = CassandraStore.connect(CassandraConfig.of(cluster.contactPoints(), cluster.localDatacenter(),
                Replication.simple(3)).withKeyspace("three").withConsistency("QUORUM"));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodeKilledDuringAppends_appendsContinue_andNothingAcknowledgedIsLost() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Map<Long, UUID>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> appenders = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String stream = "account-" + w;
                acknowledged.put(stream, new ConcurrentHashMap<>());
                appenders.add(pool.submit(() -> {
                    while (!stop.get()) {
                        EventData e = new EventData(UUID.randomUUID(), "Booked", 1, Instant.now(), "", new byte[64],
                                Set.of("bookings"));
                        try {
                            long expected = store.journal().highestSequence(tenant, stream);
                            long last = store.journal().append(tenant, stream, expected, List.of(e));
                            acknowledged.get(stream).put(last, e.eventId());
                            acks.incrementAndGet();
                        } catch (ConcurrencyConflict conflict) {
                            // an earlier attempt whose answer was lost did apply: read the head again
                            failures.incrementAndGet();
                        } catch (JournalException unavailable) {
                            // not acknowledged (e.g. a timeout while the node died): may or may not be stored
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> acks.get() >= 150);
            int beforeKill = acks.get();
            long killedAt = System.nanoTime();
            cluster.kill(3);
            await().atMost(Duration.ofMinutes(2)).until(() -> acks.get() >= beforeKill + 300);
            stop.set(true);
            for (Future<?> appender : appenders) {
                appender.get(1, TimeUnit.MINUTES);
            }
            System.out.printf("[three-nodes] %d appends acknowledged before the kill, %d after (in %.1f s), %d failed%n",
                    beforeKill, acks.get() - beforeKill, (System.nanoTime() - killedAt) / 1e9, failures.get());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        assertThat(cluster.nodes().get(2).isAlive()).isFalse();
        Map<UUID, Long> byTag = new HashMap<>();
        for (StoredEvent e : store.journal().readByTag(tenant, "bookings", 0, 100_000)) {
            assertThat(byTag.put(e.eventId(), e.offset())).as("event %s delivered once", e.eventId()).isNull();
        }
        for (Map.Entry<String, Map<Long, UUID>> stream : acknowledged.entrySet()) {
            List<StoredEvent> stored = store.journal().read(tenant, stream.getKey(), 1);
            Map<Long, UUID> bySequence = new HashMap<>();
            stored.forEach(e -> bySequence.put(e.sequence(), e.eventId()));
            assertThat(stored).extracting(StoredEvent::sequence).doesNotHaveDuplicates();
            stream.getValue().forEach((sequence, id) -> {
                assertThat(bySequence.get(sequence)).as("%s #%d", stream.getKey(), sequence).isEqualTo(id);
                assertThat(byTag).containsKey(id);
            });
        }
    }
}
