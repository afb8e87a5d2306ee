package io.mosaic.keycloak.phototan;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The content of an activation letter, sent to the user out of band (by post, or shown once by the bank's advisor):
 * realm, user name and a one-time secret. The device reads it from the letter's image and answers with an enrolment
 * code ({@link PhotoTanCrypto#enrolmentCode}).
 */
public record ActivationLetter(String realm, String username, byte[] secret) {
    private static final String HEADER = "mosaic-phototan-activation:v1";

    public ActivationLetter {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(username, "username");
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("activation secret must have at least 16 bytes");
        }
        secret = secret.clone();
    }

    /** A letter with a fresh 32-byte secret. */
    public static ActivationLetter issue(String realm, String username) {
        return new ActivationLetter(realm, username, PhotoTanCrypto.random(32));
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The secret as stored with the user until enrolment (base64url). */
    public String encodedSecret() {
        return PhotoTanCrypto.b64(secret);
    }

    public static ActivationLetter withEncodedSecret(String realm, String username, String encodedSecret) {
        return new ActivationLetter(realm, username, PhotoTanCrypto.unb64(encodedSecret));
    }

    /** The bytes the activation image carries. */
    public byte[] toBytes() {
        return (HEADER + "\n" + realm + "\n" + username + "\n" + encodedSecret()).getBytes(StandardCharsets.UTF_8);
    }

    public static boolean isActivation(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).startsWith(HEADER + "\n");
    }

    public static ActivationLetter fromBytes(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 4 || !lines[0].equals(HEADER)) {
            throw new PhotoTanException("image does not hold an activation letter");
        }
        return withEncodedSecret(lines[1], lines[2], lines[3]);
    }

    @Override
    public String toString() { // never print the secret
        return "ActivationLetter[realm=" + realm + ", username=" + username + "]";
    }
}
