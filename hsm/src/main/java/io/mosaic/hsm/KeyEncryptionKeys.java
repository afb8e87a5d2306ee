package io.mosaic.hsm;

import java.util.List;
import java.util.Optional;

/**
 * Where tenant key-encryption keys live and are used: a PKCS12 file (software backend), an HSM token, or a cluster
 * of tokens. The keys never leave it; callers hand in secrets to wrap and get secrets back from unwrap. Wrapping is
 * AES-256-GCM ({@code nonce || ciphertext || tag}) with the wrapped key's reference as associated data.
 *
 * <p>A tenant may hold several versions ({@code <tenant>/kek/v1}, {@code v2}, ...): the highest wraps new keys,
 * older ones still unwrap until they are destroyed (retired).
 */
interface KeyEncryptionKeys extends AutoCloseable {

    boolean exists(KeyRef kek);

    /** Creates the key if it does not exist. Idempotent. */
    void create(KeyRef kek);

    /** The versions of the tenant's key-encryption key held here, lowest first. */
    List<KeyRef> versions(String tenant);

    /** The highest version of the tenant's key-encryption key. */
    default Optional<KeyRef> latest(String tenant) {
        List<KeyRef> versions = versions(tenant);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    /** Destroys one version (retirement after a rotation). Idempotent. */
    void destroy(KeyRef kek);

    /** @throws KeyException when the key does not exist or the store fails */
    byte[] wrap(KeyRef kek, byte[] secret, byte[] aad);

    /** @throws KeyException when the key does not exist, or {@code wrapped} or {@code aad} were altered */
    byte[] unwrap(KeyRef kek, byte[] wrapped, byte[] aad);

    /** Calls into the key store (for a token: calls into the HSM) since it was opened. */
    long calls();

    /** Names the store in error messages, e.g. {@code key store /var/mosaic/keys.p12}. */
    String describe();

    @Override
    void close();
}
