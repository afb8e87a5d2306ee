package io.mosaic.messaging;

import java.util.Objects;
import java.util.Set;

/**
 * A named subscription of one tenant to some of its domains' topics.
 *
 * @param tenant  whose topics; a subscription never sees another tenant's messages
 * @param name    the subscription name; a durable subscription keeps its position under this name
 * @param domains the domains whose topics it reads
 * @param durable durable: messages published while no consumer is attached wait for it; not durable: only
 *                messages published while attached (live views)
 */
public record Subscription(String tenant, String name, Set<String> domains, boolean durable) {
    public Subscription {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        domains = Set.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("subscription '" + name + "' names no domain");
        }
    }
}
