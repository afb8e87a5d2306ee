package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;
import io.mosaic.sdk.PluginId;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/** Envelopes for bus tests: the bus neither verifies nor decrypts, so signature and payload are stand-ins. */
public final class TestEnvelopes {
    private TestEnvelopes() {
    }

    /** An envelope whose payload is {@code sequence} as 8 big-endian bytes; {@code entity} may be null. */
    public static SignedEnvelope envelope(String tenant, String type, String entity, long sequence) {
        return envelope(tenant, type, entity, ByteBuffer.allocate(8).putLong(sequence).array());
    }

    public static SignedEnvelope envelope(String tenant, String type, String entity, byte[] payload) {
        EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), tenant, type, 1,
                new PluginId("test-sender", "1.0.0"), "user-1", UUID.randomUUID(), null,
                Instant.parse("2026-01-01T00:00:00Z"), entity,
                entity == null ? null : KeyRef.dataKey(tenant, entity, 1));
        return new SignedEnvelope(header, payload, new byte[64], KeyRef.signingKey(tenant, "test-sender", 1));
    }

    /** The same envelope claiming another tenant (keys keep theirs): for routing and tampering tests. */
    public static SignedEnvelope withTenant(SignedEnvelope envelope, String tenant) {
        EnvelopeHeader h = envelope.header();
        EnvelopeHeader header = new EnvelopeHeader(h.id(), tenant, h.type(), h.schemaVersion(), h.sender(), h.subject(),
                h.correlationId(), h.causationIdOrNull(), h.occurredAt(), h.entityOrNull(), h.keyRefOrNull());
        return new SignedEnvelope(header, envelope.payload(), envelope.signature(), envelope.signerKeyRef());
    }

    public static long sequenceOf(SignedEnvelope envelope) {
        return ByteBuffer.wrap(envelope.payload()).getLong();
    }
}
