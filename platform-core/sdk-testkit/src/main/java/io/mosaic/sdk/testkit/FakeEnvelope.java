package io.mosaic.sdk.testkit;

import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A delivered message as a plugin sees it: header plus a JSON payload read on demand. */
public record FakeEnvelope(UUID id, String tenant, String type, PluginId sender, String subject, UUID correlationId,
                           Instant occurredAt, String entityId, String json) implements Envelope {

    public static FakeEnvelope command(String type, Object body) {
        return withJson(type, Json.write(body));
    }

    public static FakeEnvelope withJson(String type, String json) {
        return new FakeEnvelope(UUID.randomUUID(), "demo", type, new PluginId("platform.gateway", "1.0.0"),
                "client-7", UUID.randomUUID(), Instant.parse("2025-03-01T10:00:00Z"), null, json);
    }

    /** An event of another domain, sent by that domain's plugin. */
    public static FakeEnvelope event(String type, Object body, String entity) {
        String sender = type.substring(0, type.indexOf('.'));
        return new FakeEnvelope(UUID.randomUUID(), "demo", type, new PluginId(sender, "0.1.0"), "system",
                UUID.randomUUID(), Instant.parse("2025-03-01T10:00:00Z"), entity, Json.write(body));
    }

    /** A message published by the assets domain, its body as that domain writes it. */
    public static FakeEnvelope fromAssets(String type, Object body, String assetId) {
        return new FakeEnvelope(UUID.randomUUID(), "demo", type, new PluginId("assets", "0.1.0"),
                "client-7", UUID.randomUUID(), Instant.parse("2025-03-01T10:00:00Z"), assetId, Json.write(body));
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
