package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;
import io.mosaic.sdk.PluginId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything of an envelope but payload and signature (docs/envelope.md). {@code causationId}, {@code entity} and
 * {@code keyRef} may be absent (null inside, {@link Optional} outside); {@code keyRef} is present exactly when
 * {@code entity} is, because an entity's payload is always encrypted.
 */
public record EnvelopeHeader(UUID id, String tenant, String type, int schemaVersion, PluginId sender, String subject,
                             UUID correlationId, UUID causationIdOrNull, Instant occurredAt, String entityOrNull,
                             KeyRef keyRefOrNull) {
    public EnvelopeHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be 1 or more, was " + schemaVersion);
        }
        if ((entityOrNull == null) != (keyRefOrNull == null)) {
            throw new IllegalArgumentException("entity and keyRef go together: entity=" + entityOrNull + ", keyRef=" + keyRefOrNull);
        }
    }

    public Optional<UUID> causationId() {
        return Optional.ofNullable(causationIdOrNull);
    }

    public Optional<String> entity() {
        return Optional.ofNullable(entityOrNull);
    }

    public Optional<KeyRef> keyRef() {
        return Optional.ofNullable(keyRefOrNull);
    }

    /** The domain a type belongs to: {@code assets} for {@code assets.ValuationRecorded}. */
    public String domain() {
        return domainOf(type);
    }

    public static String domainOf(String type) {
        int dot = type.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("message type '" + type + "' has no domain (expected domain.TypeName)");
        }
        return type.substring(0, dot);
    }

    public EnvelopeHeader withKeyRef(KeyRef keyRef) {
        return new EnvelopeHeader(id, tenant, type, schemaVersion, sender, subject, correlationId, causationIdOrNull,
                occurredAt, entityOrNull, keyRef);
    }
}
