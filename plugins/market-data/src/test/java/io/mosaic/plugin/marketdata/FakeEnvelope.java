package io.mosaic.plugin.marketdata;

import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A delivered message as a plugin sees it: header plus a JSON payload read on demand. */
record FakeEnvelope(UUID id, String tenant, String type, PluginId sender, String subject, UUID correlationId,
                    Instant occurredAt, String entityId, String json) implements Envelope {

    static FakeEnvelope command(String type, Object body) {
        return withJson(type, Json.write(body));
    }

    static FakeEnvelope withJson(String type, String json) {
        return new FakeEnvelope(UUID.randomUUID(), "demo", type, new PluginId("platform.gateway", "1.0.0"),
                "client-7", UUID.randomUUID(), Instant.parse("2025-03-01T10:00:00Z"), null, json);
    }

    /** An event of another domain, sent by that domain's plugin. */
    static FakeEnvelope event(String type, Object body, String entity) {
        String sender = type.substring(0, type.indexOf('.'));
        return new FakeEnvelope(UUID.randomUUID(), "demo", type, new PluginId(sender, "0.1.0"), "system",
                UUID.randomUUID(), Instant.parse("2025-03-01T10:00:00Z"), entity, Json.write(body));
    }

    @Override
    public int schemaVersion() {
        return 1;
    }

    @Override
    public Optional<UUID> causationId() {
        return Optional.empty();
    }

    @Override
    public Optional<String> entity() {
        return Optional.ofNullable(entityId);
    }

    @Override
    public <T> T payload(Class<T> target) {
        return Json.read(json, target);
    }
}
