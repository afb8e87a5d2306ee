package io.mosaic.marketplace.catalog;

import io.mosaic.marketplace.metering.Money;
import io.mosaic.sdk.ScopeRequest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of an app in the catalog: what the operator reviews (scopes with their reasons, the message types it
 * consumes and publishes, its price) and where the review stands.
 *
 * @param sha256       hex SHA-256 of the jar as signed and submitted
 * @param pricePerUnit what the publisher charges per unit of complexity per client and month; empty when free
 * @param decision     the reviewer's note (approval), reason (rejection or withdrawal); empty while submitted
 * @param offeredTo    tenants the version is offered to; empty when offered to every tenant
 */
public record AppVersion(String app, String version, String publisher, VersionState state, String sha256,
                         String domain, String entryClass, List<String> consumes, List<String> publishes,
                         List<ScopeRequest> scopes, Optional<Money> pricePerUnit, Instant submittedAt,
                         Optional<String> reviewer, Optional<String> decision, Optional<Instant> decidedAt,
                         Set<String> offeredTo) {
    public AppVersion {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        consumes = List.copyOf(consumes);
        publishes = List.copyOf(publishes);
        scopes = List.copyOf(scopes);
        offeredTo = Set.copyOf(offeredTo);
    }

    /** {@code app@version}. */
    public String ref() {
        return app + "@" + version;
    }

    public boolean offeredTo(String tenant) {
        return offeredTo.isEmpty() || offeredTo.contains(tenant);
    }
}
