package io.mosaic.runtime;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A message of the tenant as shown on its live stream: verified, decrypted, payload as JSON text. */
public record LiveEvent(UUID id, String tenant, String type, String sender, String subject, String entity,
                        Instant occurredAt, String payloadJson) {
    public LiveEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(type, "type");
        entity = Objects.requireNonNullElse(entity, "");
    }
}
