package io.mosaic.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bus of the embedded default: one append-only in-memory log per tenant and domain, read by every
 * subscription of that topic (fan-out). See {@code docs/bus.md}.
 *
 * <ul>
 * <li>A durable subscription keeps its position while no consumer is attached; a non-durable one starts at the
 * end of the topic when its consumer attaches and is gone when the consumer closes.</li>
 * <li>At-least-once: a handler that throws gets the envelope again, up to {@link Options#maxAttempts()} attempts
 * with exponential backoff; then the envelope goes to the subscription's {@link #deadLetters dead letters}.</li>
 * <li>Order: envelopes with the same entity (without entity: the same type) are handled in publish order, one at
 * a time, on one of {@link Options#lanesPerConsumer()} lanes; a retry holds up only its lane.</li>
 * <li>Retention: at most {@link Options#retentionPerTopic()} entries per topic; acknowledged ones are trimmed.
 * When every retained entry still waits for some subscription, {@link #publish} waits up to
 * {@link Options#publishTimeout()} and then fails: nothing is dropped.</li>
 * </ul>
 * Envelopes are shared between subscriptions, not copied: handlers must not modify their byte arrays.
 */
public final class InJvmBus implements Bus {

    /**
     * Tuning of the in-JVM bus.
     *
     * @param lanesPerConsumer  single-threaded lanes per consumer (parallelism across entities)
     * @param retentionPerTopic entries a topic retains at most
     * @param maxAttempts       deliveries of one envelope before it is dead-lettered (1 = no retry)
     * @param retryBackoff      wait before the first redelivery; doubles per attempt, at most 2 s
     * @param publishTimeout    how long a publish waits for room in a full topic
     * @param closeTimeout      how long closing a consumer waits for a running handler before interrupting it
     */
    public record Options(int lanesPerConsumer, int retentionPerTopic, int maxAttempts, Duration retryBackoff,
                          Duration publishTimeout, Duration closeTimeout) {
        public Options {
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            Objects.requireNonNull(publishTimeout, "publishTimeout");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (lanesPerConsumer < 1 || lanesPerConsumer > 64) {
                throw new IllegalArgumentException("lanesPerConsumer must be 1 to 64, was " + lanesPerConsumer);
            }
            if (retentionPerTopic < 1) {
                throw new IllegalArgumentException("retentionPerTopic must be 1 or more, was " + retentionPerTopic);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
            }
            if (retryBackoff.isNegative() || publishTimeout.isNegative() || closeTimeout.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: retryBackoff=" + retryBackoff
                        + ", publishTimeout=" + publishTimeout + ", closeTimeout=" + closeTimeout);
            }
        }

        /** 4 lanes, 1,000,000 entries per topic, 5 attempts from 20 ms backoff, 5 s publish and 30 s close timeout. */
        public static Options defaults() {
            return new Options(4, 1_000_000, 5, Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }

        public Options withLanesPerConsumer(int lanes) {
            return new Options(lanes, retentionPerTopic, maxAttempts, retryBackoff, publishTimeout, closeTimeout);
        }

        public Options withRetentionPerTopic(int retention) {
            return new Options(lanesPerConsumer, retention, maxAttempts, retryBackoff, publishTimeout, closeTimeout);
        }

        public Options withRetries(int attempts, Duration backoff) {
            return new Options(lanesPerConsumer, retentionPerTopic, attempts, backoff, publishTimeout, closeTimeout);
        }

        public Options withPublishTimeout(Duration timeout) {
            return new Options(lanesPerConsumer, retentionPerTopic, maxAttempts, retryBackoff, timeout, closeTimeout);
        }
    }

    private record Key(String tenant, String name) {
    }

    private final Options options;
    private final ConcurrentHashMap<Topic, TopicLog> topics = new ConcurrentHashMap<>();
    private static final System.Logger LOG = System.getLogger(InJvmBus.class.getName());
    private final Object registry = new Object();
    private final Map<Key, InJvmConsumer.State> subscriptions = new HashMap<>(); // guarded by registry
    private final ConcurrentHashMap<Key, List<SignedEnvelope>> deadLetters = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public InJvmBus() {
        this(Options.defaults());
    }

    public InJvmBus(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void publish(SignedEnvelope envelope) {
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
        log(topic).append(envelope, options.publishTimeout().toNanos());
    }

    @Override
    public Consumer subscribe(Subscription subscription, MessageHandler handler) {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(handler, "handler");
        requireOpen();
        if (subscription.tenant().isBlank() || subscription.name().isBlank()) {
            throw new MessagingException("subscription needs a tenant and a name: tenant='" + subscription.tenant()
                    + "', name='" + subscription.name() + "'");
        }
        Key key = new Key(subscription.tenant(), subscription.name());
        InJvmConsumer consumer;
        synchronized (registry) {
            requireOpen();
            InJvmConsumer.State state = subscriptions.get(key);
            if (state != null && state.consumer != null) {
                throw new MessagingException("subscription '" + key.name() + "' of tenant '" + key.tenant()
                        + "' already has a consumer attached (one at a time)");
            }
            if (state != null && !subscription.durable()) {
                throw new MessagingException("subscription '" + key.name() + "' of tenant '" + key.tenant()
                        + "' exists as a durable subscription; delete it before reusing its name for a non-durable one");
            }
            if (state == null) {
                state = new InJvmConsumer.State(subscription, new ConcurrentHashMap<>());
                subscriptions.put(key, state);
            }
            followDomains(state, subscription);
            consumer = new InJvmConsumer(state, handler, options,
                    envelope -> deadLetters.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(envelope),
                    this::detach);
            state.consumer = consumer;
        }
        consumer.start();
        return consumer;
    }

    /** Adds cursors (at the end) for domains the subscription now reads and drops those of domains it no longer reads. */
    private void followDomains(InJvmConsumer.State state, Subscription subscription) {
        state.subscription = subscription;
        Map<TopicLog, AtomicLongArray> cursors = state.cursors;
        for (TopicLog log : List.copyOf(cursors.keySet())) {
            if (!subscription.domains().contains(log.topic().domain())) {
                log.removeCursor(cursors.remove(log));
            }
        }
        for (String domain : subscription.domains()) {
            TopicLog log = log(new Topic(subscription.tenant(), domain));
            if (!cursors.containsKey(log)) {
                cursors.put(log, log.newCursorAtEnd(options.lanesPerConsumer()));
            }
        }
    }

    private void detach(InJvmConsumer consumer) {
        synchronized (registry) {
            InJvmConsumer.State state = consumer.state();
            if (state.consumer == consumer) {
                state.consumer = null;
            }
            if (!state.subscription.durable()) {
                Subscription s = state.subscription;
                subscriptions.remove(new Key(s.tenant(), s.name()), state);
                dropCursors(state);
            }
        }
    }

    private static void dropCursors(InJvmConsumer.State state) {
        for (Map.Entry<TopicLog, AtomicLongArray> entry : state.cursors.entrySet()) {
            entry.getKey().removeCursor(entry.getValue());
        }
        state.cursors.clear();
    }

    @Override
    public void deleteSubscription(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Key key = new Key(tenant, name);
        synchronized (registry) {
            InJvmConsumer.State state = subscriptions.get(key);
            if (state == null) {
                deadLetters.remove(key);
                return;
            }
            if (state.consumer != null) {
                throw new MessagingException("subscription '" + name + "' of tenant '" + tenant
                        + "' has a consumer attached; close it before deleting the subscription");
            }
            subscriptions.remove(key);
            dropCursors(state);
            deadLetters.remove(key);
        }
    }

    /**
     * The envelopes a subscription gave up on after {@link Options#maxAttempts()} failed deliveries, oldest first;
     * empty for an unknown subscription. Kept until the subscription is deleted.
     */
    public List<SignedEnvelope> deadLetters(String tenant, String subscription) {
        List<SignedEnvelope> list = deadLetters.get(new Key(tenant, subscription));
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @Override
    public boolean replay(String tenant, String subscription, java.util.UUID envelopeId) {
        Key key = new Key(tenant, subscription);
        List<SignedEnvelope> list = deadLetters.get(key);
        if (list == null) {
            return false;
        }
        SignedEnvelope envelope;
        synchronized (list) {
            envelope = list.stream().filter(e -> e.header().id().equals(envelopeId)).findFirst().orElse(null);
            if (envelope == null) {
                return false;
            }
            list.remove(envelope);
        }
        InJvmConsumer consumer;
        synchronized (registry) {
            InJvmConsumer.State state = subscriptions.get(key);
            consumer = state == null ? null : state.consumer;
        }
        try {
            if (consumer == null) {
                throw new MessagingException("no consumer is attached to subscription '" + subscription + "'");
            }
            consumer.handleNow(envelope);
            return true;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "replay of " + envelopeId + " to " + tenant + "/" + subscription
                    + " failed again; it stays a dead letter: " + e.getMessage());
            synchronized (list) {
                list.add(envelope);
            }
            return false;
        }
    }

    /** Entries a topic currently retains (for monitoring and tests). */
    public long retained(Topic topic) {
        TopicLog log = topics.get(topic);
        return log == null ? 0 : log.size();
    }

    @Override
    public void close() {
        List<InJvmConsumer> attached = new ArrayList<>();
        synchronized (registry) {
            if (closed) {
                return;
            }
            closed = true;
            for (InJvmConsumer.State state : subscriptions.values()) {
                if (state.consumer != null) {
                    attached.add(state.consumer);
                }
            }
        }
        for (InJvmConsumer consumer : attached) {
            consumer.close();
        }
    }

    private TopicLog log(Topic topic) {
        return topics.computeIfAbsent(topic, t -> new TopicLog(t, options.retentionPerTopic()));
    }

    private void requireOpen() {
        if (closed) {
            throw new MessagingException("the in-JVM bus is closed");
        }
    }
}
