package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.mosaic.identity.Principal;
import io.mosaic.identity.Role;
import io.mosaic.identity.TokenCheck;
import io.mosaic.identity.TokenValidator;
import io.mosaic.identity.keycloak.KeycloakEndpoints;
import io.mosaic.identity.keycloak.KeycloakLauncher;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.tenant.TenantDescriptor;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Logins for the tenant API: a managed Keycloak with a realm per tenant (docs/identity.md), and a bearer token checked
 * on every tenant request — issuer of the tenant's realm, signature, audience, expiry. The token's subject becomes the
 * subject of every envelope the request causes.
 */
final class Identity implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Identity.class.getName());

    private final KeycloakLauncher launcher;
    private final KeycloakEndpoints endpoints;
    private final TokenValidator validator;

    private Identity(KeycloakLauncher launcher, KeycloakEndpoints endpoints, TokenValidator validator) {
        this.launcher = launcher;
        this.endpoints = endpoints;
        this.validator = validator;
    }

    static Identity start(List<TenantDescriptor> tenants, Clock clock) {
        LOG.info("starting Keycloak " + KeycloakLauncher.KEYCLOAK_VERSION + " with a realm per tenant (first start takes about a minute)");
        KeycloakLauncher launcher = new KeycloakLauncher(tenants, Optional.empty(), RealmGenerator.Options.local());
        try {
            KeycloakEndpoints endpoints = launcher.start();
            TokenValidator validator = new TokenValidator(launcher.directory(), TokenValidator.Settings.defaults(),
                    endpoints.httpClient(Optional.empty()), clock);
            LOG.info("Keycloak is up at " + endpoints.base());
            return new Identity(launcher, endpoints, validator);
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    /** The principal of the request's bearer token for {@code tenant}, or {@link Unauthorized}. */
    Principal authenticate(String tenant, ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("a bearer token of tenant " + tenant + " is required");
        }
        TokenCheck check = validator.validate(tenant, header.substring(7).trim(), Optional.empty());
        return switch (check) {
            case TokenCheck.Valid v -> v.principal();
            case TokenCheck.Refused r -> {
                LOG.info("token refused for tenant " + tenant + ": " + r.reason() + " " + r.detail());
                throw new Unauthorized("the token is not valid for tenant " + tenant);
            }
        };
    }

    /** Creates a user in a tenant's realm (demo and tests). */
    void createUser(String tenant, String username, String password, Set<Role> roles) {
        launcher.directory().admin().createUser(tenant, username, password, roles, Map.of());
    }

    /** Logs a password-only user in through the real login pages and returns an access token (demo and tests). */
    String passwordLogin(String tenant, String username, String password) {
        BrowserLogin login = new BrowserLogin(endpoints, Optional.empty());
        BrowserLogin.Page page = login.begin(tenant, RealmGenerator.PORTAL_CLIENT, "https://portal.mosaic.test/callback");
        page = login.submit(page, Map.of("username", username, "password", password));
        String code = page.code().orElseThrow(() -> new Unauthorized("login of " + username + " at " + tenant + " failed"));
        return login.exchange(code).get("access_token").asText();
    }

    String describe() {
        return endpoints.base().toString();
    }

    @Override
    public void close() {
        launcher.close();
    }
}
