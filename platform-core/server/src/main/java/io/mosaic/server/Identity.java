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
import io.mosaic.identity.phototan.DeviceEmulator;
import io.mosaic.identity.phototan.KeycloakDeviceRegistry;
import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import io.mosaic.tenant.LoginFactor;
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
 * The platform CA ({@link CertificateAuthority}: the HSM's when the keys are in an HSM, else a software CA kept in
 * {@code <data>/identity/platform-ca.p12}; both keep their root across restarts) issues the
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
    private final CertificateAuthority platformCa;
    private final PhotoTan photoTan;
    private final Map<String, TenantDescriptor> tenants;
    /**
     * Second factors the server itself holds for users it created with them (demo API users and tests): tenant/user →
     * the photoTAN device and, for tenants that require it, the client certificate.
     */
    private final Map<String, Held> held = new java.util.concurrent.ConcurrentHashMap<>();

    private record Held(DeviceEmulator device, Optional<LocalCa.Issued> certificate) {
    }
    /** Where the portal client may send codes besides the server's own pages (the tests' BrowserLogin redirect). */
    static final String TEST_REDIRECT = "https://portal.mosaic.test/callback";

    private Identity(KeycloakLauncher launcher, KeycloakEndpoints endpoints, TokenValidator validator,
                     CertificateAuthority platformCa,
                     PhotoTan photoTan, List<TenantDescriptor> tenants) {
        this.tenants = tenants.stream().collect(java.util.stream.Collectors.toMap(TenantDescriptor::id, t -> t));
        this.launcher = launcher;
        this.endpoints = endpoints;
        this.validator = validator;
        this.platformCa = platformCa;
        this.photoTan = photoTan;
        this.portalHttp = endpoints.httpClient(Optional.empty());
    }

    private final java.net.http.HttpClient portalHttp;

    /**
     * Starts Keycloak with a realm per tenant, trusting the platform CA's client certificates; writes the platform
     * CA's certificate to {@code <dataDir>/identity/platform-ca.pem} (what TLS clients trust).
     */
    static Identity start(List<TenantDescriptor> tenants, Clock clock, Path dataDir, CertificateAuthority platformCa) {
        LOG.info("starting Keycloak " + KeycloakLauncher.KEYCLOAK_VERSION + " with a realm per tenant (first start takes about a minute)");
        LOG.info("certificate factor: " + platformCa.describe());
        // Keycloak's users, devices and lockouts live in <data>/identity/keycloak and survive restarts
        KeycloakLauncher launcher = new KeycloakLauncher(tenants, Optional.of(platformCa.certificate()), RealmGenerator.Options.local(),
                Optional.of(dataDir.resolve("identity/keycloak")));
        try {
            KeycloakEndpoints endpoints = launcher.start();
            TokenValidator validator = new TokenValidator(launcher.directory(), TokenValidator.Settings.defaults(),
                    endpoints.httpClient(Optional.empty()), clock);
            PhotoTan photoTan = PhotoTan.create(new KeycloakDeviceRegistry(launcher.directory().admin()));
            Path pem = dataDir.resolve("identity/platform-ca.pem");
            Files.createDirectories(pem.getParent());
            LocalCa.writePem(pem, platformCa.certificate());
            LOG.info("Keycloak is up at " + endpoints.base() + "; platform CA certificate in " + pem);
            return new Identity(launcher, endpoints, validator, platformCa, photoTan, tenants);
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
    CertificateAuthority platformCa() {
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
        return authenticate(tenant, header.substring(7).trim(), clientCertificate(req));
    }

    /**
     * The principal of {@code token} for {@code tenant} presented with {@code certificate} (the request's TLS client
     * certificate, if any), or {@link Unauthorized}: the portal's sessions use it with the token they keep.
     */
    Principal authenticate(String tenant, String token, Optional<X509Certificate> certificate) {
        if (certificate.isPresent()) {
            var revoked = platformCa.revocation(certificate.get().getSerialNumber());
            if (revoked.isPresent()) {
                LOG.info("request of tenant " + tenant + " refused: client certificate " + certificate.get()
                        .getSerialNumber().toString(16) + " was revoked at " + revoked.get().revokedAt());
                throw new Unauthorized("the client certificate was revoked");
            }
        }
        TokenCheck check = validator.validate(tenant, token, certificate);
        return switch (check) {
            case TokenCheck.Valid v -> v.principal();
            case TokenCheck.Refused r -> {
                LOG.info("token refused for tenant " + tenant + ": " + r.reason() + " " + r.detail());
                throw new Unauthorized("the token is not valid for tenant " + tenant);
            }
        };
    }

    private final Map<String, String> userIds = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The user kept from an earlier start (Keycloak's database persists), else a new one (demo): its password and
     * roles are left as they are when it exists.
     */
    void ensureUser(String tenant, String username, String password, Set<Role> roles) {
        var admin = launcher.directory().admin();
        admin.userId(tenant, username).ifPresentOrElse(id -> userIds.put(tenant + "/" + username, id),
                () -> createUser(tenant, username, password, roles));
    }

    /** Creates a user in a tenant's realm (demo and tests). */
    void createUser(String tenant, String username, String password, Set<Role> roles) {
        createUser(tenant, username, password, roles, Map.of());
    }

    /** Creates a user with attributes (e.g. {@code mosaic.phototan.activation-secret}) in a tenant's realm. */
    void createUser(String tenant, String username, String password, Set<Role> roles, Map<String, String> attributes) {
        userIds.put(tenant + "/" + username, launcher.directory().admin().createUser(tenant, username, password, roles,
                attributes));
    }

    /** How long access tokens of the tenant's realm live. */
    void accessTokenLifespan(String tenant, java.time.Duration lifespan) {
        launcher.directory().admin().setAccessTokenLifespan(tenant, lifespan);
    }

    /** The subject id (the tokens' {@code sub}) of a user this server created in the tenant's realm. */
    Optional<String> userId(String tenant, String username) {
        return Optional.ofNullable(userIds.get(tenant + "/" + username));
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
        BrowserLogin.Page page = login.begin(tenant, RealmGenerator.PORTAL_CLIENT, TEST_REDIRECT);
        page = login.submit(page, Map.of("username", username, "password", password));
        String code = page.code().orElseThrow(() -> new Unauthorized("login of " + username + " at " + tenant + " failed"));
        return login.exchange(code).get("access_token").asText();
    }

    boolean hasTenant(String tenant) {
        return tenants.containsKey(tenant);
    }

    /** Whether the tenant's users log in with a photoTAN (its descriptor's factors). */
    boolean requiresPhotoTan(String tenant) {
        return descriptor(tenant).loginFactors().contains(LoginFactor.PHOTOTAN);
    }

    private TenantDescriptor descriptor(String tenant) {
        TenantDescriptor d = tenants.get(tenant);
        if (d == null) {
            throw new NotFound("no tenant '" + tenant + "' has a realm here");
        }
        return d;
    }

    /**
     * Creates a user whose second factors this server holds (demo API users and tests): a photoTAN device emulator,
     * enrolled now through the real login pages (activation letter, enrolment code at the first login), and, where the
     * tenant requires the certificate factor, a client certificate of the platform CA.
     */
    DeviceEmulator createUserWithHeldDevice(String tenant, String username, String password, Set<Role> roles) {
        boolean certificate = descriptor(tenant).loginFactors().contains(LoginFactor.CERTIFICATE);
        Optional<LocalCa.Issued> issued = certificate ? Optional.of(platformCa.issueClient(username)) : Optional.empty();
        ActivationLetter letter = ActivationLetter.issue(tenant, username);
        // a user kept from an earlier start enrolled a device this server no longer holds: it is made anew
        if (launcher.directory().admin().deleteUser(tenant, username)) {
            LOG.info("user " + username + " of tenant " + tenant + " made anew: its held device ended with the last run");
        }
        createUser(tenant, username, password, roles, Map.of("mosaic.phototan.activation-secret", letter.encodedSecret()));
        DeviceEmulator device = DeviceEmulator.create();
        BrowserLogin login = new BrowserLogin(endpoints, issued);
        BrowserLogin.Page page = passwordPage(login, tenant, username, password, certificate);
        if (!page.hasForm("kc-phototan-enrol-form")) {
            throw new io.mosaic.identity.IdentityException("enrolling the device of " + username + " at " + tenant
                    + ": Keycloak did not ask for the enrolment code (" + page.message().orElse(page.uri().toString()) + ")");
        }
        page = login.submit(page, Map.of("enrolment-code", device.enrol(PhotoTanImage.mosaicPng(letter.toBytes()))));
        if (page.code().isEmpty()) {
            throw new io.mosaic.identity.IdentityException("enrolling the device of " + username + " at " + tenant
                    + " failed: " + page.message().orElse(page.uri().toString()));
        }
        held.put(tenant + "/" + username, new Held(device, issued));
        return device;
    }

    /** Opens the login and submits the password (after the certificate, Keycloak asks for the password only). */
    private static BrowserLogin.Page passwordPage(BrowserLogin login, String tenant, String username, String password,
                                                  boolean certificate) {
        BrowserLogin.Page page = login.begin(tenant, RealmGenerator.PORTAL_CLIENT, TEST_REDIRECT);
        if (!page.body().contains("name=\"password\"")) { // e.g. a revoked certificate: Keycloak's error page
            throw new Unauthorized("login of " + username + " at " + tenant + " failed before the password"
                    + (certificate ? " (at the certificate step)" : "") + ": "
                    + page.message().orElse("Keycloak showed no password form"));
        }
        return login.submit(page, certificate ? Map.of("password", password)
                : Map.of("username", username, "password", password));
    }

    /** The client certificate (and its key) this server holds for a user it created with one. */
    Optional<LocalCa.Issued> heldCertificate(String tenant, String username) {
        return Optional.ofNullable(held.get(tenant + "/" + username)).flatMap(Held::certificate);
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient client, java.net.http.HttpRequest request) {
        try {
            return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new io.mosaic.identity.IdentityException("cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.mosaic.identity.IdentityException("interrupted", e);
        }
    }

    /** The user's sessions in Keycloak (tests: sign-out ends one). */
    int portalSessionsOf(String tenant, String username) {
        return launcher.directory().admin().userSessions(tenant, username);
    }

    /**
     * Signs a user in to the portal of the server at {@code server} (http://127.0.0.1:port) as a browser would, through
     * the server's own login route, Keycloak's pages and the server's callback, with the factors this server holds for
     * the user (tests): the value of the session cookie the callback set.
     */
    String portalSession(java.net.URI server, String tenant, String username, String password) {
        Held factors = held.get(tenant + "/" + username);
        if (factors == null) {
            throw new Conflict("this server holds no device of " + username + " at " + tenant);
        }
        // the server's login route, as a browser: its pending-login cookie (path: the callback) is kept by hand, as
        // java.net's cookie manager drops a cookie whose path is not above the request's
        java.net.http.HttpClient plain = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.net.http.HttpResponse<String> start = send(plain,
                java.net.http.HttpRequest.newBuilder(server.resolve("/portal/" + tenant + "/login")).build());
        String pending = start.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mosaic_login_"))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new Unauthorized("the login route set no pending-login cookie: HTTP " + start.statusCode()));
        BrowserLogin login = new BrowserLogin(endpoints, factors.certificate());
        String callback = server.resolve("/portal/" + tenant + "/callback").toString();
        BrowserLogin.Page page = login.beginAt(java.net.URI.create(start.headers().firstValue("Location").orElseThrow()),
                tenant, callback);
        if (!factors.certificate().isPresent()) {
            page = login.submit(page, Map.of("username", username, "password", password));
        } else {
            page = login.submit(page, Map.of("password", password));
        }
        if (requiresPhotoTan(tenant)) {
            String image = page.imageSource("mosaic-phototan-mosaic").orElseThrow(() -> new Unauthorized("no photoTAN page"));
            page = login.submit(page, Map.of("tan",
                    factors.device().read(image.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).tan()));
        }
        if (page.code().isEmpty()) {
            throw new Unauthorized("portal login of " + username + " failed: " + page.message().orElse(page.uri().toString()));
        }
        java.net.http.HttpResponse<String> answer = send(plain,
                java.net.http.HttpRequest.newBuilder(page.uri()).header("Cookie", pending).build());
        String name = PortalSessions.cookieName(tenant) + "=";
        return answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name))
                .map(c -> c.substring(name.length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElseThrow(() -> new Unauthorized("the callback set no session cookie: HTTP "
                        + answer.statusCode() + " " + answer.body()));
    }

    /**
     * Logs a user in through the real login pages (demo and tests: {@code POST /admin/dev/tenants/{t}/token}): the
     * password, then, where the tenant requires them, the certificate and the photoTAN this server holds for the user.
     * The token of a certificate tenant is bound to that certificate. A user whose device is elsewhere (the device
     * emulator page, a phone) logs in through the portal.
     */
    String login(String tenant, String username, String password) {
        if (!requiresPhotoTan(tenant) && !descriptor(tenant).loginFactors().contains(LoginFactor.CERTIFICATE)) {
            return passwordLogin(tenant, username, password);
        }
        Held factors = held.get(tenant + "/" + username);
        if (factors == null) {
            throw new Conflict("tenant " + tenant + " asks for more than a password and this server holds no device"
                    + " (or certificate) of " + username + ": log in through the portal (/portal/" + tenant + ")");
        }
        BrowserLogin login = new BrowserLogin(endpoints, factors.certificate());
        BrowserLogin.Page page = passwordPage(login, tenant, username, password, factors.certificate().isPresent());
        if (requiresPhotoTan(tenant)) {
            Optional<String> image = page.hasForm("kc-phototan-form") ? page.imageSource("mosaic-phototan-mosaic")
                    : Optional.empty();
            if (image.isEmpty()) {
                throw new Unauthorized("login of " + username + " at " + tenant + " failed: "
                        + page.message().orElse("no photoTAN page after the password"));
            }
            page = login.submit(page, Map.of("tan",
                    factors.device().read(image.get().getBytes(java.nio.charset.StandardCharsets.US_ASCII)).tan()));
        }
        BrowserLogin.Page answered = page;
        String code = answered.code().orElseThrow(() -> new Unauthorized("login of " + username + " at " + tenant
                + " failed: " + answered.message().orElse("a factor was refused")));
        return login.exchange(code).get("access_token").asText();
    }

    /**
     * Lets the portal client of every realm send codes to the server's portal pages at these origins (e.g.
     * {@code http://127.0.0.1:8080}), besides the tests' redirect.
     */
    void allowPortalAt(List<String> origins) {
        List<String> uris = new java.util.ArrayList<>();
        origins.forEach(o -> uris.add(o + "/portal/*"));
        uris.add("https://portal.mosaic.test/*");
        for (String tenant : tenants.keySet()) {
            launcher.directory().admin().setRedirectUris(tenant, RealmGenerator.PORTAL_CLIENT, uris);
        }
    }

    /**
     * Makes the certificate step of every tenant that requires the certificate factor check the platform CA's CRL at
     * {@code crlUrl} (the server's {@code /pki/platform-ca.crl}), so a revoked certificate no longer logs in.
     */
    void checkRevocationAt(java.net.URI crlUrl) {
        for (TenantDescriptor tenant : tenants.values()) {
            if (tenant.loginFactors().contains(LoginFactor.CERTIFICATE)
                    && !launcher.directory().admin().checkCertificateRevocation(tenant.id(), crlUrl)) {
                throw new IllegalStateException("the realm of tenant " + tenant.id() + " requires a certificate but has"
                        + " no certificate step to check revocation in");
            }
        }
    }

    /** Where a browser starts the login of the tenant's portal (authorization code with PKCE S256). */
    java.net.URI authorizationUri(String tenant, String redirectUri, String state, String codeChallenge) {
        return endpoints.base().resolve("/realms/" + descriptor(tenant).id() + "/protocol/openid-connect/auth?"
                + form(Map.of("client_id", RealmGenerator.PORTAL_CLIENT, "redirect_uri", redirectUri,
                "response_type", "code", "scope", "openid", "state", state, "code_challenge", codeChallenge,
                "code_challenge_method", "S256")));
    }

    /** Where a browser ends the tenant's Keycloak session and comes back to {@code redirectUri}. */
    java.net.URI logoutUri(String tenant, String idToken, String redirectUri) {
        return endpoints.base().resolve("/realms/" + descriptor(tenant).id() + "/protocol/openid-connect/logout?"
                + form(Map.of("client_id", RealmGenerator.PORTAL_CLIENT, "id_token_hint", idToken,
                "post_logout_redirect_uri", redirectUri)));
    }

    /** Exchanges the portal's code for the tokens (the server talks to Keycloak; the browser never needs to). */
    com.fasterxml.jackson.databind.JsonNode exchangeCode(String tenant, String code, String redirectUri, String verifier) {
        return portalTokens(tenant, Map.of("grant_type", "authorization_code", "code", code,
                "client_id", RealmGenerator.PORTAL_CLIENT, "redirect_uri", redirectUri, "code_verifier", verifier),
                "the login");
    }

    /**
     * New tokens for the portal from its refresh token (Keycloak rotates the refresh token and ends it with the
     * session: after sign-out, or once the SSO session expired, this is {@link Unauthorized}).
     */
    com.fasterxml.jackson.databind.JsonNode refreshPortal(String tenant, String refreshToken) {
        return portalTokens(tenant, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", RealmGenerator.PORTAL_CLIENT), "refreshing the session");
    }

    /** Ends the Keycloak session of a portal login (its refresh token, and the SSO session with it). */
    void endPortalSession(String tenant, String refreshToken) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(endpoints.base().resolve("/realms/"
                        + descriptor(tenant).id() + "/protocol/openid-connect/logout"))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form(Map.of("client_id", RealmGenerator.PORTAL_CLIENT,
                        "refresh_token", refreshToken)))).build();
        try {
            var response = portalHttp.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204 && response.statusCode() != 200) {
                throw new io.mosaic.identity.IdentityException("Keycloak did not end the session of tenant " + tenant
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new io.mosaic.identity.IdentityException("cannot reach Keycloak at " + endpoints.base() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.mosaic.identity.IdentityException("interrupted while ending a session", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode portalTokens(String tenant, Map<String, String> fields, String what) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(endpoints.base().resolve("/realms/"
                        + descriptor(tenant).id() + "/protocol/openid-connect/token"))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form(fields))).build();
        try {
            var response = portalHttp.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            var body = Json.object(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
                throw new Unauthorized(what + " at tenant " + tenant + " could not be completed: "
                        + body.path("error_description").asText(body.path("error").asText("HTTP " + response.statusCode())));
            }
            return body;
        } catch (java.io.IOException e) {
            throw new io.mosaic.identity.IdentityException("cannot reach Keycloak at " + endpoints.base() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.mosaic.identity.IdentityException("interrupted while " + what, e);
        }
    }

    private static String form(Map<String, String> fields) {
        return BrowserLogin.form(fields);
    }

    String describe() {
        return endpoints.base().toString();
    }

    @Override
    public void close() {
        launcher.close();
    }
}
