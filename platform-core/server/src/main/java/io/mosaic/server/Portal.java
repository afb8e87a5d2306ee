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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The client portal of each tenant, in the tenant's brand (docs/identity.md, "The portal"): {@code /portal/{tenant}}.
 * Signing in is Keycloak's authorization-code flow with PKCE, run by the server: {@code /portal/{t}/login} puts a
 * state and a code verifier into a cookie of that browser (HttpOnly, SameSite=Lax, for the callback's path only, ten
 * minutes, signed with a key of this server: nothing is kept in the server, so no number of started logins can block
 * anybody's) and sends the browser to the tenant's realm, whose pages ask for the tenant's factors (password, photoTAN,
 * certificate); {@code /portal/{t}/callback} accepts only the state of the cookie its own browser carries (a login
 * started in another browser, e.g. an attacker's, is refused: no login CSRF), exchanges the code and hands the tokens
 * to the page (session storage of that tab). The page then calls the tenant API with the
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
    /** Signs the login cookies; made at start, so a login begun before a restart is signed in again. */
    private final byte[] cookieKey = new byte[32];
    private final String portalPage;
    private final String callbackPage;
    private final byte[] devicePage;

    private record Pending(String tenant, String state, String verifier, String redirectUri, Instant expires) {
    }

    Portal(Identity identity, List<TenantDescriptor> tenants) {
        this.identity = identity;
        this.tenants = tenants.stream().collect(Collectors.toMap(TenantDescriptor::id, t -> t));
        this.portalPage = resource("web/portal.html");
        this.callbackPage = resource("web/portal-callback.html");
        this.devicePage = resource("web/device.html").getBytes(StandardCharsets.UTF_8);
        RANDOM.nextBytes(cookieKey);
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
        String state = random(24);
        String verifier = random(32);
        String redirect = origin(req) + "/portal/" + t.id() + "/callback";
        Pending pending = new Pending(t.id(), state, verifier, redirect, Instant.now().plus(PENDING));
        res.header(HeaderNames.SET_COOKIE, cookieName(t.id()) + "=" + seal(pending) + "; Path=/portal/" + t.id()
                + "/callback; Max-Age=" + PENDING.toSeconds() + "; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
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
        Pending p = cookie(req, cookieName(t.id())).flatMap(this::open).orElseThrow(() -> new BadRequest(
                "this login did not start in this browser, or is older than " + PENDING.toMinutes() + " minutes: sign in again"));
        if (!p.tenant().equals(t.id()) || !MessageDigest.isEqual(p.state().getBytes(StandardCharsets.US_ASCII),
                state.getBytes(StandardCharsets.US_ASCII)) || p.expires().isBefore(Instant.now())) {
            throw new BadRequest("this login did not start in this browser, or is older than " + PENDING.toMinutes()
                    + " minutes: sign in again");
        }
        res.header(HeaderNames.SET_COOKIE, cookieName(t.id()) + "=; Path=/portal/" + t.id() + "/callback; Max-Age=0; HttpOnly;"
                + " SameSite=Lax" + (req.isSecure() ? "; Secure" : ""));
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

    private static String cookieName(String tenant) {
        return "mosaic_login_" + tenant.replace('-', '_');
    }

    /** A pending login as cookie text: base64url(JSON) "." base64url(HMAC-SHA256 over the first part). */
    private String seal(Pending p) {
        byte[] json = Json.write(Json.obj().put("tenant", p.tenant()).put("state", p.state()).put("verifier", p.verifier())
                .put("redirect", p.redirectUri()).put("expires", p.expires().toString()));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    /** The pending login of a cookie this server signed; empty for anything else. */
    private Optional<Pending> open(String value) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String body = value.substring(0, dot);
            if (!MessageDigest.isEqual(mac(body), Base64.getUrlDecoder().decode(value.substring(dot + 1)))) {
                return Optional.empty();
            }
            var n = Json.object(Base64.getUrlDecoder().decode(body));
            return Optional.of(new Pending(n.path("tenant").asText(), n.path("state").asText(), n.path("verifier").asText(),
                    n.path("redirect").asText(), Instant.parse(n.path("expires").asText())));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException | BadRequest bad) {
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(cookieKey, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static Optional<String> cookie(ServerRequest req, String name) {
        for (String header : req.headers().all(HeaderNames.COOKIE, List::of)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
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
