package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

/**
 * Port: where the tenant's events live: its partition of the shared keyspace (nothing to create but the
 * bookkeeping) or, for large tenants, a keyspace {@code mosaic_<id>} placed in the tenant's data centres
 * ({@link TenantDescriptor#dataResidency()}).
 */
public interface JournalSpace {

    /** Creates what is missing. Idempotent. */
    void ensureSpace(TenantDescriptor tenant);

    /**
     * Drops the tenant's space, or leaves its rows in place where the journal is append-only: they are unreadable
     * once {@link TenantKeys#shred} ran, which deletion does first. Idempotent.
     */
    void dropSpace(String tenant);
}
