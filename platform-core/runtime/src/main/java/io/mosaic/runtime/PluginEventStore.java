package io.mosaic.runtime;

import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.messaging.PayloadCodec;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.RecordedEvent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A plugin's aggregates in the journal: stream {@code <plugin id>/<aggregate type>|<aggregate id>}, every event
 * encrypted under the data key of the aggregate id (the business entity), with tenant, stream, event id and type
 * bound as associated data so a ciphertext cannot be moved to another row.
 */
final class PluginEventStore implements EventStore {
    private final String tenant;
    private final String pluginId;
    private final String domain;
    private final Journal journal;
    private final KeyService keys;
    private final PayloadCodec codec;
    private final Clock clock;

    private final boolean appScoped;
    private final Publications publications;

    /** What the runtime does for messages appended with events: admits them (gate, audit) and publishes them. */
    interface Publications {
        /**
         * The envelope header of a message this plugin asks to publish, with its id fixed now.
         *
         * @throws io.mosaic.sdk.UndeclaredMessageException when the gate refuses it (audited)
         */
        io.mosaic.messaging.EnvelopeHeader admit(Message message);

        /** Outbox rows were appended: publish them. Never throws: what fails now is published later. */
        void appended();

        /** The append failed: what {@link #admit} admitted for it is not published. */
        default void discarded() {
        }
    }

    PluginEventStore(String tenant, String pluginId, String domain, boolean appScoped, Journal journal, KeyService keys,
                     PayloadCodec codec, Clock clock, Publications publications) {
        this.publications = publications;
        this.appScoped = appScoped;
        this.tenant = tenant;
        this.pluginId = pluginId;
        this.domain = domain;
        this.journal = journal;
        this.keys = keys;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The entity whose key encrypts an aggregate's events: the business entity for a domain; for an app, a key of
     * the app's own per business entity ({@code <entity>/app/<app>}), so that removing the app shreds its copies
     * and nothing of the domains, and forgetting the entity shreds both.
     */
    private String keyEntity(AggregateRef ref) {
        return appScoped ? appKeyEntity(ref.id(), pluginId) : ref.id();
    }

    static String appKeyEntity(String entity, String appId) {
        return entity + "/app/" + appId;
    }

    private String stream(AggregateRef ref) {
        return pluginId + "/" + ref.persistenceId();
    }

    static byte[] aad(String tenant, String stream, UUID eventId, String type) {
        return String.join("\u001f", tenant, stream, eventId.toString(), type).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<RecordedEvent> load(AggregateRef aggregate) {
        String stream = stream(aggregate);
        List<StoredEvent> stored = journal.read(tenant, stream, 1);
        List<RecordedEvent> out = new ArrayList<>(stored.size());
        for (StoredEvent e : stored) {
            if (Outbox.TYPE.equals(e.type())) {
                continue; // a message published because of the events: not an event of the aggregate
            }
            byte[] plain = keys.decrypt(new Encrypted(KeyRef.parse(e.keyRef()), e.payload()),
                    aad(tenant, stream, e.eventId(), e.type()));
            out.add(new Recorded(e.sequence(), e.type(), e.timestamp(), plain, codec));
        }
        return out;
    }

    @Override
    public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events) {
        List<java.util.Map.Entry<String, byte[]>> json = new ArrayList<>(events.size());
        for (Record event : events) {
            json.add(java.util.Map.entry(event.getClass().getSimpleName(), codec.write(event)));
        }
        return appendJson(aggregate, expectedSequence, json, List.of());
    }

    @Override
    public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                       List<Message> publish) {
        List<java.util.Map.Entry<String, byte[]>> json = new ArrayList<>(events.size());
        for (Record event : events) {
            json.add(java.util.Map.entry(event.getClass().getSimpleName(), codec.write(event)));
        }
        return appendJson(aggregate, expectedSequence, json, publish);
    }

    /**
     * As {@link #append}, for events already written as JSON, each named by its record's simple name (an app running
     * in its own JVM sends them so: IsolatedApp).
     */
    long appendJson(AggregateRef aggregate, long expectedSequence, List<java.util.Map.Entry<String, byte[]>> events,
                    List<Message> publish) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("append to " + aggregate.persistenceId() + ": no events to append");
        }
        String stream = stream(aggregate);
        Instant now = clock.instant();
        List<EventData> data = new ArrayList<>(publish.size() + events.size());
        // The outbox first: the last row of an append is always an event, so the sequence of the last event load()
        // returns is the stream's head, which is what a plugin passes as expectedSequence next time.
        publications.discarded(); // nothing is left admitted by an earlier append that failed before the journal
        for (Message message : publish) {
            io.mosaic.messaging.EnvelopeHeader header = publications.admit(message);
            byte[] entry = new Outbox(header, codec.write(message.body())).write();
            Encrypted enc = keys.encrypt(tenant, keyEntity(aggregate), entry,
                    aad(tenant, stream, header.id(), Outbox.TYPE));
            data.add(new EventData(header.id(), Outbox.TYPE, 1, now, enc.keyRef().toString(), enc.ciphertext(),
                    Set.of(Outbox.TAG, "plugin:" + pluginId)));
        }
        for (java.util.Map.Entry<String, byte[]> event : events) {
            UUID id = UUID.randomUUID();
            String type = domain + "." + event.getKey();
            Encrypted enc = keys.encrypt(tenant, keyEntity(aggregate), event.getValue(), aad(tenant, stream, id, type));
            data.add(new EventData(id, type, 1, now, enc.keyRef().toString(), enc.ciphertext(),
                    Set.of(domain, "plugin:" + pluginId)));
        }
        long last;
        try {
            last = journal.append(tenant, stream, expectedSequence, data);
        } catch (ConcurrencyConflict c) {
            publications.discarded();
            throw new ConcurrencyConflictException(aggregate.persistenceId(), c.expected(), c.actual());
        } catch (RuntimeException failed) {
            publications.discarded();
            if (!(failed instanceof io.mosaic.eventstore.AppendTooLarge tooLarge)) {
                throw failed;
            }
            throw new io.mosaic.sdk.AppendTooLargeException(aggregate.persistenceId() + ": " + events.size() + " events and "
                    + publish.size() + " messages to publish make " + data.size() + " journal rows in one append; "
                    + tooLarge.getMessage(), tooLarge.rows(), tooLarge.maxRows());
        }
        if (!publish.isEmpty()) {
            publications.appended();
        }
        return last;
    }

    private record Recorded(long sequence, String type, Instant recordedAt, byte[] json, PayloadCodec codec)
            implements RecordedEvent {
        @Override
        public <T> T as(Class<T> t) {
            return codec.read(json, t);
        }
    }
}
