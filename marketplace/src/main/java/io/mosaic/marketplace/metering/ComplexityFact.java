package io.mosaic.marketplace.metering;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One change to what a client's structure contains, derived from a domain event (see docs/marketplace.md for the
 * mapping): {@code item} of {@code dimension} was added to or removed from the structure of {@code client}.
 * Currencies and jurisdictions are reference-counted: {@code CURRENCY USD} added by two accounts stays until both
 * are removed.
 *
 * @param id the source event's id; a fact delivered twice is counted once
 */
public record ComplexityFact(UUID id, String tenant, String client, Instant at, Dimension dimension, String item,
                             Change change) {

    public enum Change { ADDED, REMOVED }

    public ComplexityFact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(change, "change");
    }

    public static ComplexityFact added(String tenant, String client, Instant at, Dimension dimension, String item) {
        return new ComplexityFact(UUID.randomUUID(), tenant, client, at, dimension, item, Change.ADDED);
    }

    public static ComplexityFact removed(String tenant, String client, Instant at, Dimension dimension, String item) {
        return new ComplexityFact(UUID.randomUUID(), tenant, client, at, dimension, item, Change.REMOVED);
    }
}
