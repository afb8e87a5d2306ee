package io.mosaic.messaging.pulsar;

import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.MessageHandler;
import io.mosaic.messaging.MessagingException;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.messaging.Topic;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.PulsarClientException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One attached consumer of a {@link PulsarBus}: a receiving thread that hands each message to one of a few
 * single-threaded lanes by its key (entity, else type), so one key is handled in order, one at a time, while other
 * keys proceed. A lane acknowledges a message after its handler returned, or after dead-lettering it; a failing
 * handler is retried in place, holding up only its lane.
 */
final class PulsarConsumer implements Bus.Consumer {
    private static final System.Logger LOG = System.getLogger(PulsarConsumer.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final int LANE_CAPACITY = 256;

    private final PulsarBus bus;
    private final Subscription subscription;
    private final MessageHandler handler;
    private final PulsarBusConfig config;
    private final Lane[] lanes;
    private Consumer<byte[]> pulsar;
    private Thread receiver;
    private volatile boolean stopping;
    private boolean closed; // guarded by this

    PulsarConsumer(PulsarBus bus, Subscription subscription, MessageHandler handler) {
        this.bus = bus;
        this.subscription = subscription;
        this.handler = handler;
        this.config = bus.config();
        this.lanes = new Lane[config.lanesPerConsumer()];
    }

    private String threadPrefix() {
        return "mosaic-pulsar-" + subscription.tenant() + "-" + subscription.name();
    }

    void start(Consumer<byte[]> consumer) {
        this.pulsar = consumer;
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
            Thread thread = new Thread(lanes[i], threadPrefix() + "-" + i);
            thread.setDaemon(true);
            lanes[i].thread = thread;
            thread.start();
        }
        receiver = new Thread(this::receive, threadPrefix() + "-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    @Override
    public Subscription subscription() {
        return subscription;
    }

    private void receive() {
        while (!stopping) {
            Message<byte[]> message;
            try {
                message = pulsar.receive(100, TimeUnit.MILLISECONDS);
            } catch (PulsarClientException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.WARNING, "receiving for subscription '" + subscription.name() + "' of tenant '"
                        + subscription.tenant() + "' failed, trying again: " + e.getMessage());
                pause(Duration.ofMillis(200));
                continue;
            }
            if (message == null) {
                continue;
            }
            String key = message.hasKey() ? message.getKey() : "";
            Lane lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
            try {
                while (!lane.queue.offer(message, 100, TimeUnit.MILLISECONDS)) {
                    if (stopping) {
                        return; // not acknowledged: the broker gives it to the next consumer
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private final class Lane implements Runnable {
        final BlockingQueue<Message<byte[]>> queue = new ArrayBlockingQueue<>(LANE_CAPACITY);
        Thread thread;

        @Override
        public void run() {
            while (!stopping) {
                Message<byte[]> message;
                try {
                    message = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (message != null) {
                    deliver(message);
                }
            }
        }
    }

    private void deliver(Message<byte[]> message) {
        String replayFor = message.getProperty(PulsarBus.PROP_REPLAY_FOR);
        if (replayFor != null && !replayFor.equals(subscription.name())) {
            acknowledge(message); // a replay meant for another subscription of this topic
            return;
        }
        SignedEnvelope envelope;
        try {
            envelope = EnvelopeCodec.decode(message.getValue());
        } catch (MessagingException e) {
            deadLetter(message, "not an envelope: " + e.getMessage(), 0);
            return;
        }
        String misrouted = misrouted(envelope.header(), message.getTopicName());
        if (misrouted != null) {
            deadLetter(message, misrouted, 0);
            return;
        }
        long backoff = config.retryBackoff().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                handler.handle(envelope);
                acknowledge(message);
                return;
            } catch (Exception e) {
                if (attempt >= config.maxAttempts()) {
                    LOG.log(Level.WARNING, "subscription '" + subscription.name() + "' of tenant '" + subscription.tenant()
                            + "' gives up on envelope " + envelope.header().id() + " (" + envelope.header().type()
                            + ") after " + attempt + " attempts: " + e);
                    deadLetter(message, "handler failed " + attempt + " times, last: " + e, attempt);
                    return;
                }
                if (stopping) {
                    return; // not acknowledged: delivered again to the next consumer
                }
                pause(Duration.ofNanos(backoff));
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
            }
        }
    }

    /** A reason when the envelope claims another tenant or domain than the topic it came from; null when it is right. */
    private static String misrouted(EnvelopeHeader header, String topicName) {
        Topic topic;
        try {
            topic = Topic.of(header);
        } catch (IllegalArgumentException e) {
            return "envelope " + header.id() + " cannot be routed: " + e.getMessage();
        }
        String expected = topic.pulsarName();
        // the consumer of a multi-topic subscription may report the partition-less name with or without domain
        if (!topicName.equals(expected)) {
            return "envelope " + header.id() + " of tenant '" + header.tenant() + "' and type " + header.type()
                    + " arrived on " + topicName + " (expected " + expected + ")";
        }
        return null;
    }

    private void deadLetter(Message<byte[]> message, String reason, int attempts) {
        while (true) {
            try {
                bus.deadLetter(subscription.name(), message, reason, attempts);
                acknowledge(message);
                return;
            } catch (MessagingException e) {
                if (stopping) {
                    return; // not acknowledged: the next consumer tries again; nothing is dropped
                }
                LOG.log(Level.WARNING, "dead-lettering message " + message.getMessageId() + " of subscription '"
                        + subscription.name() + "' failed, trying again: " + e.getMessage());
                pause(Duration.ofMillis(500));
            }
        }
    }

    private void acknowledge(Message<byte[]> message) {
        pulsar.acknowledgeAsync(message.getMessageId()).exceptionally(e -> {
            // redelivered later; the consumer side records processed ids, so it is not applied twice
            LOG.log(Level.DEBUG, "acknowledging " + message.getMessageId() + " failed: " + e.getMessage());
            return null;
        });
    }

    private static void pause(Duration duration) {
        CountDownLatch never = new CountDownLatch(1);
        try {
            never.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopping = true;
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        join(receiver, deadline);
        for (Lane lane : lanes) {
            join(lane.thread, deadline);
        }
        try {
            pulsar.close(); // flushes pending acknowledgements; unacknowledged messages go to the next consumer
        } catch (PulsarClientException e) {
            LOG.log(Level.WARNING, "closing the consumer of '" + subscription.name() + "' failed: " + e.getMessage());
        } finally {
            bus.detached(this);
        }
    }

    private static void join(Thread thread, long deadline) {
        try {
            thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
