package io.mosaic.messaging;

import java.util.Objects;

/**
 * An envelope that must not reach plugin code: its signature does not verify, its payload does not decrypt, its
 * entity was forgotten, or its bytes are not an envelope. The message names the envelope and what is wrong.
 */
public class EnvelopeRejectedException extends MessagingException {

    /** Why an envelope was rejected. */
    public enum Reason {
        /** The signature does not verify, or the signing key does not belong to the sender and tenant. */
        BAD_SIGNATURE,
        /** The ciphertext, its associated data or its key reference were altered or do not belong together. */
        DECRYPTION_FAILED,
        /** The entity's data keys were destroyed (crypto-shredding): the payload can no longer be read. */
        ENTITY_FORGOTTEN,
        /** The bytes are not a well-formed envelope (truncated, wrong magic or version, invalid field). */
        MALFORMED
    }

    private final Reason reason;

    public EnvelopeRejectedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public EnvelopeRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
