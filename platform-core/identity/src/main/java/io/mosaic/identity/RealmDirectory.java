package io.mosaic.identity;

import io.mosaic.tenant.TenantDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * The one place that knows how tenants map to identity realms. Today every tenant has its own Keycloak realm
 * ({@link io.mosaic.identity.keycloak.KeycloakRealmDirectory}); Keycloak degrades past a few hundred realms, and a
 * later implementation may put many small tenants into shared realms (organizations) without callers changing.
 */
public interface RealmDirectory {
    /** The realm of a tenant that was provisioned. */
    Optional<TenantRealm> realmOf(String tenant);

    /** The realm whose tokens carry this {@code iss}. */
    Optional<TenantRealm> realmOfIssuer(String issuer);

    /** Creates (or brings up to date) the tenant's realm, clients, roles, flows and login theme. Idempotent. */
    TenantRealm provision(TenantDescriptor descriptor);

    List<TenantRealm> realms();
}
