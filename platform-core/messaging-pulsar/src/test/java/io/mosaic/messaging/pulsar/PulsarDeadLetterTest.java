package io.mosaic.messaging.pulsar;

import io.mosaic.local.pulsar.PulsarExtension;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(PulsarExtension.class)
class PulsarDeadLetterTest {
    private static final String TENANT = "dlq-t";
    private final PulsarLauncher.Endpoints pulsar;

    PulsarDeadLetterTest(PulsarLauncher.Endpoints pulsar) {
        this.pulsar = pulsar;
    }

    @Test
    void poisonEnvelope_endsInTheDeadLetterTopicAfterTheConfiguredAttempts_andReplaysToItsSubscriptionOnly() {
        PulsarBusConfig config = PulsarBusConfig.of(pulsar.serviceUrl(), pulsar.adminUrl(), pulsar.superuserToken())
                .withRetries(3, Duration.ofMillis(10));
        try (PulsarBus bus = PulsarBus.connect(config)) {
            AtomicBoolean fixed = new AtomicBoolean();
            AtomicInteger poisonAttempts = new AtomicInteger();
            List<UUID> handled = new CopyOnWriteArrayList<>();
            List<UUID> handledByOther = new CopyOnWriteArrayList<>();
            bus.subscribe(new Subscription(TENANT, "plugin-fragile", Set.of("assets"), true), e -> {
                if (e.header().entity().orElseThrow().equals("asset-poison") && !fixed.get()) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalStateException("cannot handle " + e.header().id());
                }
                handled.add(e.header().id());
            });
            bus.subscribe(new Subscription(TENANT, "plugin-robust", Set.of("assets"), true), e -> handledByOther.add(e.header().id()));

            SignedEnvelope poison = envelope(TENANT, "assets.ValuationRecorded", "asset-poison", 666);
            SignedEnvelope good = envelope(TENANT, "assets.ValuationRecorded", "asset-1", 1);
            bus.publish(poison);
            bus.publish(good);

            await().atMost(Duration.ofSeconds(30)).until(() -> bus.deadLetters(TENANT, "plugin-fragile").size() == 1);
            assertThat(bus.deadLetters(TENANT, "plugin-fragile").getFirst().header().id()).isEqualTo(poison.header().id());
            assertThat(poisonAttempts).hasValue(3);
            assertThat(handled).containsExactly(good.header().id());
            assertThat(bus.deadLetters(TENANT, "plugin-robust")).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> handledByOther.size() == 2);

            fixed.set(true); // the plugin is fixed
            assertThat(bus.replay(TENANT, "plugin-fragile", poison.header().id())).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(poison.header().id()));
            assertThat(bus.deadLetters(TENANT, "plugin-fragile")).isEmpty();
            assertThat(bus.replay(TENANT, "plugin-fragile", poison.header().id())).isFalse();
            // the replay was for plugin-fragile only: publish a marker and check plugin-robust saw nothing in between
            SignedEnvelope marker = envelope(TENANT, "assets.ValuationRecorded", "asset-poison", 667);
            bus.publish(marker);
            await().atMost(Duration.ofSeconds(10)).until(() -> handledByOther.contains(marker.header().id()));
            assertThat(handledByOther).containsExactlyInAnyOrder(poison.header().id(), good.header().id(), marker.header().id());
        }
    }
}
