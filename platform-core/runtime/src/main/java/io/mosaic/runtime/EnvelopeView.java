package io.mosaic.runtime;

import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.PayloadCodec;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginId;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What a plugin sees of a verified, authorised, decrypted envelope. */
final class EnvelopeView implements Envelope {
    private final EnvelopeHeader header;
    private final byte[] payload;
    private final PayloadCodec codec;

    EnvelopeView(EnvelopeHeader header, byte[] payload, PayloadCodec codec) {
        this.header = header;
        this.payload = payload;
        this.codec = codec;
    }

    EnvelopeHeader header() {
        return header;
    }

    byte[] payloadBytes() {
        return payload;
    }

    @Override
    public UUID id() {
        return header.id();
    }

    @Override
    public String tenant() {
        return header.tenant();
    }

    @Override
    public String type() {
        return header.type();
    }

    @Override
    public int schemaVersion() {
        return header.schemaVersion();
    }

    @Override
    public PluginId sender() {
        return header.sender();
    }

    @Override
    public String subject() {
        return header.subject();
    }

    @Override
    public UUID correlationId() {
        return header.correlationId();
    }

    @Override
    public Optional<UUID> causationId() {
        return header.causationId();
    }

    @Override
    public Instant occurredAt() {
        return header.occurredAt();
    }

    @Override
    public Optional<String> entity() {
        return header.entity();
    }

    @Override
    public <T> T payload(Class<T> type) {
        return codec.read(payload, type);
    }

    @Override
    public String toString() {
        return header.type() + " " + header.id() + " from " + header.sender();
    }
}
