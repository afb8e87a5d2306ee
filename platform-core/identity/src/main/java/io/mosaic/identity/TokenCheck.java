package io.mosaic.identity;

import java.util.Objects;

/** The outcome of validating a bearer token: a principal, or the reason it was refused. */
public sealed interface TokenCheck {
    record Valid(Principal principal) implements TokenCheck {
        public Valid {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** @param reason for logs and audit; never shown to the caller beyond "invalid_token" */
    record Refused(Reason reason, String detail) implements TokenCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    enum Reason {
        MALFORMED, UNKNOWN_TENANT, WRONG_ISSUER, BAD_SIGNATURE, KEYS_UNAVAILABLE, EXPIRED, NOT_YET_VALID,
        WRONG_AUDIENCE, CERTIFICATE_MISSING, CERTIFICATE_MISMATCH, CERTIFICATE_BINDING_REQUIRED
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
