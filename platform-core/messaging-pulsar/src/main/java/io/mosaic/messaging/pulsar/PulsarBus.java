package io.mosaic.messaging.pulsar;

import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.MessageHandler;
import io.mosaic.messaging.MessagingException;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.messaging.Topic;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Bus} on Apache Pulsar (see {@code docs/pulsar.md}).
 *
 * <ul>
 * <li>Topic per tenant and domain, {@link Topic#pulsarName()}; the message is {@link EnvelopeCodec#encode}'s bytes,
 * its key the envelope's entity (without entity: its type), its properties the envelope id and type.</li>
 * <li>Subscriptions are Pulsar subscriptions of type Key_Shared on every domain topic they read: consumers in other
 * processes may join the same subscription and the broker spreads entities over them, each entity to one consumer.
 * Inside a consumer, {@link PulsarBusConfig#lanesPerConsumer()} lanes handle entities in parallel, each entity in
 * publish order. Durable = a durable cursor starting at the end when created; non-durable = a non-durable cursor
 * at the end, gone when the consumer closes.</li>
 * <li>At-least-once: the lane acknowledges after the handler returns; a handler that throws gets the envelope again
 * in place (so later envelopes of the same entity wait, as order requires) up to {@link PulsarBusConfig#maxAttempts()}
 * times with backoff; then the envelope goes to the subscription's dead-letter topic
 * {@code <topic>-<subscription>-DLQ} and is acknowledged. {@link #deadLetters} lists them, {@link #replay} puts one
 * back for that subscription only.</li>
 * <li>Effectively once: broker deduplication (sequence ids per producer) drops what the client re-sends after a
 * reconnect; the bus remembers the envelope ids it published, so a caller retrying a confirmed publish sends
 * nothing; consumers record processed envelope ids (the runtime does) for everything else.</li>
 * <li>{@link #publish} waits at most {@link PulsarBusConfig#publishTimeout()}; the client reconnects by itself.</li>
 * </ul>
 */
public final class PulsarBus implements Bus {
    private static final System.Logger LOG = System.getLogger(PulsarBus.class.getName());
    static final String PROP_ID = "mosaic-id";
    static final String PROP_TYPE = "mosaic-type";
    /** On a replayed message: the only subscription that handles it; every other one acknowledges and skips it. */
    static final String PROP_REPLAY_FOR = "mosaic-replay-for";
    static final String PROP_DLQ_REASON = "mosaic-dead-letter-reason";
    static final String PROP_DLQ_SOURCE = "mosaic-dead-letter-source";
    static final String PROP_DLQ_ATTEMPTS = "mosaic-dead-letter-attempts";
    /** The subscription on every dead-letter topic that keeps its messages until replayed (or deleted). */
    static final String DLQ_SUBSCRIPTION = "mosaic-dead-letters";

    private record Key(String tenant, String name) {
    }

    private final PulsarBusConfig config;
    private final PulsarClient client;
    private final PulsarAdmin admin;
    private final Map<String, CompletableFuture<Producer<byte[]>>> producers = new ConcurrentHashMap<>();
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();
    private final Set<String> deadLetterTopicsReady = ConcurrentHashMap.newKeySet();
    private final Map<Key, PulsarConsumer> consumers = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> confirmed;
    private final Object deadLetterLock = new Object();
    private volatile boolean closed;

    private PulsarBus(PulsarBusConfig config, PulsarClient client, PulsarAdmin admin) {
        this.config = config;
        this.client = client;
        this.admin = admin;
        int window = config.idempotencyWindow();
        this.confirmed = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > window;
            }
        });
    }

    /** Connects (lazily: nothing waits for the broker here; the first publish or subscribe does). */
    public static PulsarBus connect(PulsarBusConfig config) {
        Objects.requireNonNull(config, "config");
        long timeoutMs = config.publishTimeout().toMillis();
        PulsarClient client;
        try {
            client = PulsarClient.builder()
                    .serviceUrl(config.serviceUrl())
                    .authentication(AuthenticationFactory.token(config.token()))
                    .operationTimeout((int) Math.max(1000, timeoutMs), TimeUnit.MILLISECONDS)
                    .connectionTimeout((int) Math.min(10_000, Math.max(500, timeoutMs)), TimeUnit.MILLISECONDS)
                    // reconnect quickly when the broker returns
                    .startingBackoffInterval(100, TimeUnit.MILLISECONDS)
                    .maxBackoffInterval(2, TimeUnit.SECONDS)
                    .ioThreads(2)
                    .listenerThreads(1)
                    .build();
        } catch (PulsarClientException e) {
            throw new MessagingException("cannot create a Pulsar client for " + config.serviceUrl() + ": " + e.getMessage(), e);
        }
        return new PulsarBus(config, client, PulsarTenancy.admin(config.adminUrl(), config.token(), config.publishTimeout()));
    }

    public PulsarBusConfig config() {
        return config;
    }

    @Override
    public void publish(SignedEnvelope envelope) {
        send(envelope, null, -1);
    }

    /**
     * Publishes with the producer named {@code source} on the topic and {@code sequence} as the Pulsar sequence id.
     * The namespace has deduplication on, so the broker keeps, per topic and producer name, the highest sequence id it
     * stored, and drops a message whose id is not higher, also when it comes from a new process after a crash (the
     * journal publisher's case: its numbers are journal offsets). One producer of a name per topic at a time: a
     * second process publishing the same source is refused by the broker until the first is gone.
     */
    @Override
    public void publishInSequence(SignedEnvelope envelope, String source, long sequence) {
        Objects.requireNonNull(source, "source");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more, was " + sequence);
        }
        send(envelope, source, sequence);
    }

    /** Sends with the topic's anonymous producer ({@code source} null) or the one named {@code source}. */
    private void send(SignedEnvelope envelope, String source, long sequence) {
        Objects.requireNonNull(envelope, "envelope");
        requireOpen();
        EnvelopeHeader header = envelope.header();
        if (header.tenant().isBlank()) {
            throw new MessagingException("envelope " + header.id() + " (" + header.type() + "): tenant is blank");
        }
        Topic topic;
        try {
            topic = Topic.of(header);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("envelope " + header.id() + " of tenant '" + header.tenant()
                    + "' cannot be routed: " + e.getMessage(), e);
        }
        if (source == null && confirmed.containsKey(header.id())) {
            return; // the broker confirmed this envelope before: a caller's retry, nothing to send
        }
        String as = source == null ? "" : " as " + source + " #" + sequence;
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        Producer<byte[]> producer = producer(topic, source, deadline, header);
        var message = producer.newMessage();
        if (source != null) {
            message = message.sequenceId(sequence);
        }
        CompletableFuture<MessageId> sent = message
                .key(orderingKey(header))
                .value(EnvelopeCodec.encode(envelope))
                .property(PROP_ID, header.id().toString())
                .property(PROP_TYPE, header.type())
                .eventTime(header.occurredAt().toEpochMilli())
                .sendAsync();
        await(sent, deadline, () -> "publish of envelope " + header.id() + " (" + header.type() + ")" + as + " to "
                + topic.pulsarName());
        confirmed.put(header.id(), Boolean.TRUE);
    }

    /** Entity, else type: the Key_Shared key and the lane key, so one entity is handled in order. */
    static String orderingKey(EnvelopeHeader header) {
        return header.entity().orElse(header.type());
    }

    /** The topic's producer: anonymous ({@code name} null, the client picks a unique name) or named. */
    private Producer<byte[]> producer(Topic topic, String name, long deadline, EnvelopeHeader header) {
        String key = name == null ? topic.pulsarName() : topic.pulsarName() + "\u0000" + name;
        CompletableFuture<Producer<byte[]>> future = producers.computeIfAbsent(key, k -> {
            ensureProvisioned(topic.tenant(), topic.domain());
            var builder = client.newProducer()
                    .topic(topic.pulsarName())
                    // one message per entry: key-based batching would reorder sequence ids across keys, which
                    // broker deduplication could take for duplicates (docs/pulsar.md)
                    .enableBatching(false)
                    .sendTimeout((int) Math.max(1, config.publishTimeout().toMillis()), TimeUnit.MILLISECONDS)
                    .blockIfQueueFull(true)
                    .maxPendingMessages(1000);
            return (name == null ? builder : builder.producerName(name)).createAsync();
        });
        try {
            return await(future, deadline, () -> "publish of envelope " + header.id() + " (" + header.type()
                    + "): creating the producer" + (name == null ? "" : " " + name) + " for " + topic.pulsarName());
        } catch (MessagingException e) {
            producers.remove(key, future); // the next publish tries again
            throw e;
        }
    }

    private void ensureProvisioned(String tenant, String domain) {
        if (!config.provisionNamespaces() || provisioned.contains(tenant + "/" + domain)) {
            return;
        }
        PulsarTenancy.ensureDomain(admin, tenant, domain);
        provisioned.add(tenant + "/" + domain);
    }

    private <T> T await(CompletableFuture<T> future, long deadline, java.util.function.Supplier<String> what) {
        long remaining = deadline - System.nanoTime();
        try {
            return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MessagingException(what.get() + " failed: the Pulsar broker at " + config.serviceUrl()
                    + " did not confirm within " + config.publishTimeout().toMillis() + " ms (is it reachable?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String detail = cause instanceof PulsarClientException.TimeoutException
                    ? "the Pulsar broker at " + config.serviceUrl() + " did not confirm within "
                    + config.publishTimeout().toMillis() + " ms (is it reachable?)"
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new MessagingException(what.get() + " failed: " + detail, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException(what.get() + " interrupted", e);
        }
    }

    @Override
    public Bus.Consumer subscribe(Subscription subscription, MessageHandler handler) {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(handler, "handler");
        requireOpen();
        if (subscription.tenant().isBlank() || subscription.name().isBlank()) {
            throw new MessagingException("subscription needs a tenant and a name: tenant='" + subscription.tenant()
                    + "', name='" + subscription.name() + "'");
        }
        Key key = new Key(subscription.tenant(), subscription.name());
        PulsarConsumer consumer = new PulsarConsumer(this, subscription, handler);
        if (consumers.putIfAbsent(key, consumer) != null) {
            throw new MessagingException("subscription '" + key.name() + "' of tenant '" + key.tenant()
                    + "' already has a consumer attached in this process (one at a time)");
        }
        try {
            for (String domain : subscription.domains()) {
                ensureProvisioned(subscription.tenant(), domain);
            }
            List<String> topics = subscription.domains().stream().sorted()
                    .map(d -> new Topic(subscription.tenant(), d).pulsarName()).toList();
            org.apache.pulsar.client.api.Consumer<byte[]> pulsar = client.newConsumer()
                    .topics(topics)
                    .subscriptionName(subscription.name())
                    .subscriptionType(SubscriptionType.Key_Shared)
                    .subscriptionMode(subscription.durable()
                            ? org.apache.pulsar.client.api.SubscriptionMode.Durable
                            : org.apache.pulsar.client.api.SubscriptionMode.NonDurable)
                    .subscriptionInitialPosition(SubscriptionInitialPosition.Latest)
                    .receiverQueueSize(config.receiverQueueSize())
                    .consumerName(subscription.tenant() + "-" + subscription.name() + "-" + UUID.randomUUID().toString().substring(0, 8))
                    .subscribe();
            consumer.start(pulsar);
            return consumer;
        } catch (PulsarClientException e) {
            consumers.remove(key, consumer);
            throw new MessagingException("cannot subscribe '" + subscription.name() + "' of tenant '"
                    + subscription.tenant() + "' to " + subscription.domains() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            consumers.remove(key, consumer);
            throw e;
        }
    }

    void detached(PulsarConsumer consumer) {
        Subscription s = consumer.subscription();
        consumers.remove(new Key(s.tenant(), s.name()), consumer);
    }

    @Override
    public void deleteSubscription(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        if (consumers.containsKey(new Key(tenant, name))) {
            throw new MessagingException("subscription '" + name + "' of tenant '" + tenant
                    + "' has a consumer attached; close it before deleting the subscription");
        }
        try {
            for (String topic : topicsOf(tenant)) {
                String local = topic.substring(topic.lastIndexOf('/') + 1);
                if (local.equals("messages")) {
                    try {
                        admin.topics().deleteSubscription(topic, name, true);
                    } catch (PulsarAdminException.NotFoundException absent) {
                        // this topic has no such subscription
                    }
                } else if (local.equals(deadLetterLocalName(name))) {
                    admin.topics().delete(topic, true);
                    deadLetterTopicsReady.remove(topic);
                }
            }
        } catch (PulsarAdminException e) {
            throw new MessagingException("cannot delete subscription '" + name + "' of tenant '" + tenant + "': "
                    + e.getMessage(), e);
        }
    }

    private List<String> topicsOf(String tenant) throws PulsarAdminException {
        List<String> topics = new ArrayList<>();
        List<String> namespaces;
        try {
            namespaces = admin.namespaces().getNamespaces(tenant);
        } catch (PulsarAdminException.NotFoundException unknownTenant) {
            return topics;
        }
        for (String namespace : namespaces) {
            topics.addAll(admin.topics().getList(namespace));
        }
        return topics;
    }

    // ---- dead letters ------------------------------------------------------------------------------------------

    static String deadLetterLocalName(String subscription) {
        return "messages-" + subscription + "-DLQ";
    }

    static String deadLetterTopic(String sourceTopic, String subscription) {
        return sourceTopic + "-" + subscription + "-DLQ";
    }

    /**
     * Writes a message that a subscription gives up on to its dead-letter topic and returns when the broker has it.
     * The dead-letter topic is created with a subscription of its own first, so the broker retains what it holds.
     */
    void deadLetter(String subscription, Message<byte[]> message, String reason, int attempts) {
        String source = message.getTopicName();
        String topic = deadLetterTopic(source, subscription);
        if (deadLetterTopicsReady.add(topic)) {
            try {
                admin.topics().createSubscription(topic, DLQ_SUBSCRIPTION, MessageId.earliest);
            } catch (PulsarAdminException.ConflictException exists) {
                // created before (by this or another process)
            } catch (PulsarAdminException e) {
                deadLetterTopicsReady.remove(topic);
                throw new MessagingException("cannot create the dead-letter topic " + topic + ": " + e.getMessage(), e);
            }
        }
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        CompletableFuture<Producer<byte[]>> future = producers.computeIfAbsent(topic, n -> client.newProducer()
                .topic(n).enableBatching(false)
                .sendTimeout((int) Math.max(1, config.publishTimeout().toMillis()), TimeUnit.MILLISECONDS)
                .createAsync());
        Producer<byte[]> producer;
        try {
            producer = await(future, deadline, () -> "dead-lettering to " + topic);
        } catch (MessagingException e) {
            producers.remove(topic, future);
            throw e;
        }
        var builder = producer.newMessage().value(message.getValue())
                .properties(message.getProperties())
                .property(PROP_DLQ_SOURCE, source)
                .property(PROP_DLQ_REASON, reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .property(PROP_DLQ_ATTEMPTS, Integer.toString(attempts));
        if (message.hasKey()) {
            builder.key(message.getKey());
        }
        await(builder.sendAsync(), deadline, () -> "dead-lettering to " + topic);
    }

    /**
     * The envelopes a subscription gave up on, oldest first per domain; empty for an unknown subscription. A dead
     * letter stays until it is {@linkplain #replay replayed} or the subscription is deleted. A dead letter whose
     * bytes are not an envelope is kept on the topic and logged, not listed.
     */
    public List<SignedEnvelope> deadLetters(String tenant, String subscription) {
        List<SignedEnvelope> result = new ArrayList<>();
        withDeadLetters(tenant, subscription, (consumer, message) -> {
            try {
                result.add(EnvelopeCodec.decode(message.getValue()));
            } catch (MessagingException e) {
                LOG.log(System.Logger.Level.WARNING, "dead letter " + message.getMessageId() + " on "
                        + message.getTopicName() + " is not an envelope: " + e.getMessage());
            }
            return false;
        });
        return result;
    }

    /**
     * Puts one dead letter back: publishes it again on its domain topic, marked for {@code subscription} only (the
     * other subscriptions of the topic skip it), then removes it from the dead letters.
     *
     * @return whether a dead letter with that envelope id was found
     */
    public boolean replay(String tenant, String subscription, UUID envelopeId) {
        Objects.requireNonNull(envelopeId, "envelopeId");
        boolean[] found = new boolean[1];
        withDeadLetters(tenant, subscription, (consumer, message) -> {
            if (!envelopeId.toString().equals(message.getProperty(PROP_ID))) {
                return false;
            }
            String source = message.getProperty(PROP_DLQ_SOURCE);
            long deadline = System.nanoTime() + config.publishTimeout().toNanos();
            Topic topic = topicOf(source);
            EnvelopeHeader header = EnvelopeCodec.decode(message.getValue()).header();
            Producer<byte[]> producer = producer(topic, null, deadline, header);
            var builder = producer.newMessage().value(message.getValue())
                    .property(PROP_ID, envelopeId.toString())
                    .property(PROP_TYPE, header.type())
                    .property(PROP_REPLAY_FOR, subscription)
                    .eventTime(header.occurredAt().toEpochMilli());
            if (message.hasKey()) {
                builder.key(message.getKey());
            }
            await(builder.sendAsync(), deadline, () -> "replay of envelope " + envelopeId + " to " + source);
            try {
                consumer.acknowledge(message);
            } catch (PulsarClientException e) {
                throw new MessagingException("replayed envelope " + envelopeId + " but could not remove it from the dead"
                        + " letters of '" + subscription + "' (it will be listed again): " + e.getMessage(), e);
            }
            found[0] = true;
            return true;
        });
        return found[0];
    }

    private static Topic topicOf(String pulsarName) {
        // persistent://<tenant>/<domain>/messages
        String rest = pulsarName.substring(pulsarName.indexOf("://") + 3);
        String[] parts = rest.split("/");
        return new Topic(parts[0], parts[1]);
    }

    private interface DeadLetterVisitor {
        /** @return true to stop */
        boolean visit(org.apache.pulsar.client.api.Consumer<byte[]> consumer, Message<byte[]> message);
    }

    /** Reads the unacknowledged messages of the subscription's dead-letter topics, one at a time, oldest first. */
    private void withDeadLetters(String tenant, String subscription, DeadLetterVisitor visitor) {
        requireOpen();
        synchronized (deadLetterLock) {
            List<String> topics;
            try {
                topics = topicsOf(tenant).stream()
                        .filter(t -> t.substring(t.lastIndexOf('/') + 1).equals(deadLetterLocalName(subscription)))
                        .sorted().toList();
            } catch (PulsarAdminException e) {
                throw new MessagingException("cannot list the dead-letter topics of subscription '" + subscription
                        + "' of tenant '" + tenant + "': " + e.getMessage(), e);
            }
            for (String topic : topics) {
                try (org.apache.pulsar.client.api.Consumer<byte[]> consumer = client.newConsumer().topic(topic).subscriptionName(DLQ_SUBSCRIPTION)
                        .subscriptionType(SubscriptionType.Exclusive)
                        .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                        .receiverQueueSize(100).subscribe()) {
                    MessageId last = consumer.getLastMessageId();
                    Message<byte[]> message;
                    while ((message = consumer.receive(300, TimeUnit.MILLISECONDS)) != null) {
                        if (visitor.visit(consumer, message)) {
                            return;
                        }
                        if (message.getMessageId().compareTo(last) >= 0) {
                            break; // read to the end of the topic
                        }
                    }
                } catch (PulsarClientException e) {
                    throw new MessagingException("cannot read the dead letters of '" + subscription + "' on " + topic + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PulsarConsumer consumer : List.copyOf(consumers.values())) {
            consumer.close();
        }
        for (CompletableFuture<Producer<byte[]>> future : producers.values()) {
            future.thenAccept(Producer::closeAsync);
        }
        try {
            client.close();
        } catch (PulsarClientException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Pulsar client failed: " + e.getMessage());
        }
        admin.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new MessagingException("the Pulsar bus is closed");
        }
    }
}
