package io.mosaic.messaging;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;
import io.mosaic.messaging.EnvelopeRejectedException.Reason;
import io.mosaic.sdk.EntityForgottenException;

import java.util.Objects;
import java.util.Optional;

/**
 * Seals envelopes (encrypt an entity's payload, then sign) and opens them (verify, then decrypt), with the keys
 * of a {@link KeyService}. Thread-safe.
 *
 * <p>Rules beyond the signature itself, checked on {@link #open} and {@link #verify}: the signing key belongs to the
 * envelope's tenant and is the sender's installation key ({@code <tenant>/<sender id>/sig/vN}, i.e. the
 * installation id is the plugin id), and an entity's payload is encrypted under that entity's data key
 * ({@code <tenant>/e/<entity>/dek/vN}).
 */
public final class EnvelopeSealer {
    private final KeyService keys;

    public EnvelopeSealer(KeyService keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Seals a payload. When the header names an entity, the payload is encrypted under the entity's current data
     * key with the header's {@linkplain EnvelopeCodec#associatedData associated data}, and the header's key
     * reference is set to the key actually used: since {@link EnvelopeHeader} requires a key reference beside an
     * entity, pass any (e.g. {@code KeyRef.dataKey(tenant, entity, 1)}); it is replaced. Then the canonical bytes
     * are signed with {@code signer}.
     *
     * @throws MessagingException       when the signer is not the sender's key in the header's tenant
     * @throws EntityForgottenException when the entity's keys were destroyed
     */
    public SignedEnvelope seal(EnvelopeHeader header, byte[] plaintextPayload, Signer signer) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(plaintextPayload, "plaintextPayload");
        Objects.requireNonNull(signer, "signer");
        KeyRef signerKey = signer.keyRef();
        signerMismatch(header, signerKey).ifPresent(problem -> {
            throw new MessagingException("cannot seal envelope " + header.id() + ": " + problem);
        });
        EnvelopeHeader sealed = header;
        byte[] payload;
        if (header.entityOrNull() == null) {
            payload = plaintextPayload.clone();
        } else {
            Encrypted encrypted;
            try {
                encrypted = keys.encrypt(header.tenant(), header.entityOrNull(), plaintextPayload,
                        EnvelopeCodec.associatedData(header));
            } catch (KeyException e) {
                throw new MessagingException("cannot seal envelope " + header.id() + " (" + header.type()
                        + "): encrypting under the data key of entity " + header.entityOrNull() + " failed: "
                        + e.getMessage(), e);
            }
            sealed = header.withKeyRef(encrypted.keyRef());
            payload = encrypted.ciphertext();
        }
        byte[] signature = signer.sign(EnvelopeCodec.signedBytes(sealed, payload));
        return new SignedEnvelope(sealed, payload, signature, signerKey);
    }

    /**
     * Verifies, then decrypts.
     *
     * @throws EnvelopeRejectedException naming the envelope and the {@link Reason}
     */
    public Opened open(SignedEnvelope envelope) {
        return decrypt(verified(envelope));
    }

    /**
     * Verifies the signature once and returns proof of it, so a receiver can run further checks (replay, gate) before
     * it pays for decryption with {@link #decrypt(Verified)}, without verifying twice.
     *
     * @throws EnvelopeRejectedException with reason BAD_SIGNATURE or MALFORMED
     */
    public Verified verified(SignedEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        checkSignature(envelope);
        return new Verified(envelope);
    }

    /**
     * Decrypts an envelope whose signature was verified.
     *
     * @throws EnvelopeRejectedException with reason DECRYPTION_FAILED or ENTITY_FORGOTTEN
     */
    public Opened decrypt(Verified verified) {
        SignedEnvelope envelope = verified.envelope();
        EnvelopeHeader header = envelope.header();
        if (header.entityOrNull() == null) {
            return new Opened(header, envelope.payload().clone());
        }
        String entity = header.entityOrNull();
        KeyRef keyRef = header.keyRefOrNull();
        if (!isDataKeyOf(keyRef, header.tenant(), entity)) {
            throw rejected(Reason.DECRYPTION_FAILED, header, "key " + keyRef + " is not a data key of entity " + entity);
        }
        try {
            byte[] plaintext = keys.decrypt(new Encrypted(keyRef, envelope.payload()), EnvelopeCodec.associatedData(header));
            return new Opened(header, plaintext);
        } catch (EntityForgottenException e) {
            throw new EnvelopeRejectedException(Reason.ENTITY_FORGOTTEN, describe(header) + ": entity " + entity
                    + " was forgotten (its data keys were destroyed)", e);
        } catch (KeyException e) {
            throw new EnvelopeRejectedException(Reason.DECRYPTION_FAILED, describe(header)
                    + ": payload does not decrypt under " + keyRef + " with this header: " + e.getMessage(), e);
        }
    }

    /** True when the signature verifies and the signing key is the sender's key in the envelope's tenant. */
    public boolean verify(SignedEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        try {
            checkSignature(envelope);
            return true;
        } catch (EnvelopeRejectedException e) {
            return false;
        }
    }

    private void checkSignature(SignedEnvelope envelope) {
        EnvelopeHeader header = envelope.header();
        signerMismatch(header, envelope.signerKeyRef()).ifPresent(problem -> {
            throw rejected(Reason.BAD_SIGNATURE, header, problem);
        });
        byte[] signed;
        try {
            signed = EnvelopeCodec.signedBytes(header, envelope.payload());
        } catch (MessagingException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, describe(header) + ": " + e.getMessage(), e);
        }
        boolean valid;
        try {
            valid = keys.verify(envelope.signerKeyRef(), signed, envelope.signature());
        } catch (KeyException e) {
            throw new EnvelopeRejectedException(Reason.BAD_SIGNATURE, describe(header) + ": signature cannot be checked"
                    + " with " + envelope.signerKeyRef() + ": " + e.getMessage(), e);
        }
        if (!valid) {
            throw rejected(Reason.BAD_SIGNATURE, header, "signature does not verify with " + envelope.signerKeyRef());
        }
    }

    private static Optional<String> signerMismatch(EnvelopeHeader header, KeyRef signerKey) {
        if (!signerKey.tenant().equals(header.tenant())) {
            return Optional.of("signing key " + signerKey + " belongs to tenant '" + signerKey.tenant()
                    + "', not to the envelope's tenant '" + header.tenant() + "'");
        }
        String expected = header.sender().id() + "/sig";
        if (!signerKey.name().equals(expected)) {
            return Optional.of("signing key " + signerKey + " is not a key of sender " + header.sender()
                    + " (expected " + header.tenant() + "/" + expected + "/vN)");
        }
        return Optional.empty();
    }

    private static boolean isDataKeyOf(KeyRef keyRef, String tenant, String entity) {
        return keyRef.tenant().equals(tenant) && keyRef.name().equals("e/" + entity + "/dek");
    }

    private static EnvelopeRejectedException rejected(Reason reason, EnvelopeHeader header, String problem) {
        return new EnvelopeRejectedException(reason, describe(header) + ": " + problem);
    }

    private static String describe(EnvelopeHeader header) {
        return "envelope " + header.id() + " (" + header.type() + ", tenant " + header.tenant() + ", sender "
                + header.sender() + ")";
    }

    /**
     * A verified envelope: its header and plaintext payload.
     *
     * @param header  the verified header
     * @param payload the plaintext payload (JSON of the message record)
     */
    /** An envelope whose signature verified; only {@link #verified} makes one. */
    public static final class Verified {
        private final SignedEnvelope envelope;

        private Verified(SignedEnvelope envelope) {
            this.envelope = envelope;
        }

        public SignedEnvelope envelope() {
            return envelope;
        }
    }

    public record Opened(EnvelopeHeader header, byte[] payload) {
        public Opened {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(payload, "payload");
        }
    }
}
