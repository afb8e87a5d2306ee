package io.mosaic.eventstore;

import java.time.Instant;
import java.util.Objects;

/** The state of an aggregate at {@code sequence}, encrypted like its events. */
public record Snapshot(String tenant, String persistenceId, long sequence, Instant timestamp, String keyRef,
                       byte[] payload) {
    public Snapshot {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(persistenceId, "persistenceId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(payload, "payload");
    }
}
