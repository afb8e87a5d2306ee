package io.mosaic.eventstore;

import java.util.List;
import java.util.Optional;

/**
 * The event journal port (docs/journal.md): the embedded adapter on H2, Cassandra in production. Both pass the
 * same contract suite ({@code JournalContract} in this module's test jar). Every call names the tenant; nothing
 * of one tenant is visible through another tenant's name.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends events to a stream after {@code expectedSequence} (0 for a new stream), all or none. Sequence numbers
     * are {@code expectedSequence + 1 …}.
     *
     * @return the sequence number of the last appended event
     * @throws ConcurrencyConflict when the stream's last sequence number is not {@code expectedSequence}
     */
    long append(String tenant, String persistenceId, long expectedSequence, List<EventData> events);

    /** Events of a stream with sequence number ≥ {@code fromSequence}, in order. */
    List<StoredEvent> read(String tenant, String persistenceId, long fromSequence);

    /** The stream's last sequence number; 0 when it has none. */
    long highestSequence(String tenant, String persistenceId);

    /**
     * Up to {@code limit} events of the tenant carrying {@code tag}, with offset greater than {@code afterOffset},
     * in offset order. An event is never returned after an event of a higher offset was returned to a reader that
     * started from a lower offset: events written late or concurrently are not skipped.
     */
    List<StoredEvent> readByTag(String tenant, String tag, long afterOffset, int limit);

    void saveSnapshot(Snapshot snapshot);

    Optional<Snapshot> latestSnapshot(String tenant, String persistenceId);

    /** Stored offset of a named projection; 0 when it has none. */
    long projectionOffset(String tenant, String projection);

    void saveProjectionOffset(String tenant, String projection, long offset);

    @Override
    void close();
}
