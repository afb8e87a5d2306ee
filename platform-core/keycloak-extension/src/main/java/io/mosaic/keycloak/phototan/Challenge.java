package io.mosaic.keycloak.phototan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A photoTAN challenge in clear: what the server seals to the device. Its {@link #nonce} keys the TAN, so the server
 * keeps the challenge (never shows it) and the device learns it only by decrypting the image.
 */
public record Challenge(String id, Instant expiresAt, byte[] nonce, OperationDetails details) {
    private static final String HEADER = "mosaic-phototan-challenge:v1";

    public Challenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(details, "details");
        if (nonce == null || nonce.length < 16) {
            throw new IllegalArgumentException("challenge nonce must have at least 16 bytes");
        }
        if (id.isBlank() || id.contains("\n")) {
            throw new IllegalArgumentException("challenge id must be one non-blank line");
        }
        nonce = nonce.clone();
    }

    /** A fresh challenge for {@code details}, valid until {@code expiresAt}. */
    public static Challenge create(OperationDetails details, Instant expiresAt) {
        return new Challenge(PhotoTanCrypto.b64(PhotoTanCrypto.random(12)), expiresAt, PhotoTanCrypto.random(16), details);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The TAN that confirms this challenge. */
    public String expectedTan() {
        return PhotoTanCrypto.tan(nonce, id, details);
    }

    /** The sealed bytes an image carries. */
    public byte[] sealTo(java.security.PublicKey device) {
        return PhotoTanCrypto.seal(device, toBytes());
    }

    public byte[] toBytes() {
        return (HEADER + "\n" + id + "\n" + expiresAt.getEpochSecond() + "\n" + PhotoTanCrypto.b64(nonce) + "\n"
                + details.canonical()).getBytes(StandardCharsets.UTF_8);
    }

    public static Challenge fromBytes(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\n", 5);
        if (parts.length != 5 || !parts[0].equals(HEADER)) {
            throw new PhotoTanException("decrypted image does not hold a photoTAN challenge");
        }
        try {
            return new Challenge(parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])), PhotoTanCrypto.unb64(parts[3]),
                    OperationDetails.parse(parts[4]));
        } catch (NumberFormatException e) {
            throw new PhotoTanException("challenge expiry '" + parts[2] + "' is not a number", e);
        }
    }

    /** What a server keeps between showing the challenge and checking the TAN (e.g. in a Keycloak session note). */
    public String toNote() {
        return PhotoTanCrypto.b64(toBytes());
    }

    public static Challenge fromNote(String note) {
        return fromBytes(PhotoTanCrypto.unb64(note));
    }

    @Override
    public String toString() { // never print the nonce
        return "Challenge[id=" + id + ", expiresAt=" + expiresAt + ", operation=" + details.operation() + "]";
    }
}
