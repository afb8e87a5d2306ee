package io.mosaic.hsm;

import java.time.Instant;
import java.util.Objects;

/**
 * A key as stored outside the key store: {@code wrapped} is the secret (a data key, or a signing key's private
 * part) encrypted under {@code wrappedBy}; {@code publicPart} is the public key of a signing key pair (empty for a
 * data key).
 */
public record WrappedKey(KeyRef ref, String algorithm, KeyRef wrappedBy, byte[] wrapped, byte[] publicPart,
                         Instant createdAt) {
    public WrappedKey {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(wrappedBy, "wrappedBy");
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(publicPart, "publicPart");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
