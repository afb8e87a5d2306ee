package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.mosaic.identity.Principal;
import io.mosaic.identity.Role;
import io.mosaic.identity.TokenCheck;
import io.mosaic.identity.TokenValidator;
import io.mosaic.identity.keycloak.KeycloakEndpoints;
import io.mosaic.identity.keycloak.KeycloakLauncher;
import io.mosaic.identity.keycloak.LocalCa;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.identity.phototan.KeycloakDeviceRegistry;
import io.mosaic.identity.phototan.PhotoTan;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.tenant.TenantDescriptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
 * <p>
 * The platform CA (here a {@link LocalCa} made at every start: a stand-in for the HSM's platform CA) issues the
 * clients' certificates and the certificate of the server's TLS listener; Keycloak requests client certificates of
 * this CA, so tokens of tenants that require the certificate factor are bound to it (RFC 8705), and
 * {@link #authenticate} passes the certificate of the request's TLS connection to the validator. Operations of high
 * value are confirmed with a photoTAN ({@link #photoTan()}) on the devices enrolled in Keycloak.
 */
final class Identity implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Identity.class.getName());

    private final KeycloakLauncher launcher;
    private final KeycloakEndpoints endpoints;
    private final TokenValidator validator;
    private final LocalCa platformCa;
    private final PhotoTan photoTan;

    private Identity(KeycloakLauncher launcher, KeycloakEndpoints endpoints, TokenValidator validator, LocalCa platformCa,
                     PhotoTan photoTan) {
        this.launcher = launcher;
        this.endpoints = endpoints;
        this.validator = validator;
        this.platformCa = platformCa;
        this.photoTan = photoTan;
    }

    /**
     * Starts Keycloak with a realm per tenant, trusting the platform CA's client certificates; writes the platform
     * CA's certificate to {@code <dataDir>/identity/platform-ca.pem} (what TLS clients trust).
     */
    static Identity start(List<TenantDescriptor> tenants, Clock clock, Path dataDir) {
        LOG.info("starting Keycloak " + KeycloakLauncher.KEYCLOAK_VERSION + " with a realm per tenant (first start takes about a minute)");
        LocalCa platformCa = LocalCa.create("Mosaic platform CA (local)");
        KeycloakLauncher launcher = new KeycloakLauncher(tenants, Optional.of(platformCa.certificate()), RealmGenerator.Options.local());
        try {
            KeycloakEndpoints endpoints = launcher.start();
            TokenValidator validator = new TokenValidator(launcher.directory(), TokenValidator.Settings.defaults(),
                    endpoints.httpClient(Optional.empty()), clock);
            PhotoTan photoTan = PhotoTan.create(new KeycloakDeviceRegistry(launcher.directory().admin()));
            Path pem = dataDir.resolve("identity/platform-ca.pem");
            Files.createDirectories(pem.getParent());
            LocalCa.writePem(pem, platformCa.certificate());
            LOG.info("Keycloak is up at " + endpoints.base() + "; platform CA certificate in " + pem);
            return new Identity(launcher, endpoints, validator, platformCa, photoTan);
        } catch (java.io.IOException e) {
            launcher.close();
            throw new java.io.UncheckedIOException("cannot create " + dataDir.resolve("identity"), e);
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    /**
     * TLS of the public listener: a server certificate of the platform CA (for 127.0.0.1 and localhost, common name
     * {@code host}), client certificates of the platform CA requested but not required (client-auth "want").
     */
    void tls(io.helidon.common.tls.TlsConfig.Builder tls, String host) {
        LocalCa.Issued server = platformCa.issueServer(host);
        tls.privateKey(server.keyPair().getPrivate())
                .privateKeyCertChain(List.of(server.certificate(), platformCa.certificate()))
                .trust(List.of(platformCa.certificate()))
                .clientAuth(io.helidon.common.tls.TlsClientAuth.OPTIONAL)
                .endpointIdentificationAlgorithm(io.helidon.common.tls.Tls.ENDPOINT_IDENTIFICATION_NONE);
    }

    /** The certificate the client presented on the request's TLS connection, if any (none on plain HTTP). */
    static Optional<X509Certificate> clientCertificate(ServerRequest req) {
        return req.remotePeer().tlsCertificates().filter(chain -> chain.length > 0).map(chain -> chain[0])
                .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast);
    }

    /** The CA of client certificates and of the TLS listener's certificate. */
    LocalCa platformCa() {
        return platformCa;
    }

    /** Dynamic linking: photoTAN confirmations of operations of high value, on the devices enrolled in Keycloak. */
    PhotoTan photoTan() {
        return photoTan;
    }

    KeycloakEndpoints endpoints() {
        return endpoints;
    }

    /** The principal of the request's bearer token for {@code tenant}, or {@link Unauthorized}. */
    Principal authenticate(String tenant, ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("a bearer token of tenant " + tenant + " is required");
        }
        TokenCheck check = validator.validate(tenant, header.substring(7).trim(), clientCertificate(req));
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
        createUser(tenant, username, password, roles, Map.of());
    }

    /** Creates a user with attributes (e.g. {@code mosaic.phototan.activation-secret}) in a tenant's realm. */
    void createUser(String tenant, String username, String password, Set<Role> roles, Map<String, String> attributes) {
        launcher.directory().admin().createUser(tenant, username, password, roles, attributes);
    }

    /**
     * Issues a photoTAN activation letter for an existing user of the tenant's realm (demo): its secret is stored as
     * the user attribute {@code mosaic.phototan.activation-secret} (replacing an earlier one), so the device that
     * scans the letter is enrolled at the user's next login; {@link NotFound} if there is no such user.
     */
    io.mosaic.keycloak.phototan.ActivationLetter issueActivationLetter(String tenant, String username) {
        var admin = launcher.directory().admin();
        if (admin.userAttributes(tenant, username).isEmpty()) {
            throw new NotFound("no user '" + username + "' in the realm of tenant " + tenant);
        }
        io.mosaic.keycloak.phototan.ActivationLetter letter = io.mosaic.keycloak.phototan.ActivationLetter.issue(tenant, username);
        admin.setUserAttribute(tenant, username, "mosaic.phototan.activation-secret", Optional.of(letter.encodedSecret()));
        return letter;
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
