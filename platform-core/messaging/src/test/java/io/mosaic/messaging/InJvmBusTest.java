package io.mosaic.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InJvmBusTest extends BusContract {

    @Override
    protected Bus newBus() {
        return new InJvmBus(InJvmBus.Options.defaults().withRetries(4, Duration.ofMillis(5)));
    }

    @Override
    protected List<SignedEnvelope> deadLetters(Bus bus, String tenant, String subscription) {
        return ((InJvmBus) bus).deadLetters(tenant, subscription);
    }

    @Test
    void laneThreads_areNamedAfterTenantSubscriptionAndLane_andStopOnClose() {
        InJvmBus own = new InJvmBus(InJvmBus.Options.defaults().withLanesPerConsumer(3));
        own.subscribe(new Subscription(TENANT_A, "named", Set.of("assets"), true), e -> { });

        assertThat(laneThreads("mosaic-bus-tenant-a-named-"))
                .containsExactlyInAnyOrder("mosaic-bus-tenant-a-named-0", "mosaic-bus-tenant-a-named-1",
                        "mosaic-bus-tenant-a-named-2");
        own.close();
        await().until(() -> laneThreads("mosaic-bus-tenant-a-named-").isEmpty());
        assertThatThrownBy(() -> own.publish(envelope(TENANT_A, "assets.X", null, 1)))
                .isInstanceOf(MessagingException.class).hasMessageContaining("closed");
    }

    private static List<String> laneThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .peek(t -> assertThat(t.isDaemon()).as("%s is a daemon", t.getName()).isTrue())
                .map(Thread::getName).toList();
    }

    @Test
    void fullTopic_refusesPublishAfterTimeout_andTakesMoreOnceConsumersCatchUp() {
        InJvmBus small = new InJvmBus(InJvmBus.Options.defaults().withRetentionPerTopic(100)
                .withPublishTimeout(Duration.ofMillis(100)));
        Subscription subscription = new Subscription(TENANT_A, "lagging", Set.of("assets"), true);
        small.subscribe(subscription, e -> { }).close();
        for (int i = 0; i < 100; i++) {
            small.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-" + i, i));
        }

        assertThatThrownBy(() -> small.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 100)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("persistent://tenant-a/assets/messages is full");

        AtomicInteger handled = new AtomicInteger();
        small.subscribe(subscription, e -> handled.incrementAndGet());
        await().until(() -> handled.get() == 100);
        small.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 100));
        await().until(() -> handled.get() == 101);
        assertThat(small.retained(new Topic(TENANT_A, "assets"))).isLessThanOrEqualTo(100);
        small.close();
    }

    @Test
    void topicWithoutSubscriptions_trimsInsteadOfFillingUp() {
        InJvmBus small = new InJvmBus(InJvmBus.Options.defaults().withRetentionPerTopic(10)
                .withPublishTimeout(Duration.ZERO));
        for (int i = 0; i < 5_000; i++) {
            small.publish(envelope(TENANT_A, "assets.ValuationRecorded", null, i));
        }
        assertThat(small.retained(new Topic(TENANT_A, "assets"))).isLessThanOrEqualTo(10);
        small.close();
    }

    @Test
    void acknowledgedEntries_areTrimmedLongBeforeTheRetentionLimit() {
        AtomicInteger handled = new AtomicInteger();
        bus.subscribe(new Subscription(TENANT_A, "keeps-up", Set.of("assets"), true), e -> handled.incrementAndGet());
        for (int i = 0; i < 3 * TopicLog.CHUNK_SIZE; i++) {
            bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-" + (i % 7), i));
        }
        await().until(() -> handled.get() == 3 * TopicLog.CHUNK_SIZE);
        for (int i = 0; i < TopicLog.CHUNK_SIZE; i++) {
            bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", i));
        }

        assertThat(((InJvmBus) bus).retained(new Topic(TENANT_A, "assets"))).isLessThanOrEqualTo(TopicLog.CHUNK_SIZE);
    }

    @Test
    void deadLetters_areKeptPerSubscription() {
        List<SignedEnvelope> good = new CopyOnWriteArrayList<>();
        bus.subscribe(new Subscription(TENANT_A, "fails", Set.of("assets"), true), e -> {
            throw new IllegalStateException("always");
        });
        bus.subscribe(new Subscription(TENANT_A, "works", Set.of("assets"), true), good::add);
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1));

        await().until(() -> deadLetters(bus, TENANT_A, "fails").size() == 1 && good.size() == 1);
        assertThat(deadLetters(bus, TENANT_A, "works")).isEmpty();
        assertThat(deadLetters(bus, TENANT_B, "fails")).isEmpty();
    }

    @Test
    void publish_isFast() {
        InJvmBus fast = new InJvmBus();
        byte[] kib = new byte[1024];
        List<SignedEnvelope> envelopes = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            envelopes.add(envelope(TENANT_A, "assets.ValuationRecorded", "asset-" + (i % 100), kib));
        }
        AtomicInteger handled = new AtomicInteger();
        fast.subscribe(new Subscription(TENANT_A, "bench", Set.of("assets"), true), e -> handled.incrementAndGet());

        int total = 200_000;
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            fast.publish(envelopes.get(i % envelopes.size()));
        }
        long publishNanos = System.nanoTime() - started;
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == total);
        fast.close();

        double perSecond = total / (publishNanos / 1e9);
        System.out.printf("in-JVM bus: %,.0f publishes/s of 1 KiB envelopes with one subscriber%n", perSecond);
        assertThat(perSecond).as("publishes per second").isGreaterThan(50_000);
    }
}
