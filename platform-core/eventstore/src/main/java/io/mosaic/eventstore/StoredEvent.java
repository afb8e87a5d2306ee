package io.mosaic.eventstore;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An event as stored. {@code offset} orders all events of a tenant for reading by tag: a projection that has
 * processed offset n never later sees an event with an offset of n or less.
 */
public record StoredEvent(String tenant, String persistenceId, long sequence, long offset, UUID eventId, String type,
                          int schemaVersion, Instant timestamp, String keyRef, byte[] payload, Set<String> tags) {
}
