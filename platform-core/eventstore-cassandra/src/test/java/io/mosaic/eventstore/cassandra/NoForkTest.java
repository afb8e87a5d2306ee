package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two platform instances (two journals, two driver sessions, clocks 20 s apart) append to one aggregate at once:
 * 1,000 attempts, each naming the sequence it last saw. Exactly the winners are stored, at consecutive sequence
 * numbers, each once; every loser got a ConcurrencyConflict and left nothing behind.
 */
@ExtendWith(CassandraExtension.class)
class NoForkTest {
    private static CassandraStore first;
    private static CassandraStore second;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        first = Stores.skewed(cassandra, -10);
        second = Stores.skewed(cassandra, 10);
    }

    @AfterAll
    static void disconnect() {
        first.close();
        second.close();
    }

    @Test
    void twoInstancesAppendingToOneAggregate_1000Attempts_neverFork() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        String stream = "portfolio-1";
        int attemptsPerThread = 250;
        ConcurrentLinkedQueue<UUID> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<UUID> rejected = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (Journal journal : List.of(first.journal(), second.journal(), first.journal(), second.journal())) {
                threads.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        long seen = journal.highestSequence(tenant, stream);
                        EventData event = new EventData(UUID.randomUUID(), "Deposited", 1, Instant.now(), "",
                                new byte[] {(byte) i}, Set.of("portfolio"));
                        try {
                            long last = journal.append(tenant, stream, seen, List.of(event));
                            assertThat(last).isEqualTo(seen + 1);
                            acknowledged.add(event.eventId());
                        } catch (ConcurrencyConflict conflict) {
                            conflicts.incrementAndGet();
                            rejected.add(event.eventId());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : threads) {
                thread.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<StoredEvent> stored = first.journal().read(tenant, stream, 1);
        System.out.printf("[no-fork] 1000 attempts: %d appended, %d conflicts%n", acknowledged.size(), conflicts.get());
        assertThat(acknowledged.size() + conflicts.get()).isEqualTo(4 * attemptsPerThread);
        assertThat(conflicts.get()).as("the instances really raced").isPositive();
        assertThat(stored).extracting(StoredEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, acknowledged.size()).boxed().toList());
        assertThat(stored).extracting(StoredEvent::eventId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(acknowledged).doesNotContainAnyElementsOf(rejected);
        assertThat(second.journal().highestSequence(tenant, stream)).isEqualTo(acknowledged.size());
        assertThat(second.journal().readByTag(tenant, "portfolio", 0, 10_000)).extracting(StoredEvent::eventId)
                .containsExactlyElementsOf(stored.stream().map(StoredEvent::eventId).toList());
    }
}
