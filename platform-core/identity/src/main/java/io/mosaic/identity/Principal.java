package io.mosaic.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a validated request acts for: what goes into the envelopes the request causes.
 *
 * @param tenant                the tenant whose realm issued the token
 * @param subject               the token's {@code sub}: stable id of the person in the tenant's realm
 * @param username              {@code preferred_username}
 * @param roles                 the platform roles among the realm roles ({@link Role})
 * @param clientId              the client the token was issued to ({@code azp})
 * @param certificateThumbprint {@code cnf.x5t#S256} when the token is bound to a client certificate
 * @param expiresAt             the token's expiry
 */
public record Principal(String tenant, String subject, String username, Set<Role> roles, String clientId,
                        Optional<String> certificateThumbprint, Instant expiresAt) {
    public Principal {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(certificateThumbprint, "certificateThumbprint");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
