package io.mosaic.messaging;

/**
 * The message bus port: the in-JVM adapter for the embedded default, Pulsar in production. Both pass the same
 * contract suite ({@code BusContract} in this module's test jar).
 *
 * <p>Guarantees: an envelope goes to the topic of its tenant and domain; every subscription of that topic receives
 * it at least once; envelopes of the same entity (or, without entity, of the same type) are delivered in publish
 * order; a subscription of one tenant never receives another tenant's envelopes. Deduplication of redeliveries is
 * the consumer's job (it records which envelope ids it processed).
 */
public interface Bus extends AutoCloseable {

    /**
     * Publishes; returns when the bus has stored the envelope.
     *
     * @throws MessagingException when the bus cannot take it within its configured time
     */
    void publish(SignedEnvelope envelope);

    /**
     * Publishes as number {@code sequence} of a numbered stream from {@code source} (numbers increase; gaps are
     * allowed). A bus with deduplication drops a number it already stored for that source, also when the source
     * publishes it again after a crash and restart: the journal publisher uses this for the outbox. Without such
     * deduplication (the in-JVM bus, whose envelopes do not outlive the process) it is {@link #publish}; consumers
     * refuse an envelope id they processed in any case.
     */
    default void publishInSequence(SignedEnvelope envelope, String source, long sequence) {
        publish(envelope);
    }

    /** Attaches a consumer; detach with {@link Consumer#close()}. One consumer per subscription name at a time. */
    Consumer subscribe(Subscription subscription, MessageHandler handler);

    /**
     * The envelopes a subscription gave up on after its retries (poison messages), oldest first. Nothing is dropped
     * silently: what a handler cannot take ends here until it is replayed.
     */
    default java.util.List<SignedEnvelope> deadLetters(String tenant, String subscription) {
        return java.util.List.of();
    }

    /**
     * Delivers a dead letter again to the subscription's consumer (after a fix); true when it was handled and left the
     * dead letters, false when it is unknown, no consumer is attached, or it failed again (then it stays).
     */
    default boolean replay(String tenant, String subscription, java.util.UUID envelopeId) {
        return false;
    }

    /** Removes a durable subscription and its position. */
    void deleteSubscription(String tenant, String name);

    @Override
    void close();

    /** An attached consumer. */
    interface Consumer extends AutoCloseable {
        Subscription subscription();

        /** Detaches; a durable subscription keeps its position. Waits for the message in hand. */
        @Override
        void close();
    }
}
