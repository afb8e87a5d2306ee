package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Removals of apps scheduled for a tenant (journal stream {@code platform|app-removals}): when an app's data is to be
 * shredded, whether a re-installation cancelled it, and when it was done. Survives restarts; the runtime re-arms what
 * is pending.
 */
final class AppRemovals {
    static final String STREAM = "platform|app-removals";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenant;
    private final Journal journal;
    private final Clock clock;
    private final Map<String, Instant> pending = new HashMap<>();
    private long sequence;

    AppRemovals(String tenant, Journal journal, Clock clock) {
        this.tenant = tenant;
        this.journal = journal;
        this.clock = clock;
        for (StoredEvent e : journal.read(tenant, STREAM, 1)) {
            apply(e.type(), read(e));
            sequence = e.sequence();
        }
    }

    synchronized Map<String, Instant> pending() {
        return Map.copyOf(pending);
    }

    synchronized Optional<Instant> pendingFor(String app) {
        return Optional.ofNullable(pending.get(app));
    }

    synchronized void scheduled(String app, Instant shredAt, String actor) {
        append("platform.AppRemovalScheduled", app, shredAt, actor);
    }

    synchronized void cancelled(String app, String actor) {
        if (pending.containsKey(app)) {
            append("platform.AppRemovalCancelled", app, pending.get(app), actor);
        }
    }

    synchronized void done(String app) {
        if (pending.containsKey(app)) {
            append("platform.AppDataShredded", app, pending.get(app), "platform");
        }
    }

    private void append(String type, String app, Instant shredAt, String actor) {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(Map.of("app", app, "shredAt", shredAt.toString(), "actor", actor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sequence = journal.append(tenant, STREAM, sequence, List.of(new EventData(UUID.randomUUID(), type, 1,
                clock.instant(), "", payload, Set.of("app-removals"))));
        apply(type, JSON.valueToTree(Map.of("app", app, "shredAt", shredAt.toString())));
    }

    private void apply(String type, JsonNode n) {
        String app = n.get("app").asText();
        if (type.equals("platform.AppRemovalScheduled")) {
            pending.put(app, Instant.parse(n.get("shredAt").asText()));
        } else {
            pending.remove(app);
        }
    }

    private static JsonNode read(StoredEvent e) {
        try {
            return JSON.readTree(e.payload());
        } catch (IOException ex) {
            throw new UncheckedIOException("app removal event " + e.sequence() + " is unreadable", ex);
        }
    }
}
