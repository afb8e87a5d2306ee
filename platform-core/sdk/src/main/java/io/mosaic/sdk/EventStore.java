package io.mosaic.sdk;

import java.util.List;

/**
 * Event sourcing for a plugin's own aggregates. Events are records; their type name is
 * {@code <plugin domain>.<record simple name>}. Every event is encrypted under the aggregate's entity key.
 */
public interface EventStore {

    /** All events of the aggregate in order; empty when it does not exist (or was forgotten: see {@link EntityForgottenException}). */
    List<RecordedEvent> load(AggregateRef aggregate);

    /**
     * Appends events after {@code expectedSequence} (0 for a new aggregate).
     *
     * @return the sequence number of the last appended event
     * @throws ConcurrencyConflictException when another writer appended first
     */
    long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events);

    /**
     * Appends events and, in the same atomic write, the messages to publish because of them (a transactional
     * outbox). The platform's journal publisher moves the messages to the bus once they are recorded, in append
     * order, each under an envelope id fixed now: a crash between the append and the publish neither loses nor
     * doubles a message. Every message type must be declared in the manifest's {@code publishes}; an undeclared one
     * fails the whole call before anything is written ({@link UndeclaredMessageException}).
     *
     * <p>Sequence numbers of a stream then increase but need not be dense (the outbox takes numbers of its own):
     * pass the sequence of the last event {@link #load} returned as {@code expectedSequence}, as always.
     *
     * @return the sequence number of the last appended event
     * @throws ConcurrencyConflictException when another writer appended first (then nothing is published)
     */
    long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events, List<Message> publish);
}
