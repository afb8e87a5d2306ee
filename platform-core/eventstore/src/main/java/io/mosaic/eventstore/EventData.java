package io.mosaic.eventstore;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An event to append. {@code payload} is what gets stored: the caller encrypts an entity's events before they
 * reach the journal, and names the key in {@code keyRef} (empty string when the payload is not encrypted).
 */
public record EventData(UUID eventId, String type, int schemaVersion, Instant timestamp, String keyRef, byte[] payload,
                        Set<String> tags) {
    public EventData {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(payload, "payload");
        tags = Set.copyOf(tags);
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be 1 or more, was " + schemaVersion);
        }
    }
}
