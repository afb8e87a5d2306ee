package io.mosaic.messaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static io.mosaic.messaging.TestEnvelopes.sequenceOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link Bus} adapter guarantees. An adapter's test extends this class and supplies a fresh bus per
 * test; it should configure short retry backoff and few attempts (the poison test waits for dead letters).
 */
public abstract class BusContract {
    protected static final String TENANT_A = "tenant-a";
    protected static final String TENANT_B = "tenant-b";
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected Bus bus;

    /** A fresh bus with short retry backoff and a handful of attempts. */
    protected abstract Bus newBus();

    /** The dead letters of a subscription of {@code bus}. */
    protected abstract List<SignedEnvelope> deadLetters(Bus bus, String tenant, String subscription);

    @BeforeEach
    void openBus() {
        bus = newBus();
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    private static Subscription durable(String tenant, String name, String... domains) {
        return new Subscription(tenant, name, Set.of(domains), true);
    }

    @Test
    void publishedEnvelope_isDeliveredToSubscriber() {
        List<SignedEnvelope> received = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "s1", "assets"), received::add);

        SignedEnvelope sent = envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 7);
        bus.publish(sent);

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.getFirst().header().id()).isEqualTo(sent.header().id());
        assertThat(sequenceOf(received.getFirst())).isEqualTo(7);
    }

    @Test
    void envelopesOfOtherDomains_areNotDelivered() {
        List<SignedEnvelope> received = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "s1", "assets"), received::add);

        bus.publish(envelope(TENANT_A, "custody.PositionChanged", null, 1));
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", null, 2));

        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received).extracting(e -> e.header().type()).containsExactly("assets.ValuationRecorded");
    }

    @Test
    void everySubscriptionOfATopic_receivesEveryEnvelope() {
        List<UUID> first = new CopyOnWriteArrayList<>();
        List<UUID> second = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "first", "assets"), e -> first.add(e.header().id()));
        bus.subscribe(durable(TENANT_A, "second", "assets", "custody"), e -> second.add(e.header().id()));

        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SignedEnvelope e = envelope(TENANT_A, "assets.ValuationRecorded", "asset-" + (i % 3), i);
            sent.add(e.header().id());
            bus.publish(e);
        }

        await().atMost(WAIT).until(() -> first.size() == 20 && second.size() == 20);
        assertThat(first).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(second).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void subscriberOfOneTenant_neverReceivesAnotherTenantsEnvelopes() {
        List<SignedEnvelope> ofA = new CopyOnWriteArrayList<>();
        List<SignedEnvelope> ofB = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "same-name", "assets"), ofA::add);
        bus.subscribe(durable(TENANT_B, "same-name", "assets"), ofB::add);

        for (int i = 0; i < 10; i++) {
            bus.publish(envelope(TENANT_B, "assets.ValuationRecorded", "asset-" + i, i));
        }
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-x", 99));

        await().atMost(WAIT).until(() -> ofB.size() == 10 && ofA.size() == 1);
        assertThat(ofA).allSatisfy(e -> assertThat(e.header().tenant()).isEqualTo(TENANT_A));
        assertThat(ofB).allSatisfy(e -> assertThat(e.header().tenant()).isEqualTo(TENANT_B));
    }

    @Test
    void envelopeWithBlankTenant_isRefused() {
        assertThatThrownBy(() -> bus.publish(TestEnvelopes.withTenant(envelope(TENANT_A, "assets.ValuationRecorded", null, 1), " ")))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("tenant");
    }

    @Test
    void envelopesOfOneEntity_arriveInPublishOrder_whileEntitiesRunInParallel() {
        int entities = 50;
        int perEntity = 100;
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        bus.subscribe(durable(TENANT_A, "ordered", "custody"), e -> {
            String entity = e.header().entity().orElseThrow();
            if (!inFlight.add(entity)) {
                overlapped.set(true); // two deliveries of one entity at the same time
            }
            seen.computeIfAbsent(entity, k -> Collections.synchronizedList(new ArrayList<>())).add(sequenceOf(e));
            inFlight.remove(entity);
            count.incrementAndGet();
        });

        for (int seq = 0; seq < perEntity; seq++) {
            for (int entity = 0; entity < entities; entity++) {
                bus.publish(envelope(TENANT_A, "custody.PositionChanged", "account-" + entity, seq));
            }
        }

        await().atMost(WAIT).until(() -> count.get() >= entities * perEntity);
        assertThat(overlapped).isFalse();
        assertThat(seen).hasSize(entities);
        seen.forEach((entity, sequences) ->
                assertThat(sequences).as("sequence of %s", entity).isSorted().doesNotHaveDuplicates().hasSize(perEntity));
    }

    @Test
    void envelopesWithoutEntity_arriveInPublishOrderPerType() {
        List<Long> received = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "by-type", "market-data"), e -> received.add(sequenceOf(e)));

        for (long i = 0; i < 300; i++) {
            bus.publish(envelope(TENANT_A, "market-data.FxRateChanged", null, i));
        }

        await().atMost(WAIT).until(() -> received.size() == 300);
        assertThat(received).isSorted();
    }

    @Test
    void handlerThatThrows_receivesTheEnvelopeAgain() {
        Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<UUID> handled = new CopyOnWriteArrayList<>();
        bus.subscribe(durable(TENANT_A, "flaky", "assets"), e -> {
            if (attempts.computeIfAbsent(e.header().id(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            handled.add(e.header().id());
        });

        SignedEnvelope sent = envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1);
        bus.publish(sent);

        await().atMost(WAIT).until(() -> handled.contains(sent.header().id()));
        assertThat(attempts.get(sent.header().id())).hasValue(2);
    }

    @Test
    void durableSubscription_receivesWhatWasPublishedWhileDetached() {
        Subscription subscription = durable(TENANT_A, "durable", "assets");
        bus.subscribe(subscription, e -> { }).close();

        List<Long> received = new CopyOnWriteArrayList<>();
        for (long i = 0; i < 25; i++) {
            bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", i));
        }
        bus.subscribe(subscription, e -> received.add(sequenceOf(e)));

        await().atMost(WAIT).until(() -> received.size() >= 25);
        assertThat(received).containsExactlyElementsOf(sequence(25));
    }

    @Test
    void nonDurableSubscription_missesWhatWasPublishedWhileDetached() {
        Subscription live = new Subscription(TENANT_A, "live", Set.of("assets"), false);
        bus.subscribe(live, e -> { }).close();
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1));

        List<Long> received = new CopyOnWriteArrayList<>();
        bus.subscribe(live, e -> received.add(sequenceOf(e)));
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 2));

        await().atMost(WAIT).until(() -> received.contains(2L));
        assertThat(received).containsExactly(2L);
    }

    @Test
    void deletedSubscription_forgetsItsPosition() {
        Subscription subscription = durable(TENANT_A, "to-delete", "assets");
        bus.subscribe(subscription, e -> { }).close();
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1));
        bus.deleteSubscription(TENANT_A, "to-delete");

        List<Long> received = new CopyOnWriteArrayList<>();
        bus.subscribe(subscription, e -> received.add(sequenceOf(e)));
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 2));

        await().atMost(WAIT).until(() -> received.contains(2L));
        assertThat(received).containsExactly(2L);
    }

    @Test
    void poisonEnvelope_endsInDeadLetters_withoutBlockingOtherEntities() {
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger poisonAttempts = new AtomicInteger();
        bus.subscribe(durable(TENANT_A, "with-poison", "assets"), e -> {
            if (sequenceOf(e) == 666) {
                poisonAttempts.incrementAndGet();
                throw new IllegalArgumentException("poison");
            }
            handled.add(e.header().entity().orElseThrow() + ":" + sequenceOf(e));
        });

        SignedEnvelope poison = envelope(TENANT_A, "assets.ValuationRecorded", "asset-poison", 666);
        bus.publish(poison);
        for (int entity = 0; entity < 20; entity++) {
            bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-" + entity, 1));
        }
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-poison", 667));

        await().atMost(WAIT).until(() -> handled.contains("asset-poison:667"));
        assertThat(handled).contains("asset-0:1", "asset-19:1").hasSize(21);
        assertThat(deadLetters(bus, TENANT_A, "with-poison"))
                .extracting(e -> e.header().id()).containsExactly(poison.header().id());
        assertThat(poisonAttempts.get()).isGreaterThan(1);
    }

    @Test
    void deadLetter_isDeliveredAgainByReplay_afterTheFix() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        bus.subscribe(durable(TENANT_A, "replayed", "assets"), e -> {
            if (!fixed.get()) {
                throw new IllegalStateException("not fixed yet");
            }
            handled.add(sequenceOf(e));
        });
        SignedEnvelope poison = envelope(TENANT_A, "assets.ValuationRecorded", "asset-replay", 7);
        bus.publish(poison);
        await().atMost(WAIT).until(() -> deadLetters(bus, TENANT_A, "replayed").size() == 1);
        assertThat(handled).isEmpty();

        fixed.set(true);
        assertThat(bus.replay(TENANT_A, "replayed", poison.header().id())).isTrue();
        await().atMost(WAIT).until(() -> handled.contains(7L));
        await().atMost(WAIT).until(() -> deadLetters(bus, TENANT_A, "replayed").isEmpty());
        assertThat(bus.replay(TENANT_A, "replayed", java.util.UUID.randomUUID())).isFalse();
    }

    @Test
    void consumerClosedMidStream_nothingLost_andAcknowledgedNotRedelivered() {
        Subscription subscription = durable(TENANT_A, "restart", "custody");
        int total = 2_000;
        Set<UUID> acknowledgedByFirst = ConcurrentHashMap.newKeySet();
        Bus.Consumer first = bus.subscribe(subscription, e -> acknowledgedByFirst.add(e.header().id()));

        Set<UUID> sent = new HashSet<>();
        for (int i = 0; i < total; i++) {
            SignedEnvelope e = envelope(TENANT_A, "custody.PositionChanged", "account-" + (i % 20), i);
            sent.add(e.header().id());
            bus.publish(e);
            if (i == total / 4) {
                await().atMost(WAIT).until(() -> acknowledgedByFirst.size() >= 100);
                first.close();
            }
        }
        Set<UUID> acknowledged = Set.copyOf(acknowledgedByFirst);

        Set<UUID> receivedBySecond = ConcurrentHashMap.newKeySet();
        bus.subscribe(subscription, e -> receivedBySecond.add(e.header().id()));

        await().atMost(WAIT).until(() -> acknowledged.size() + receivedBySecond.size() >= total);
        assertThat(acknowledgedByFirst).isEqualTo(acknowledged); // the closed consumer handled nothing more
        assertThat(receivedBySecond).doesNotContainAnyElementsOf(acknowledged);
        Set<UUID> all = new HashSet<>(acknowledged);
        all.addAll(receivedBySecond);
        assertThat(all).isEqualTo(sent);
    }

    @Test
    void secondConsumerOnAnAttachedSubscription_isRefused() {
        Subscription subscription = durable(TENANT_A, "single", "assets");
        bus.subscribe(subscription, e -> { });
        assertThatThrownBy(() -> bus.subscribe(subscription, e -> { }))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("single");
    }

    private static List<Long> sequence(int n) {
        List<Long> list = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
