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
}
