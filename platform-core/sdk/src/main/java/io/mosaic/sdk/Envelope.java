package io.mosaic.sdk;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a plugin sees of a message that passed the gate: the verified header and the decrypted payload.
 * Signature, keys and ciphertext stay with the platform.
 */
public interface Envelope {
    /** Unique id; also the key under which the platform deduplicates. */
    UUID id();

    String tenant();

    /** {@code domain.TypeName}. */
    String type();

    int schemaVersion();

    /** The plugin installation that sent it, or {@code platform.gateway@…} for commands from the REST API. */
    PluginId sender();

    /** The person or system on whose behalf it was sent. */
    String subject();

    UUID correlationId();

    Optional<UUID> causationId();

    Instant occurredAt();

    /** The business entity whose key protects the payload, if any. */
    Optional<String> entity();

    /** The payload read as the given record type. */
    <T> T payload(Class<T> type);
}
