package io.mosaic.identity;

import io.mosaic.tenant.LoginFactor;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where a tenant's identities live.
 *
 * @param tenant  the tenant id
 * @param realm   the Keycloak realm
 * @param issuer  the {@code iss} of its tokens
 * @param jwksUri where its signing keys are published
 * @param factors the login factors the tenant requires; with {@link LoginFactor#CERTIFICATE} every access token
 *                must be bound to a client certificate
 */
public record TenantRealm(String tenant, String realm, URI issuer, URI jwksUri, List<LoginFactor> factors) {
    public TenantRealm {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        factors = List.copyOf(factors);
    }

    public boolean requiresCertificateBoundTokens() {
        return factors.contains(LoginFactor.CERTIFICATE);
    }
}
