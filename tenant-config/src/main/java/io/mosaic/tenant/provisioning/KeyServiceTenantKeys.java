package io.mosaic.tenant.provisioning;

import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.hsm.WrappedKeyRepository;
import io.mosaic.tenant.TenantDescriptor;

import java.util.List;
import java.util.Objects;

/**
 * {@link TenantKeys} over the platform's {@link KeyService} and the repository of wrapped keys it uses.
 * <p>
 * Shredding destroys every data key and signing key of the tenant: data keys through
 * {@link KeyService#destroyEntityKeys} (which also evicts them from the key cache), signing keys in the repository.
 * Both are marked destroyed, so a read says "forgotten" and no key of that name is created again. The keys are
 * found through {@link WrappedKeyRepository#keysWrappedBy} for each version of the tenant key-encryption key up to
 * {@value #MAX_KEK_VERSIONS} (a rotation every 90 days reaches that after 16 years).
 * <p>
 * The tenant key-encryption key itself stays in the key store: {@link KeyService} has no call to destroy it yet.
 * Nothing is left for it to unwrap, so the tenant's data is unreadable all the same.
 */
public final class KeyServiceTenantKeys implements TenantKeys {
    static final int MAX_KEK_VERSIONS = 64;
    private static final int BATCH = 500;

    private final KeyService keyService;
    private final WrappedKeyRepository repository;

    public KeyServiceTenantKeys(KeyService keyService, WrappedKeyRepository repository) {
        this.keyService = Objects.requireNonNull(keyService, "keyService");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public void ensureKey(TenantDescriptor tenant) {
        keyService.createTenantKey(tenant.id());
    }

    @Override
    public void shred(String tenant) {
        for (int version = 1; version <= MAX_KEK_VERSIONS; version++) {
            KeyRef kek = KeyRef.tenantKek(tenant, version);
            List<WrappedKey> wrapped = repository.keysWrappedBy(kek, BATCH);
            while (!wrapped.isEmpty()) {
                wrapped.forEach(key -> destroy(key.ref()));
                wrapped = repository.keysWrappedBy(kek, BATCH);
            }
        }
    }

    private void destroy(KeyRef key) {
        String name = key.name();
        if (name.startsWith("e/") && name.endsWith("/dek")) {
            keyService.destroyEntityKeys(key.tenant(), name.substring(2, name.length() - "/dek".length()));
        } else {
            repository.destroyAll(key.tenant(), name);
        }
    }
}
