package io.mosaic.keycloak;

import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import java.security.PublicKey;
import java.util.Optional;
import org.keycloak.models.UserModel;

/**
 * Where the photoTAN factor keeps its state on a Keycloak user (attributes the realm's user profile lets only
 * administrators see and edit): the enrolled device's public key, a pending activation secret, the failure count.
 */
public final class DeviceAttributes {
    /** The enrolled device's public key, base64url SubjectPublicKeyInfo. */
    public static final String DEVICE_KEY = "mosaic.phototan.device-key";
    /** The one-time secret of an activation letter not yet answered; removed on enrolment. */
    public static final String ACTIVATION_SECRET = "mosaic.phototan.activation-secret";
    /** Consecutive wrong TANs; the factor locks at the authenticator's limit. */
    public static final String FAILURES = "mosaic.phototan.failures";

    private DeviceAttributes() {
    }

    static Optional<PublicKey> deviceKey(UserModel user) {
        return Optional.ofNullable(user.getFirstAttribute(DEVICE_KEY)).filter(s -> !s.isBlank())
                .map(PhotoTanCrypto::decodePublicKey);
    }

    static Optional<ActivationLetter> pendingActivation(String realm, UserModel user) {
        return Optional.ofNullable(user.getFirstAttribute(ACTIVATION_SECRET)).filter(s -> !s.isBlank())
                .map(secret -> ActivationLetter.withEncodedSecret(realm, user.getUsername(), secret));
    }

    static int failures(UserModel user) {
        String value = user.getFirstAttribute(FAILURES);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException corrupt) {
            return Integer.MAX_VALUE; // an unreadable counter locks rather than unlocks
        }
    }

    static void setFailures(UserModel user, int failures) {
        if (failures == 0) {
            user.removeAttribute(FAILURES);
        } else {
            user.setSingleAttribute(FAILURES, Integer.toString(failures));
        }
    }
}
