package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a tenant's administrators consented to, per plugin: event-sourced in the journal (stream
 * {@code platform|grants}, tag {@code grants}), one event per scope granted or revoked, with who and why. The
 * current grants are the fold of those events; the runtime reads them for every delivery.
 */
final class GrantLedger {
    static final String STREAM = "platform|grants";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenant;
    private final Journal journal;
    private final Clock clock;
    private final Map<String, Set<String>> current = new HashMap<>();
    private long sequence;

    GrantLedger(String tenant, Journal journal, Clock clock) {
        this.tenant = tenant;
        this.journal = journal;
        this.clock = clock;
        for (StoredEvent e : journal.read(tenant, STREAM, 1)) {
            apply(read(e));
            sequence = e.sequence();
        }
    }

    /** Every plugin consent was ever recorded for in this tenant. */
    synchronized Set<String> plugins() {
        return Set.copyOf(current.keySet());
    }

    /** Whether consent was ever recorded for the plugin (even if every scope was revoked since). */
    synchronized boolean knows(String plugin) {
        return current.containsKey(plugin);
    }

    synchronized Set<String> granted(String plugin) {
        return Set.copyOf(current.getOrDefault(plugin, Set.of()));
    }

    /** Records the grants and revocations that make {@code plugin}'s grants equal {@code scopes}; returns what changed. */
    synchronized Map<String, Boolean> setGrants(String plugin, Set<String> scopes, String actor, String reason) {
        Set<String> before = Set.copyOf(current.computeIfAbsent(plugin, p -> new HashSet<>()));
        Map<String, Boolean> changes = new HashMap<>();
        scopes.stream().filter(s -> !before.contains(s)).forEach(s -> changes.put(s, true));
        before.stream().filter(s -> !scopes.contains(s)).forEach(s -> changes.put(s, false));
        changes.forEach((scope, granted) -> append(plugin, scope, granted, actor, reason));
        return changes;
    }

    synchronized void revoke(String plugin, String scope, String actor, String reason) {
        if (!current.getOrDefault(plugin, Set.of()).contains(scope)) {
            throw new PlatformException("plugin '" + plugin + "' of tenant " + tenant + " holds no grant '" + scope + "'");
        }
        append(plugin, scope, false, actor, reason);
    }

    synchronized void grant(String plugin, String scope, String actor, String reason) {
        append(plugin, scope, true, actor, reason);
    }

    private void append(String plugin, String scope, boolean granted, String actor, String reason) {
        Instant at = clock.instant();
        Change change = new Change(plugin, scope, granted, actor, reason, at);
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(Map.of("plugin", plugin, "scope", scope, "granted", granted,
                    "actor", actor, "reason", reason, "at", at.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            sequence = journal.append(tenant, STREAM, sequence, List.of(new EventData(UUID.randomUUID(),
                    granted ? "platform.ScopeGranted" : "platform.ScopeRevoked", 1, at, "", payload, Set.of("grants"))));
        } catch (ConcurrencyConflict c) {
            throw new PlatformException("grants of tenant " + tenant + " were changed by another platform instance; retry", c);
        }
        apply(change);
    }

    private void apply(Change c) {
        Set<String> scopes = current.computeIfAbsent(c.plugin(), p -> new HashSet<>());
        if (c.granted()) {
            scopes.add(c.scope());
        } else {
            scopes.remove(c.scope());
        }
    }

    private static Change read(StoredEvent e) {
        try {
            JsonNode n = JSON.readTree(e.payload());
            return new Change(n.get("plugin").asText(), n.get("scope").asText(), n.get("granted").asBoolean(),
                    n.get("actor").asText(), n.get("reason").asText(), Instant.parse(n.get("at").asText()));
        } catch (IOException ex) {
            throw new UncheckedIOException("grant event " + e.sequence() + " is unreadable", ex);
        }
    }

    private record Change(String plugin, String scope, boolean granted, String actor, String reason, Instant at) {
    }
}
