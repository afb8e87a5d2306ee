package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalException;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The classic eventsByTag weakness, attacked: many writers on three platform instances whose clocks are 30 s
 * apart (driver write times and event timestamps both skewed), one append held back between taking its offset and
 * writing its event while the projection runs ahead, one writer that "dies" right after its commit, one that dies
 * after taking offsets but before writing. A projection polling by tag from its stored offset, on a fourth
 * instance, sees every committed event exactly once, in offset order, each stream in sequence order, and never
 * the event that was not written.
 */
@ExtendWith(CassandraExtension.class)
class LateEventProjectionTest {
    private static final String TAG = "ledger";
    private static final List<Integer> SKEWS = List.of(-30, 0, 30);
    private static final List<CassandraStore> writers = new ArrayList<>();
    private static CassandraStore projectionStore;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        for (int skew : SKEWS) {
            writers.add(Stores.skewed(cassandra, skew));
        }
        projectionStore = Stores.skewed(cassandra, 5);
    }

    @AfterAll
    static void disconnect() {
        writers.forEach(CassandraStore::close);
        projectionStore.close();
    }

    private static EventData event(int skewSeconds, String what) {
        return new EventData(UUID.randomUUID(), what, 1, Instant.now().plusSeconds(skewSeconds), "",
                what.getBytes(java.nio.charset.StandardCharsets.UTF_8), Set.of(TAG));
    }

    @Test
    void projectionByTag_neverMissesLateOrConcurrentEvents_underClockSkewAndWriterCrashes() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        ConcurrentLinkedQueue<UUID> committed = new ConcurrentLinkedQueue<>();
        CountDownLatch releaseLate = new CountDownLatch(1);
        CountDownLatch lateHeld = new CountDownLatch(1);
        AtomicBoolean heldOnce = new AtomicBoolean();
        writers.get(0).journalImpl().hooks(new CassandraJournal.Hooks() {
            @Override
            public void afterAllocation(String t, String stream, long firstOffset) {
                if (stream.equals("late") && heldOnce.compareAndSet(false, true)) {
                    lateHeld.countDown();
                    try {
                        assertThat(releaseLate.await(2, TimeUnit.MINUTES)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void afterCommit(String t, String stream, long last) {
                if (stream.equals("crashed-after-commit")) {
                    throw new SimulatedCrash("process died after committing " + stream);
                }
            }
        });
        writers.get(1).journalImpl().hooks(new CassandraJournal.Hooks() {
            @Override
            public void afterAllocation(String t, String stream, long firstOffset) {
                if (Thread.currentThread().getName().equals("dies-after-allocation")) {
                    throw new SimulatedCrash("process died after allocating offset " + firstOffset);
                }
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(12);
        AtomicBoolean writersDone = new AtomicBoolean();
        try {
            Future<List<StoredEvent>> projection = pool.submit(() -> project(tenant, writersDone));

            // The held-back append: its offset is handed out first, its events are written only after the
            // projection has waited for them, fenced that offset and moved on; it then takes a new offset.
            EventData late = event(-30, "late");
            Future<Long> lateAppend = pool.submit(() -> writers.get(0).journal().append(tenant, "late", 0, List.of(late)));
            assertThat(lateHeld.await(1, TimeUnit.MINUTES)).isTrue();

            List<Future<?>> threads = new ArrayList<>();
            for (int w = 0; w < 9; w++) {
                int writer = w;
                Journal journal = writers.get(w % 3).journal();
                int skew = SKEWS.get(w % 3);
                threads.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        String stream = i % 4 == 0 ? "shared" : "w" + writer + "-" + (i % 2);
                        EventData e = event(skew, "w" + writer + "#" + i);
                        while (true) {
                            try {
                                journal.append(tenant, stream, journal.highestSequence(tenant, stream), List.of(e));
                                committed.add(e.eventId());
                                break;
                            } catch (ConcurrencyConflict conflict) {
                                // another writer took that sequence: read the head again and retry
                                assertThat(conflict.actual()).isGreaterThan(conflict.expected());
                            }
                        }
                    }
                    return null;
                }));
            }

            // A writer dies right after its commit: its event is stored with its offset, though the caller saw an error.
            EventData orphan = event(-30, "orphan");
            assertThatThrownBy(() -> writers.get(0).journal().append(tenant, "crashed-after-commit", 0, List.of(orphan)))
                    .isInstanceOf(SimulatedCrash.class);
            committed.add(orphan.eventId());
            // A writer dies after its offsets were allocated, before its events were written: readers fence the
            // offsets after the gap timeout; the event was never stored and is never delivered.
            EventData halfIndexed = event(0, "never-written");
            Future<?> dying = Executors.newSingleThreadExecutor(r -> new Thread(r, "dies-after-allocation")).submit(() ->
                    writers.get(1).journal().append(tenant, "crashed-after-allocation", 0, List.of(halfIndexed)));
            assertThatThrownBy(() -> dying.get(1, TimeUnit.MINUTES)).hasCauseInstanceOf(SimulatedCrash.class);

            for (Future<?> thread : threads) {
                thread.get(5, TimeUnit.MINUTES);
            }
            // The stream of the dead writer is written again by another instance.
            EventData next = event(30, "after-orphan");
            writers.get(2).journal().append(tenant, "crashed-after-commit", 1, List.of(next));
            committed.add(next.eventId());

            // The projection has gone past everything written so far; now the held-back append gets its offset.
            await().atMost(Duration.ofMinutes(1)).until(() -> projectionStore.journal().projectionOffset(tenant, "ledger-view") > 300);
            releaseLate.countDown();
            assertThat(lateAppend.get(1, TimeUnit.MINUTES)).isEqualTo(1);
            committed.add(late.eventId());
            writersDone.set(true);

            List<StoredEvent> seen = projection.get(5, TimeUnit.MINUTES);
            System.out.printf("[late-events] projection saw %d events of %d committed%n", seen.size(), committed.size());
            assertThat(seen).extracting(StoredEvent::eventId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(committed);
            assertThat(seen).extracting(StoredEvent::offset).isSorted().doesNotHaveDuplicates();
            Map<String, Long> lastSequence = new HashMap<>();
            for (StoredEvent e : seen) {
                Long previous = lastSequence.put(e.persistenceId(), e.sequence());
                assertThat(e.sequence()).as("stream %s in sequence order", e.persistenceId())
                        .isEqualTo(previous == null ? 1 : previous + 1);
            }
            assertThat(seen).extracting(StoredEvent::type).endsWith("late");
            assertThat(seen).extracting(StoredEvent::eventId).doesNotContain(halfIndexed.eventId());
            assertThat(projectionStore.journal().read(tenant, "crashed-after-allocation", 1)).isEmpty();
        } finally {
            releaseLate.countDown();
            pool.shutdownNow();
        }
    }

    /** Polls by tag from the stored offset, stores the offset after each page, until writers are done and caught up. */
    private static List<StoredEvent> project(String tenant, AtomicBoolean writersDone) {
        Journal journal = projectionStore.journal();
        List<StoredEvent> seen = new ArrayList<>();
        while (true) {
            boolean finalPoll = writersDone.get();
            long offset = journal.projectionOffset(tenant, "ledger-view");
            List<StoredEvent> page = journal.readByTag(tenant, TAG, offset, 25);
            seen.addAll(page);
            if (!page.isEmpty()) {
                journal.saveProjectionOffset(tenant, "ledger-view", page.getLast().offset());
            } else if (finalPoll) {
                return seen;
            }
        }
    }

    static final class SimulatedCrash extends JournalException {
        SimulatedCrash(String message) {
            super(message);
        }
    }
}
