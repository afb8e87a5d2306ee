package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;

import java.util.Objects;

/**
 * An envelope as it travels: header, payload (JSON, or AES-256-GCM ciphertext when the header names an entity),
 * the Ed25519 signature over the canonical encoding of header and payload, and the key that signed.
 */
public record SignedEnvelope(EnvelopeHeader header, byte[] payload, byte[] signature, KeyRef signerKeyRef) {
    public SignedEnvelope {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(signerKeyRef, "signerKeyRef");
    }
}
