package io.mosaic.hsm;

/**
 * A public backend that is a {@link KeyHierarchy} over some store of tenant keys: the key operations are the
 * hierarchy's, whatever holds the key-encryption keys. Lets {@link KeyRotation} reach the hierarchy.
 */
interface HierarchyBacked extends KeyService {
    KeyHierarchy hierarchy();

    @Override
    default void createTenantKey(String tenant) {
        hierarchy().createTenantKey(tenant);
    }

    @Override
    default boolean hasTenantKey(String tenant) {
        return hierarchy().hasTenantKey(tenant);
    }

    @Override
    default Encrypted encrypt(String tenant, String entity, byte[] plaintext, byte[] aad) {
        return hierarchy().encrypt(tenant, entity, plaintext, aad);
    }

    @Override
    default byte[] decrypt(Encrypted encrypted, byte[] aad) {
        return hierarchy().decrypt(encrypted, aad);
    }

    @Override
    default void destroyEntityKeys(String tenant, String entity) {
        hierarchy().destroyEntityKeys(tenant, entity);
    }

    @Override
    default Signer signer(String tenant, String installation) {
        return hierarchy().signer(tenant, installation);
    }

    @Override
    default boolean verify(KeyRef signerKey, byte[] data, byte[] signature) {
        return hierarchy().verify(signerKey, data, signature);
    }

    @Override
    default void close() {
        hierarchy().close();
    }
}
