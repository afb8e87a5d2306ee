package io.mosaic.runtime;

import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.MessageHandler;
import io.mosaic.messaging.MessagingException;
import io.mosaic.messaging.PayloadCodec;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.UndeclaredMessageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox on the embedded journal: messages appended with events are journal rows until the journal publisher
 * has put them on the bus, under the envelope id fixed at the append. (The same with a SIGKILL between append and
 * publish, on Cassandra and Pulsar: {@code LocalStackEndToEndTest} in the server module.)
 */
class OutboxTest {
    static final String TENANT = "outbox-test";
    static final PluginId PLUGIN = new PluginId("assets", "0.1.0");

    @TempDir
    Path data;
    MosaicPlatform platform;
    Journal journal;
    AuditTrail audit;
    EnvelopeSealer sealer;

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        // no tenant runtime (its own publisher would drain this outbox too): only the tenant's key-encryption key
        platform.keys().createTenantKey(TENANT);
        journal = platform.journal();
        audit = new AuditTrail(journal, Clock.systemUTC());
        sealer = new EnvelopeSealer(platform.keys());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    record Registered(String assetId, String name) {
    }

    /** A bus that keeps what it is given, or refuses everything while {@code down}. */
    static final class RecordingBus implements Bus {
        final List<SignedEnvelope> published = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void publish(SignedEnvelope envelope) {
            if (down) {
                throw new MessagingException("the broker is down (test)");
            }
            published.add(envelope);
        }

        @Override
        public Consumer subscribe(Subscription subscription, MessageHandler handler) {
            throw new UnsupportedOperationException("not in this test");
        }

        @Override
        public void deleteSubscription(String tenant, String name) {
        }

        @Override
        public void close() {
        }
    }

    /** The assets domain's event store as the runtime builds it, with a gate that admits {@code allowed} only. */
    private PluginEventStore store(Set<String> allowed, Runnable appended) {
        return new PluginEventStore(TENANT, PLUGIN.id(), "assets", false, journal, platform.keys(), PayloadCodec.create(),
                Clock.systemUTC(), new PluginEventStore.Publications() {
                    @Override
                    public EnvelopeHeader admit(Message message) {
                        if (!allowed.contains(message.type())) {
                            throw new UndeclaredMessageException(PLUGIN + " may not publish " + message.type());
                        }
                        String entity = message.entity().orElse(null);
                        return new EnvelopeHeader(UUID.randomUUID(), TENANT, message.type(), 1, PLUGIN, "advisor-test",
                                UUID.randomUUID(), null, Clock.systemUTC().instant(), entity,
                                entity == null ? null : io.mosaic.hsm.KeyRef.dataKey(TENANT, entity, 1));
                    }

                    @Override
                    public void appended() {
                        appended.run();
                    }
                });
    }

    private JournalPublisher publisher(Bus bus) {
        return new JournalPublisher(TENANT, journal, platform.keys(), sealer, bus, audit, Duration.ofMillis(50),
                JournalPublisher.Hooks.NONE);
    }

    private static Message registered(String asset) {
        return Message.of("assets.AssetRegistered", new Registered(asset, "Villa " + asset)).entity(asset);
    }

    @Test
    void appendedMessages_arePublishedOnce_underTheIdFixedAtTheAppend_andLoadShowsOnlyEvents() {
        RecordingBus bus = new RecordingBus();
        try (JournalPublisher publisher = publisher(bus)) {
            PluginEventStore events = store(Set.of("assets.AssetRegistered"), publisher::wake);
            AggregateRef villa = new AggregateRef("asset", "villa-1");
            long last = events.append(villa, 0, List.of(new Registered("villa-1", "Villa")), List.of(registered("villa-1")));

            List<StoredEvent> outbox = journal.readByTag(TENANT, Outbox.TAG, 0, 10);
            assertThat(outbox).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.published.size() == 1);
            SignedEnvelope sent = bus.published.getFirst();
            assertThat(sent.header().id()).as("the envelope id is the outbox row's id").isEqualTo(outbox.getFirst().eventId());
            assertThat(sent.header().type()).isEqualTo("assets.AssetRegistered");
            assertThat(sent.header().entity()).contains("villa-1");
            assertThat(sent.header().sender()).isEqualTo(PLUGIN);
            assertThat(new String(sealer.decrypt(sealer.verified(sent)).payload(), StandardCharsets.UTF_8))
                    .contains("\"name\":\"Villa villa-1\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.storedOffset() == outbox.getFirst().offset());

            // the outbox row takes a sequence number, the event is last: what load() shows ends at the head
            assertThat(events.load(villa)).hasSize(1).first().satisfies(e -> {
                assertThat(e.type()).isEqualTo("assets.Registered");
                assertThat(e.sequence()).isEqualTo(last).isEqualTo(2);
            });
            events.append(villa, last, List.of(new Registered("villa-1", "Villa renamed")), List.of());
            assertThat(events.load(villa)).hasSize(2);

            publisher.drain();
            assertThat(bus.published).as("published once, however often the publisher runs").hasSize(1);
        }
    }

    @Test
    void busDown_entriesWaitInTheJournal_andTheNextPublisherSendsThemInOrder() {
        RecordingBus down = new RecordingBus();
        down.down = true;
        try (JournalPublisher failing = publisher(down)) {
            PluginEventStore events = store(Set.of("assets.AssetRegistered"), failing::wake);
            for (int i = 1; i <= 3; i++) {
                events.append(new AggregateRef("asset", "a" + i), 0, List.of(new Registered("a" + i, "A")),
                        List.of(registered("a" + i)));
            }
            failing.drain();
            assertThat(failing.storedOffset()).as("nothing went out, nothing is marked as sent").isZero();
        }
        RecordingBus up = new RecordingBus();
        try (JournalPublisher next = publisher(up)) { // the platform started again
            await().atMost(Duration.ofSeconds(10)).until(() -> up.published.size() == 3);
            assertThat(up.published).extracting(e -> e.header().entityOrNull()).containsExactly("a1", "a2", "a3");
            assertThat(up.published).extracting(e -> e.header().id()).containsExactlyElementsOf(
                    journal.readByTag(TENANT, Outbox.TAG, 0, 10).stream().map(StoredEvent::eventId).toList());
        }
    }

    @Test
    void undeclaredMessage_failsTheAppend_andNothingIsWritten() {
        PluginEventStore events = store(Set.of("assets.AssetRegistered"), () -> {
        });
        AggregateRef ref = new AggregateRef("asset", "villa-2");
        assertThatThrownBy(() -> events.append(ref, 0, List.of(new Registered("villa-2", "V")),
                List.of(registered("villa-2"), Message.of("custody.StatementImported", new Registered("x", "y")))))
                .isInstanceOf(UndeclaredMessageException.class).hasMessageContaining("custody.StatementImported");
        assertThat(journal.highestSequence(TENANT, "assets/" + ref.persistenceId())).isZero();
        assertThat(journal.readByTag(TENANT, Outbox.TAG, 0, 10)).isEmpty();
    }

    @Test
    void forgottenEntity_itsWaitingMessageIsNotPublished_andThatIsAudited() {
        // appended while no publisher runs (the platform is down), the entity forgotten before it starts again
        PluginEventStore events = store(Set.of("assets.AssetRegistered"), () -> {
        });
        events.append(new AggregateRef("asset", "gone-1"), 0, List.of(new Registered("gone-1", "G")),
                List.of(registered("gone-1")));
        events.append(new AggregateRef("asset", "kept-1"), 0, List.of(new Registered("kept-1", "K")),
                List.of(registered("kept-1")));
        platform.keys().destroyEntityKeys(TENANT, "gone-1");

        RecordingBus bus = new RecordingBus();
        try (JournalPublisher publisher = publisher(bus)) {
            long last = journal.readByTag(TENANT, Outbox.TAG, 0, 10).getLast().offset();
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.storedOffset() == last);
            assertThat(bus.published).extracting(e -> e.header().entityOrNull()).containsExactly("kept-1");
            assertThat(audit.recent(TENANT, 20)).anySatisfy(r -> {
                assertThat(r.kind()).isEqualTo("publication-shredded");
                assertThat(r.reason()).contains("asset|gone-1");
            });
        }
    }
}
