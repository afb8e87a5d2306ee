package io.mosaic.keycloak.phototan;

import java.time.Instant;

/** The outcome of checking a TAN against a pending challenge. Expected outcomes are values, not exceptions. */
public enum TanCheck {
    CONFIRMED,
    /** The TAN does not match the challenge (typo, or a TAN of another challenge). */
    WRONG_TAN,
    EXPIRED,
    /** The platform asks to confirm other details than the challenge showed: the TAN never confirms them. */
    DETAILS_CHANGED,
    /** No such challenge, or it was used already (a TAN is single-use). */
    UNKNOWN_OR_USED,
    /** Too many wrong TANs: the factor is locked until an administrator unlocks it. */
    LOCKED;

    public boolean confirmed() {
        return this == CONFIRMED;
    }

    /** Checks {@code tan} for {@code challenge}, which the platform now asks to confirm {@code details}. */
    public static TanCheck check(Challenge challenge, OperationDetails details, String tan, Instant now) {
        if (!challenge.details().equals(details)) {
            return DETAILS_CHANGED;
        }
        if (!now.isBefore(challenge.expiresAt())) {
            return EXPIRED;
        }
        return PhotoTanCrypto.sameTan(challenge.expectedTan(), tan) ? CONFIRMED : WRONG_TAN;
    }
}
