package io.mosaic.hsm;

/**
 * Where tenant key-encryption keys live and are used: a PKCS12 file (software backend) or an HSM token. The keys
 * never leave it; callers hand in secrets to wrap and get secrets back from unwrap. Wrapping is AES-256-GCM
 * ({@code nonce || ciphertext || tag}) with the wrapped key's reference as associated data.
 */
interface KeyEncryptionKeys extends AutoCloseable {

    boolean exists(KeyRef kek);

    /** Creates the key if it does not exist. Idempotent. */
    void create(KeyRef kek);

    /** @throws KeyException when the key does not exist or the store fails */
    byte[] wrap(KeyRef kek, byte[] secret, byte[] aad);

    /** @throws KeyException when the key does not exist, or {@code wrapped} or {@code aad} were altered */
    byte[] unwrap(KeyRef kek, byte[] wrapped, byte[] aad);

    /** Names the store in error messages, e.g. {@code key store /var/mosaic/keys.p12}. */
    String describe();

    @Override
    void close();
}
