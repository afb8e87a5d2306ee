package io.mosaic.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link Journal} adapter does (docs/journal.md). The embedded H2 adapter runs it here; the Cassandra
 * adapter runs the very same tests from this module's test jar. A subclass supplies a fresh journal per test in
 * {@link #journal()} and closes it afterwards. Every test works in tenants of its own, so adapters that share one
 * store across tests (one Cassandra keyspace) need no cleaning between tests.
 */
public abstract class JournalContract {

    /** The journal under test; the same instance for the whole of one test. */
    protected abstract Journal journal();

    /**
     * The precision the adapter keeps timestamps to; the contract asks for at least milliseconds (what Cassandra's
     * {@code timestamp} keeps). An adapter that keeps more says so here, and the contract checks it.
     */
    protected TemporalUnit timestampPrecision() {
        return ChronoUnit.MILLIS;
    }

    private final String tenant = uniqueTenant();
    private final String otherTenant = uniqueTenant();

    private static String uniqueTenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static EventData event(String type, String... tags) {
        return new EventData(UUID.randomUUID(), type, 1, Instant.parse("2025-03-14T09:26:53.589793238Z"), "",
                type.getBytes(java.nio.charset.StandardCharsets.UTF_8), Set.of(tags));
    }

    @Test
    void appendedEvents_areReadBackInOrder_withEveryFieldIntact() {
        Instant timestamp = Instant.parse("2024-02-29T23:59:59.123456789Z");
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        EventData first = new EventData(UUID.randomUUID(), "custody.PositionChanged", 3, timestamp,
                tenant + "/e/asset-1/dek/v2", payload, Set.of("custody", "entity:asset-1"));
        EventData second = new EventData(UUID.randomUUID(), "custody.PositionClosed", 1, timestamp.plusSeconds(1), "",
                new byte[0], Set.of());

        long last = journal().append(tenant, "asset-1", 0, List.of(first, second));

        assertThat(last).isEqualTo(2);
        List<StoredEvent> stored = journal().read(tenant, "asset-1", 1);
        assertThat(stored).hasSize(2);
        StoredEvent one = stored.get(0);
        assertThat(one.tenant()).isEqualTo(tenant);
        assertThat(one.persistenceId()).isEqualTo("asset-1");
        assertThat(one.sequence()).isEqualTo(1);
        assertThat(one.eventId()).isEqualTo(first.eventId());
        assertThat(one.type()).isEqualTo("custody.PositionChanged");
        assertThat(one.schemaVersion()).isEqualTo(3);
        assertThat(one.timestamp()).isEqualTo(timestamp.truncatedTo(timestampPrecision()));
        assertThat(one.keyRef()).isEqualTo(tenant + "/e/asset-1/dek/v2");
        assertThat(one.payload()).isEqualTo(payload);
        assertThat(one.tags()).containsExactlyInAnyOrder("custody", "entity:asset-1");
        StoredEvent two = stored.get(1);
        assertThat(two.sequence()).isEqualTo(2);
        assertThat(two.eventId()).isEqualTo(second.eventId());
        assertThat(two.keyRef()).isEmpty();
        assertThat(two.payload()).isEmpty();
        assertThat(two.tags()).isEmpty();
        assertThat(two.offset()).isGreaterThan(one.offset());
    }

    @Test
    void readFromASequence_returnsThatEventAndTheRest() {
        journal().append(tenant, "p", 0, List.of(event("a"), event("b"), event("c")));

        assertThat(journal().read(tenant, "p", 2)).extracting(StoredEvent::type).containsExactly("b", "c");
        assertThat(journal().read(tenant, "p", 4)).isEmpty();
        assertThat(journal().read(tenant, "unknown", 1)).isEmpty();
    }

    @Test
    void newStream_expectsSequenceZero() {
        assertThat(journal().highestSequence(tenant, "new")).isZero();

        assertThatThrownBy(() -> journal().append(tenant, "new", 1, List.of(event("a"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                    assertThat(conflict.expected()).isEqualTo(1);
                    assertThat(conflict.actual()).isZero();
                });
        assertThat(journal().append(tenant, "new", 0, List.of(event("a")))).isEqualTo(1);
    }

    @Test
    void highestSequence_followsAppends() {
        journal().append(tenant, "p", 0, List.of(event("a"), event("b")));
        journal().append(tenant, "p", 2, List.of(event("c")));

        assertThat(journal().highestSequence(tenant, "p")).isEqualTo(3);
        assertThat(journal().append(tenant, "p", 3, List.of(event("d"), event("e")))).isEqualTo(5);
        assertThat(journal().highestSequence(tenant, "p")).isEqualTo(5);
    }

    @Test
    void staleExpectedSequence_isAConflict_andWritesNothing() {
        journal().append(tenant, "p", 0, List.of(event("a", "tag"), event("b", "tag")));
        List<StoredEvent> before = journal().read(tenant, "p", 1);

        assertThatThrownBy(() -> journal().append(tenant, "p", 1, List.of(event("late", "tag"), event("late2", "tag"))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                    assertThat(conflict.expected()).isEqualTo(1);
                    assertThat(conflict.actual()).isEqualTo(2);
                    assertThat(conflict.getMessage()).contains("p");
                });

        assertThat(journal().read(tenant, "p", 1)).extracting(StoredEvent::eventId)
                .containsExactlyElementsOf(before.stream().map(StoredEvent::eventId).toList());
        assertThat(journal().highestSequence(tenant, "p")).isEqualTo(2);
        assertThat(journal().readByTag(tenant, "tag", 0, 100)).extracting(StoredEvent::type).containsExactly("a", "b");
    }

    @Test
    void twoWritersRacingAtTheSameSequence_exactlyOneWins_theOtherGetsAConflict() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String stream = "race-" + round;
                EventData mine = event("mine");
                EventData theirs = event("theirs");
                CountDownLatch start = new CountDownLatch(1);
                Future<Object> first = pool.submit(raceTo(start, stream, mine));
                Future<Object> second = pool.submit(raceTo(start, stream, theirs));
                start.countDown();
                List<Object> outcomes = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

                assertThat(outcomes).as("round %d", round).filteredOn(o -> o instanceof Long).containsExactly(1L);
                assertThat(outcomes).as("round %d", round).filteredOn(o -> o instanceof ConcurrencyConflict)
                        .hasSize(1);
                List<StoredEvent> stored = journal().read(tenant, stream, 1);
                assertThat(stored).as("round %d", round).hasSize(1);
                UUID winner = outcomes.get(0) instanceof Long ? mine.eventId() : theirs.eventId();
                assertThat(stored.getFirst().eventId()).as("round %d", round).isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Callable<Object> raceTo(CountDownLatch start, String stream, EventData event) {
        return () -> {
            start.await();
            try {
                return journal().append(tenant, stream, 0, List.of(event));
            } catch (ConcurrencyConflict conflict) {
                return conflict;
            }
        };
    }

    /**
     * The known weakness of reading by tag: an event whose offset is handed out before another's but committed
     * after it must not be skipped by a reader that already passed the later offset.
     */
    @Test
    void concurrentWriters_andAReaderPollingByTag_readerSeesEveryEventExactlyOnce_inOffsetOrder() throws Exception {
        int writers = 8;
        int eventsPerWriter = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writersDone = new AtomicBoolean();
        try {
            Future<List<StoredEvent>> reader = pool.submit(() -> pollByTag(writersDone));
            List<Future<List<UUID>>> written = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String stream = "writer-" + w;
                written.add(pool.submit(() -> {
                    List<UUID> ids = new ArrayList<>();
                    for (int i = 0; i < eventsPerWriter; i++) {
                        EventData event = event("e", "shared");
                        journal().append(tenant, stream, i, List.of(event));
                        ids.add(event.eventId());
                    }
                    return ids;
                }));
            }
            Set<UUID> expected = new HashSet<>();
            for (Future<List<UUID>> ids : written) {
                expected.addAll(ids.get(60, TimeUnit.SECONDS));
            }
            writersDone.set(true);
            List<StoredEvent> seen = reader.get(60, TimeUnit.SECONDS);

            assertThat(seen).hasSize(writers * eventsPerWriter);
            assertThat(seen).extracting(StoredEvent::eventId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).offset()).isGreaterThan(seen.get(i - 1).offset());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Polls from the last offset seen until the writers are done and a poll after that finds nothing new. */
    private List<StoredEvent> pollByTag(AtomicBoolean writersDone) {
        List<StoredEvent> seen = new ArrayList<>();
        long offset = 0;
        while (true) {
            boolean finalPoll = writersDone.get();
            List<StoredEvent> page = journal().readByTag(tenant, "shared", offset, 37);
            seen.addAll(page);
            if (!page.isEmpty()) {
                offset = page.getLast().offset();
            } else if (finalPoll) {
                return seen;
            }
        }
    }

    @Test
    void readByTag_withALimit_pagesThroughTheTaggedEventsInOrder() {
        List<UUID> tagged = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            EventData event = i % 2 == 0 ? event("tagged-" + i, "projection", "other") : event("tagged-" + i, "projection");
            tagged.add(event.eventId());
            journal().append(tenant, "p" + (i % 3), journal().highestSequence(tenant, "p" + (i % 3)),
                    List.of(event, event("untagged-" + i)));
        }

        List<UUID> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        long offset = 0;
        List<StoredEvent> page;
        do {
            page = journal().readByTag(tenant, "projection", offset, 10);
            pageSizes.add(page.size());
            page.forEach(event -> read.add(event.eventId()));
            if (!page.isEmpty()) {
                offset = page.getLast().offset();
            }
        } while (!page.isEmpty());

        assertThat(pageSizes).containsExactly(10, 10, 5, 0);
        assertThat(read).containsExactlyElementsOf(tagged);
        assertThat(journal().readByTag(tenant, "other", 0, 100)).hasSize(13)
                .allSatisfy(event -> assertThat(event.tags()).contains("other", "projection"));
        assertThat(journal().readByTag(tenant, "nobody-uses-this", 0, 100)).isEmpty();
    }

    @Test
    void otherTenant_cannotReadAStreamByItsName() {
        journal().append(tenant, "shared-name", 0, List.of(event("secret", "tag")));

        assertThat(journal().read(otherTenant, "shared-name", 1)).isEmpty();
        assertThat(journal().highestSequence(otherTenant, "shared-name")).isZero();
    }

    @Test
    void otherTenant_cannotReadByTag() {
        journal().append(tenant, "p", 0, List.of(event("secret", "tag")));

        assertThat(journal().readByTag(otherTenant, "tag", 0, 100)).isEmpty();
    }

    @Test
    void sameStreamName_inTwoTenants_areTwoStreams() {
        journal().append(tenant, "p", 0, List.of(event("mine", "tag"), event("mine", "tag")));

        assertThat(journal().append(otherTenant, "p", 0, List.of(event("theirs", "tag")))).isEqualTo(1);
        assertThat(journal().read(otherTenant, "p", 1)).extracting(StoredEvent::type).containsExactly("theirs");
        assertThat(journal().readByTag(otherTenant, "tag", 0, 100)).extracting(StoredEvent::type)
                .containsExactly("theirs");
        assertThat(journal().read(tenant, "p", 1)).extracting(StoredEvent::type).containsExactly("mine", "mine");
    }

    @Test
    void otherTenant_cannotReadSnapshotsOrProjectionOffsets() {
        journal().saveSnapshot(new Snapshot(tenant, "p", 3, Instant.now(), "", new byte[] {1}));
        journal().saveProjectionOffset(tenant, "net-worth", 42);

        assertThat(journal().latestSnapshot(otherTenant, "p")).isEmpty();
        assertThat(journal().projectionOffset(otherTenant, "net-worth")).isZero();
    }

    @Test
    void latestSnapshot_isTheOneWithTheHighestSequence() {
        Instant at = Instant.parse("2025-01-02T03:04:05.678Z");
        journal().saveSnapshot(new Snapshot(tenant, "p", 5, at, "k/v1", new byte[] {5}));
        journal().saveSnapshot(new Snapshot(tenant, "p", 9, at.plusSeconds(9), tenant + "/e/p/dek/v1",
                new byte[] {9, 9}));
        journal().saveSnapshot(new Snapshot(tenant, "p", 7, at.plusSeconds(7), "k/v1", new byte[] {7}));

        Snapshot latest = journal().latestSnapshot(tenant, "p").orElseThrow();
        assertThat(latest.tenant()).isEqualTo(tenant);
        assertThat(latest.persistenceId()).isEqualTo("p");
        assertThat(latest.sequence()).isEqualTo(9);
        assertThat(latest.timestamp()).isEqualTo(at.plusSeconds(9));
        assertThat(latest.keyRef()).isEqualTo(tenant + "/e/p/dek/v1");
        assertThat(latest.payload()).containsExactly(9, 9);
    }

    @Test
    void snapshotSavedAgainAtTheSameSequence_replacesTheEarlierOne() {
        journal().saveSnapshot(new Snapshot(tenant, "p", 4, Instant.now(), "", new byte[] {1}));
        journal().saveSnapshot(new Snapshot(tenant, "p", 4, Instant.now(), "", new byte[] {2}));

        assertThat(journal().latestSnapshot(tenant, "p").orElseThrow().payload()).containsExactly(2);
    }

    @Test
    void streamWithoutSnapshot_hasNone() {
        assertThat(journal().latestSnapshot(tenant, "never-snapshotted")).isEmpty();
    }

    @Test
    void projectionOffsets_areSavedAndReadBack_andZeroWhenNeverSaved() {
        assertThat(journal().projectionOffset(tenant, "net-worth")).isZero();

        journal().saveProjectionOffset(tenant, "net-worth", 17);
        journal().saveProjectionOffset(tenant, "allocation", 3);
        assertThat(journal().projectionOffset(tenant, "net-worth")).isEqualTo(17);

        journal().saveProjectionOffset(tenant, "net-worth", 41);
        assertThat(journal().projectionOffset(tenant, "net-worth")).isEqualTo(41);
        assertThat(journal().projectionOffset(tenant, "allocation")).isEqualTo(3);
    }

    @Test
    void eventIdAlreadyStored_isRejected_andTheBatchIsNotWritten() {
        EventData original = event("original", "tag");
        journal().append(tenant, "first", 0, List.of(original));
        EventData copy = new EventData(original.eventId(), "copy", 1, Instant.now(), "", new byte[] {1}, Set.of("tag"));

        assertThatThrownBy(() -> journal().append(tenant, "second", 0, List.of(event("fresh", "tag"), copy)))
                .isInstanceOf(JournalException.class)
                .isNotInstanceOf(ConcurrencyConflict.class)
                .hasMessageContaining(original.eventId().toString());

        assertThat(journal().highestSequence(tenant, "second")).isZero();
        assertThat(journal().readByTag(tenant, "tag", 0, 100)).extracting(StoredEvent::type)
                .containsExactly("original");
    }

    @Test
    void eventIdTwiceInOneBatch_isRejected_andNothingIsWritten() {
        EventData event = event("twice");

        assertThatThrownBy(() -> journal().append(tenant, "p", 0, List.of(event, event)))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining(event.eventId().toString());
        assertThat(journal().highestSequence(tenant, "p")).isZero();
    }

    @Test
    void eventIdOfAnotherTenant_doesNotCollide() {
        EventData event = event("a");
        journal().append(tenant, "p", 0, List.of(event));

        assertThat(journal().append(otherTenant, "p", 0, List.of(event))).isEqualTo(1);
    }

    @Test
    void emptyAppend_orNegativeExpectedSequence_isRefused() {
        assertThatThrownBy(() -> journal().append(tenant, "p", 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p");
        assertThatThrownBy(() -> journal().append(tenant, "p", -1, List.of(event("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(journal().highestSequence(tenant, "p")).isZero();
    }

    @Test
    void offsets_increaseAcrossStreamsInAppendOrder() {
        journal().append(tenant, "a", 0, List.of(event("a1", "all")));
        journal().append(tenant, "b", 0, List.of(event("b1", "all"), event("b2", "all")));
        journal().append(tenant, "a", 1, List.of(event("a2", "all")));

        List<StoredEvent> all = journal().readByTag(tenant, "all", 0, 100);
        assertThat(all).extracting(StoredEvent::type).containsExactly("a1", "b1", "b2", "a2");
        assertThat(all).extracting(StoredEvent::offset).isSorted().doesNotHaveDuplicates();
        assertThat(journal().readByTag(tenant, "all", all.get(1).offset(), 100)).extracting(StoredEvent::type)
                .containsExactly("b2", "a2");
    }

    @Test
    void eventAppendedAfterAReaderCaughtUp_isReadFromItsOffset() {
        journal().append(tenant, "p", 0, List.of(event("early", "tag")));
        long caughtUp = journal().readByTag(tenant, "tag", 0, 100).getLast().offset();
        assertThat(journal().readByTag(tenant, "tag", caughtUp, 100)).isEmpty();

        journal().append(tenant, "q", 0, List.of(event("late", "tag")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(journal().readByTag(tenant, "tag", caughtUp, 100)).extracting(StoredEvent::type)
                        .containsExactly("late"));
    }

    @Test
    void payloadsOfManySizes_roundTrip() {
        List<EventData> events = IntStream.of(0, 1, 255, 4096, 200_000).mapToObj(size -> {
            byte[] payload = new byte[size];
            new java.util.Random(size).nextBytes(payload);
            return new EventData(UUID.randomUUID(), "blob", 1, Instant.now(), "", payload, Set.of());
        }).toList();
        journal().append(tenant, "blobs", 0, events);

        List<StoredEvent> stored = journal().read(tenant, "blobs", 1);
        for (int i = 0; i < events.size(); i++) {
            assertThat(stored.get(i).payload()).isEqualTo(events.get(i).payload());
        }
    }
}
