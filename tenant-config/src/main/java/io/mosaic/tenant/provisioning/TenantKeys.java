package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

/** Port: the tenant's key-encryption key. {@link KeyServiceTenantKeys} implements it over the key service. */
public interface TenantKeys {

    /** Creates the tenant key-encryption key unless it exists. Idempotent. */
    void ensureKey(TenantDescriptor tenant);

    /**
     * Crypto-shreds the tenant: afterwards no data key or signing key of the tenant can be unwrapped, so nothing the
     * tenant ever stored (journal, snapshots, projections, messages) can be read. Idempotent; irreversible.
     */
    void shred(String tenant);
}
