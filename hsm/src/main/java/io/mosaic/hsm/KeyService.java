package io.mosaic.hsm;

/**
 * The key hierarchy (docs/keys.md), whatever holds the keys (a software key store file, or an HSM via
 * PKCS#11). Raw key bytes never cross this interface.
 *
 * <ul>
 * <li>tenant key-encryption key (KEK): AES-256, lives in the key store / token, never leaves it in clear;</li>
 * <li>entity data keys (DEK): AES-256 per business entity, stored only wrapped (AES-GCM under the tenant KEK)
 * in a {@link WrappedKeyRepository};</li>
 * <li>signing keys: Ed25519 per plugin installation, private key stored only wrapped like a DEK.</li>
 * </ul>
 */
public interface KeyService extends AutoCloseable {

    /** Creates the tenant's key-encryption key when it does not exist yet. Idempotent. */
    void createTenantKey(String tenant);

    boolean hasTenantKey(String tenant);

    /**
     * Encrypts with AES-256-GCM under the entity's current data key (created on first use); {@code aad} is bound
     * as associated data.
     *
     * @throws io.mosaic.sdk.EntityForgottenException when the entity's keys were destroyed
     */
    Encrypted encrypt(String tenant, String entity, byte[] plaintext, byte[] aad);

    /**
     * Decrypts what {@link #encrypt} made.
     *
     * @throws io.mosaic.sdk.EntityForgottenException when the entity's keys were destroyed
     * @throws KeyException when the ciphertext or the associated data were altered, or the key is unknown
     */
    byte[] decrypt(Encrypted encrypted, byte[] aad);

    /** Destroys every version of the entity's data key (crypto-shredding). Idempotent. */
    void destroyEntityKeys(String tenant, String entity);

    /** The signer of a plugin installation; its Ed25519 key pair is created on first use. */
    Signer signer(String tenant, String installation);

    /** Verifies a signature made by {@link Signer#sign}; false for a wrong signature or an unknown key. */
    boolean verify(KeyRef signerKey, byte[] data, byte[] signature);

    @Override
    void close();
}
