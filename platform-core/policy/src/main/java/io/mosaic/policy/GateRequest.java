package io.mosaic.policy;

import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginManifest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One delivery to decide: a verified envelope header (as plain values, so this module needs no messaging types),
 * the receiving plugin, what its tenant granted it, and what the sender declared.
 *
 * @param topicTenant     the tenant of the topic the envelope arrived on
 * @param entityOrNull    the envelope's entity, or null
 * @param senderPublishes the message types the sender's manifest declares it publishes
 * @param receiver        the receiving plugin's manifest
 * @param grants          the scopes the tenant granted the receiving installation
 * @param attributes      further facts for rule conditions (e.g. {@code subject.roles}); may be empty
 */
public record GateRequest(UUID envelopeId, String tenant, String topicTenant, String type, int schemaVersion,
                          PluginId sender, String subject, String entityOrNull, Set<String> senderPublishes,
                          PluginManifest receiver, Set<String> grants, Map<String, Object> attributes) {
    public GateRequest {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(topicTenant, "topicTenant");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(receiver, "receiver");
        senderPublishes = Set.copyOf(senderPublishes);
        grants = Set.copyOf(grants);
        attributes = Map.copyOf(attributes);
    }

    public Optional<String> entity() {
        return Optional.ofNullable(entityOrNull);
    }
}
