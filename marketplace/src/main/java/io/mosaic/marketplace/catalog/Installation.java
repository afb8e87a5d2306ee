package io.mosaic.marketplace.catalog;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** An app version installed in a tenant from {@code from} until {@code until} (empty while installed). */
public record Installation(String tenant, String app, String version, Instant from, Optional<Instant> until) {
    public Installation {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
    }

    public boolean active() {
        return until.isEmpty();
    }
}
