package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

/**
 * Port: the tenant's identity realm (Keycloak realm {@code <id>}), its login flow of
 * {@link TenantDescriptor#loginFactors()} and its theme from {@link TenantDescriptor#branding()}.
 */
public interface IdentityRealms {

    /** Creates the realm, or brings an existing one up to the descriptor. Idempotent. */
    void ensureRealm(TenantDescriptor tenant);

    /** Deletes the realm and its users. Idempotent. */
    void deleteRealm(String tenant);
}
