package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.tenant.LoginFactor;
import io.mosaic.tenant.TenantDescriptor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The client portal of each tenant, in the tenant's brand (docs/identity.md, "The portal"): {@code /portal/{tenant}}.
 * Signing in is Keycloak's authorization-code flow with PKCE, run by the server: {@code /portal/{t}/login} keeps a
 * state and a code verifier for ten minutes and sends the browser to the tenant's realm, whose pages ask for the
 * tenant's factors (password, photoTAN, certificate); {@code /portal/{t}/callback} checks the state, exchanges the
 * code and hands the tokens to the page (session storage of that tab). The page then calls the tenant API with the
 * bearer token like any client. {@code /device} serves the photoTAN device emulator page.
 *
 * <p>On the loopback listener only, the page also offers the demo's activation letter
 * ({@code POST /admin/dev/tenants/{t}/users/{user}/activation-letter}); in production the letter comes by post.
 */
final class Portal {
    private static final Duration PENDING = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identity identity;
    private final Map<String, TenantDescriptor> tenants;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final String portalPage;
    private final String callbackPage;
    private final byte[] devicePage;

    private record Pending(String tenant, String verifier, String redirectUri, Instant expires) {
    }

    Portal(Identity identity, List<TenantDescriptor> tenants) {
        this.identity = identity;
        this.tenants = tenants.stream().collect(Collectors.toMap(TenantDescriptor::id, t -> t));
        this.portalPage = resource("web/portal.html");
        this.callbackPage = resource("web/portal-callback.html");
        this.devicePage = resource("web/device.html").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The portal's routes; {@code devRoutes}: the demo's development routes are on this listener (the loopback one,
     * with {@code --demo}), so the page offers the activation letter.
     */
    void routes(HttpRouting.Builder r, boolean devRoutes) {
        r.get("/portal", (req, res) -> redirect(res, "/portal/" + (tenants.containsKey(Demo.TENANT) ? Demo.TENANT
                        : tenants.keySet().stream().sorted().findFirst().orElse(""))))
                .get("/portal/{tenant}", (req, res) -> page(req, res, devRoutes))
                .get("/portal/{tenant}/login", this::login)
                .get("/portal/{tenant}/callback", this::callback)
                .post("/portal/{tenant}/refresh", this::refresh)
                .get("/device", (req, res) -> html(res, devicePage));
    }

    private TenantDescriptor tenant(ServerRequest req) {
        String id = req.path().pathParameters().get("tenant");
        TenantDescriptor d = tenants.get(id);
        if (d == null) {
            throw new NotFound("no tenant '" + id + "'");
        }
        return d;
    }

    private void page(ServerRequest req, ServerResponse res, boolean devRoutes) {
        TenantDescriptor t = tenant(req);
        String factors = t.loginFactors().stream().map(f -> switch (f) {
            case CERTIFICATE -> "client certificate";
            case PASSWORD -> "password";
            case PHOTOTAN -> "photoTAN";
        }).collect(Collectors.joining(" + "));
        String page = portalPage
                .replace("{{tenant}}", escape(t.id()))
                .replace("{{name}}", escape(t.branding().name()))
                .replace("{{legalName}}", escape(t.legalName()))
                .replace("{{primary}}", t.branding().primaryColor())
                .replace("{{accent}}", t.branding().accentColor())
                .replace("{{factors}}", escape(factors))
                .replace("{{locale}}", escape(t.locale()))
                .replace("{{phototan}}", Boolean.toString(t.loginFactors().contains(LoginFactor.PHOTOTAN)))
                .replace("{{devRoutes}}", Boolean.toString(devRoutes));
        html(res, page.getBytes(StandardCharsets.UTF_8));
    }

    private void login(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        purge();
        String state = random(24);
        String verifier = random(32);
        String redirect = origin(req) + "/portal/" + t.id() + "/callback";
        pending.put(state, new Pending(t.id(), verifier, redirect, Instant.now().plus(PENDING)));
        redirect(res, identity.authorizationUri(t.id(), redirect, state, challenge(verifier)).toString());
    }

    private void callback(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        var query = req.query();
        if (query.contains("error")) {
            throw new Unauthorized("the login was not completed: " + query.first("error_description")
                    .orElse(query.first("error").orElse("")));
        }
        String state = query.first("state").orElseThrow(() -> new BadRequest("the callback has no state"));
        String code = query.first("code").orElseThrow(() -> new BadRequest("the callback has no code"));
        Pending p = pending.remove(state);
        if (p == null || !p.tenant().equals(t.id()) || p.expires().isBefore(Instant.now())) {
            throw new BadRequest("this login is unknown or older than " + PENDING.toMinutes() + " minutes: sign in again");
        }
        var tokens = identity.exchangeCode(t.id(), code, p.redirectUri(), p.verifier());
        String session = new String(Json.write(Json.obj().put("accessToken", tokens.path("access_token").asText())
                .put("refreshToken", tokens.path("refresh_token").asText())
                .put("idToken", tokens.path("id_token").asText())
                .put("logout", identity.logoutUri(t.id(), tokens.path("id_token").asText(),
                        origin(req) + "/portal/" + t.id()).toString())), StandardCharsets.UTF_8);
        String page = callbackPage.replace("{{tenant}}", escape(t.id()))
                // JSON inside a <script>: '<' escaped so no "</script>" can end it
                .replace("{{session}}", session.replace("<", "\\u003c"));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        html(res, page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code POST /portal/{t}/refresh} with {@code {"refreshToken": …}}: new access and refresh tokens, so a session
     * outlives the five minutes of an access token (until Keycloak ends the session); 401 when it ended.
     */
    private void refresh(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        String refreshToken = Json.object(req.content().as(byte[].class)).path("refreshToken").asText("");
        if (refreshToken.isBlank()) {
            throw new BadRequest("refreshToken is missing");
        }
        var tokens = identity.refreshPortal(t.id(), refreshToken);
        res.header(HeaderNames.CACHE_CONTROL, "no-store").header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.write(Json.obj().put("accessToken", tokens.path("access_token").asText())
                        .put("refreshToken", tokens.path("refresh_token").asText())));
    }

    /** scheme://host:port the browser used (Host header; https on the TLS listener). */
    private static String origin(ServerRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElseThrow(() -> new BadRequest("no Host header"));
        if (!host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new BadRequest("Host header '" + host + "' is not a host and port");
        }
        return (req.isSecure() ? "https://" : "http://") + host;
    }

    private void purge() {
        Instant now = Instant.now();
        pending.values().removeIf(p -> p.expires().isBefore(now));
        if (pending.size() > 10_000) {
            throw new Conflict("too many logins in progress; try again in a few minutes");
        }
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void redirect(ServerResponse res, String location) {
        res.status(Status.FOUND_302).header(HeaderNames.LOCATION, location).send();
    }

    /**
     * Sends a page with a strict CSP: its own {@code <script>} and {@code <style>} elements get a nonce made for this
     * response, and nothing else inline runs or applies (no {@code 'unsafe-inline'}, no style attributes, no event
     * handler attributes). Only the templates' elements get it: every value filled into a page is escaped so that it
     * holds no {@code <} (HTML-escaped text, JSON with {@code \u003c}).
     */
    private static void html(ServerResponse res, byte[] body) {
        String nonce = random(18);
        String page = new String(body, StandardCharsets.UTF_8)
                .replace("<script>", "<script nonce=\"" + nonce + "\">")
                .replace("<style>", "<style nonce=\"" + nonce + "\">");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HeaderNames.create("Content-Security-Policy"), csp(nonce))
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .header(HeaderNames.create("Referrer-Policy"), "no-referrer")
                .send(page.getBytes(StandardCharsets.UTF_8));
    }

    private static String csp(String nonce) {
        return "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'nonce-" + nonce + "'; script-src 'nonce-"
                + nonce + "'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    static String escape(String text) {
        return io.mosaic.identity.keycloak.RealmGenerator.escapeHtml(text).replace("'", "&#39;");
    }

    private static String resource(String name) {
        try (InputStream in = Portal.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the server jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
