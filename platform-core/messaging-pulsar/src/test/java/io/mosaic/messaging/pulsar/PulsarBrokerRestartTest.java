package io.mosaic.messaging.pulsar;

import io.mosaic.local.pulsar.PulsarExtension;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.MessagingException;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The broker goes away (SIGTERM) and comes back on the same ports and data; the bus copes. */
@ExtendWith(PulsarExtension.class)
class PulsarBrokerRestartTest {
    private final PulsarLauncher launcher;
    private final PulsarLauncher.Endpoints pulsar;
    private final List<PulsarBus> buses = new ArrayList<>();

    PulsarBrokerRestartTest(PulsarLauncher launcher) {
        this.launcher = launcher;
        this.pulsar = launcher.endpoints();
    }

    private PulsarBus bus(Duration publishTimeout) {
        PulsarBus bus = PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), pulsar.adminUrl(), pulsar.superuserToken())
                .withPublishTimeout(publishTimeout));
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void restoreBroker() {
        launcher.startAgain(); // for the next test class, whatever happened here
        buses.forEach(PulsarBus::close);
    }

    @Test
    void publishWhileBrokerIsDown_failsWithinTheTimeout_andWorksAgainAfterRestart() {
        PulsarBus bus = bus(Duration.ofSeconds(1));
        List<UUID> received = new CopyOnWriteArrayList<>();
        bus.subscribe(new Subscription("fault-t", "plugin-watcher", Set.of("assets"), true), e -> received.add(e.header().id()));
        bus.publish(envelope("fault-t", "assets.ValuationRecorded", "asset-1", 1));

        launcher.stop();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> bus.publish(envelope("fault-t", "assets.ValuationRecorded", "asset-1", 2)))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("persistent://fault-t/assets/messages")
                .hasMessageContaining("did not confirm within 1000 ms");
        // bounded by the configured 1 s (the client's own default would be 30 s); the margin is for a loaded CI machine
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

        launcher.startAgain();
        SignedEnvelope afterRestart = envelope("fault-t", "assets.ValuationRecorded", "asset-1", 3);
        // the client reconnects by itself; a caller retries a failed publish
        await().atMost(Duration.ofSeconds(60)).ignoreException(MessagingException.class)
                .until(() -> { bus.publish(afterRestart); return true; });
        await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(afterRestart.header().id()));
    }

    @Test
    void tenThousandEnvelopes_acrossABrokerRestart_allDelivered_noneAppliedTwice() throws InterruptedException {
        int total = 10_000;
        int publishers = 4;
        PulsarBus publishing = bus(Duration.ofSeconds(2));
        PulsarBus consuming = bus(Duration.ofSeconds(2));
        Set<UUID> processed = ConcurrentHashMap.newKeySet(); // what the runtime records per plugin
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger redelivered = new AtomicInteger();
        consuming.subscribe(new Subscription("restart-t", "plugin-ledger", Set.of("custody"), true), e -> {
            if (processed.add(e.header().id())) {
                applied.incrementAndGet();
            } else {
                redelivered.incrementAndGet(); // a duplicate delivery: recognised, not applied
            }
        });

        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger failedAttempts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            threads.add(Thread.ofPlatform().name("publisher-" + p).start(() -> {
                for (int i = publisher; i < total; i += publishers) {
                    SignedEnvelope e = envelope("restart-t", "custody.PositionChanged", "account-" + (i % 50), i);
                    sent.add(e.header().id());
                    while (true) { // a caller (the journal publisher) retries until the bus takes it
                        try {
                            publishing.publish(e);
                            confirmed.incrementAndGet();
                            break;
                        } catch (MessagingException failed) {
                            failedAttempts.incrementAndGet();
                        }
                    }
                }
            }));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> confirmed.get() >= total / 3);
        launcher.stop(); // SIGTERM mid-stream
        await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts.get() > 0);
        int confirmedWhileDown = confirmed.get();
        launcher.startAgain();
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(180));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> processed.size() >= total);
        System.out.printf("restart test: %d confirmed before the stop, %d failed publish attempts retried, %d duplicate"
                + " deliveries recognised%n", confirmedWhileDown, failedAttempts.get(), redelivered.get());
        assertThat(confirmed.get()).isEqualTo(total);
        assertThat(new HashSet<>(processed)).isEqualTo(new HashSet<>(sent));
        assertThat(applied.get()).isEqualTo(total);
    }
}
