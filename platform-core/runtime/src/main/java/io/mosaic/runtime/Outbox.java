package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.hsm.KeyRef;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.sdk.PluginId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A message waiting in the journal to be published (the transactional outbox): its complete envelope header, fixed
 * when the events that caused it were appended, and its body as JSON. Stored as a journal row of type {@link #TYPE}
 * tagged {@link #TAG}, in the same stream and the same atomic append as those events, encrypted under the same key.
 */
record Outbox(EnvelopeHeader header, byte[] body) {
    /** The journal row type of an outbox entry; {@link PluginEventStore#load} never returns these rows. */
    static final String TYPE = "platform.Outbox";
    /** The tag the {@link JournalPublisher} reads. */
    static final String TAG = "outbox";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] write() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", header.id().toString());
        node.put("tenant", header.tenant());
        node.put("type", header.type());
        node.put("schemaVersion", header.schemaVersion());
        node.put("sender", header.sender().id());
        node.put("senderVersion", header.sender().version());
        node.put("subject", header.subject());
        node.put("correlationId", header.correlationId().toString());
        header.causationId().ifPresent(c -> node.put("causationId", c.toString()));
        node.put("occurredAt", header.occurredAt().toString());
        header.entity().ifPresent(e -> node.put("entity", e));
        // the body as the text it was written as: no number or field order is touched on the way to the bus
        node.put("body", new String(body, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("outbox entry " + header.id() + " (" + header.type() + ")", e);
        }
    }

    static Outbox read(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            String entity = node.hasNonNull("entity") ? node.get("entity").asText() : null;
            String tenant = node.get("tenant").asText();
            EnvelopeHeader header = new EnvelopeHeader(UUID.fromString(node.get("id").asText()), tenant,
                    node.get("type").asText(), node.get("schemaVersion").asInt(),
                    new PluginId(node.get("sender").asText(), node.get("senderVersion").asText()),
                    node.get("subject").asText(), UUID.fromString(node.get("correlationId").asText()),
                    node.hasNonNull("causationId") ? UUID.fromString(node.get("causationId").asText()) : null,
                    Instant.parse(node.get("occurredAt").asText()), entity,
                    entity == null ? null : KeyRef.dataKey(tenant, entity, 1));
            return new Outbox(header, node.get("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("an outbox entry of the journal cannot be read: " + e.getMessage(), e);
        }
    }
}
