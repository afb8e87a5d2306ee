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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The client portal of each tenant, in the tenant's brand (docs/ui.md): {@code /portal/{tenant}} and every path below
 * it serve the single-page app ({@code admin-ui}, its files under {@code /app/}) with a strict CSP; the server is its
 * backend-for-frontend.
 * <ul>
 * <li>{@code GET /portal/{t}/login?return=/portal/{t}/…} puts a state, a code verifier and the return path into a
 * cookie of that browser (HttpOnly, SameSite=Lax, for the callback's path only, ten minutes, signed with a key of this
 * server: nothing is kept in the server, so no number of started logins can block anybody's) and sends the browser to
 * the tenant's realm, whose pages ask for the tenant's factors (password, photoTAN, certificate).</li>
 * <li>{@code GET /portal/{t}/callback} accepts only the state of the cookie its own browser carries (a login started
 * in another browser is refused: no login CSRF), exchanges the code, keeps the tokens in {@link PortalSessions} and
 * gives the browser only the session cookie; then back to the return path.</li>
 * <li>{@code GET /portal/{t}/session}: who is signed in, the CSRF token for changes, the brand; {@code signedIn:
 * false} when nobody.</li>
 * <li>{@code POST /portal/{t}/logout} (CSRF token required) ends the session here and in Keycloak.</li>
 * <li>{@code GET /portal/{t}/brand.css}: the tenant's colours and fonts as CSS custom properties;
 * {@code GET /portal/{t}/logo}: its logo file.</li>
 * </ul>
 * {@code /device} serves the photoTAN device emulator page. On the loopback listener with {@code --demo}, the
 * session answer says so ({@code activationLetter}), and the sign-in page offers the demo's activation letter
 * ({@code POST /admin/dev/tenants/{t}/users/{user}/activation-letter}); in production the letter comes by post.
 */
final class Portal {
    /** Where {@code /portal} leads when that tenant exists (the repository's demo bank), else to the first tenant by id. */
    static final String DEFAULT_TENANT = "demo";
    private static final Duration PENDING = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identity identity;
    private final Map<String, TenantDescriptor> tenants;
    /** Signs the login cookies; made at start, so a login begun before a restart is signed in again. */
    private final byte[] cookieKey = new byte[32];
    /** The app's index.html; null when the server was built without the app (a clear 503 then). */
    private final String appPage;
    private final byte[] devicePage;

    private final PortalSessions sessions;
    private final java.nio.file.Path brandingDir;
    private final io.mosaic.runtime.MosaicPlatform platform;

    private record Pending(String tenant, String state, String verifier, String redirectUri, String returnPath,
                           Instant expires) {
    }

    /**
     * @param brandingDir the folder relative logo paths of the descriptors are resolved against ({@code tenant-config/})
     */
    Portal(Identity identity, List<TenantDescriptor> tenants, PortalSessions sessions, java.nio.file.Path brandingDir,
           io.mosaic.runtime.MosaicPlatform platform) {
        this.platform = platform;
        this.identity = identity;
        this.tenants = tenants.stream().collect(Collectors.toMap(TenantDescriptor::id, t -> t));
        this.sessions = sessions;
        this.brandingDir = brandingDir;
        this.appPage = UiFiles.read("index.html").map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
        this.devicePage = resource("web/device.html").getBytes(StandardCharsets.UTF_8);
        RANDOM.nextBytes(cookieKey);
    }

    /**
     * The portal's routes; {@code devRoutes}: the demo's development routes are on this listener (the loopback one,
     * with {@code --demo}), so the page offers the activation letter.
     */
    void routes(io.helidon.webserver.http.HttpRules r, boolean devRoutes) {
        r.get("/portal", (req, res) -> redirect(res, "/portal/" + (tenants.containsKey(DEFAULT_TENANT) ? DEFAULT_TENANT
                        : tenants.keySet().stream().sorted().findFirst().orElse(""))))
                .get("/portal/{tenant}/login", this::login)
                .get("/portal/{tenant}/callback", this::callback)
                .get("/portal/{tenant}/session", (req, res) -> session(req, res, devRoutes))
                .post("/portal/{tenant}/logout", this::logout)
                .get("/portal/{tenant}/brand.css", this::brandCss)
                .get("/portal/{tenant}/logo", this::logo)
                .get("/portal/{tenant}", this::app)
                .get("/portal/{tenant}/*", this::app)
                .get("/app/*", UiFiles::serve)
                .get("/favicon.ico", (req, res) -> res.status(Status.MOVED_PERMANENTLY_301)
                        .header(HeaderNames.LOCATION, "/app/favicon.svg").send())
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

    /** The app's page for any path of the tenant's portal (the app routes on the client). */
    private void app(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        if (appPage == null) {
            res.status(Status.SERVICE_UNAVAILABLE_503).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("this server was built without the portal app (module admin-ui)");
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HeaderNames.create("Content-Security-Policy"), APP_CSP)
                .header(HeaderNames.create("Referrer-Policy"), "no-referrer")
                .send(appPage.replace("<html lang=\"en\"", "<html lang=\"" + escape(t.javaLocale().getLanguage()) + "\"")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The app's CSP: its scripts and styles are files of this origin; nothing inline runs or applies. */
    static final String APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
            + " form-action 'self'";

    /**
     * Who is signed in (for the app), the CSRF token of the session, and the tenant's brand; without a session
     * {@code signedIn: false} with what the sign-in screen needs (a question the app asks on every page load, so its
     * usual answer is no error).
     */
    private void session(ServerRequest req, ServerResponse res, boolean devRoutes) {
        TenantDescriptor t = tenant(req);
        var brand = Json.obj().put("name", t.branding().name()).put("legalName", t.legalName())
                .put("locale", t.locale()).put("currency", t.currency());
        brand.put("logo", t.branding().logo().isPresent() ? "/portal/" + t.id() + "/logo" : null);
        var session = sessions.of(t.id(), req);
        if (session.isEmpty()) {
            var nobody = Json.obj().put("tenant", t.id()).put("signedIn", false)
                    .put("loginUrl", "/portal/" + t.id() + "/login").put("activationLetter", devRoutes);
            nobody.set("brand", brand);
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(nobody));
            return;
        }
        var principal = identity.authenticate(t.id(), sessions.accessToken(session.get()), Identity.clientCertificate(req));
        var n = Json.obj().put("tenant", t.id()).put("signedIn", true).put("subject", principal.subject())
                .put("username", principal.username())
                .put("csrfToken", session.get().csrf());
        var roles = n.putArray("roles");
        principal.roles().stream().map(io.mosaic.identity.Role::realmRole).sorted().forEach(roles::add);
        // the owners the person is bound to (what the app offers to look at; each read still passes the gate)
        var owners = n.putArray("owners");
        var clients = n.putArray("clients");
        var shared = n.putArray("shared");
        platform.tenant(t.id()).flatMap(rt -> rt.subjects().find(principal.subject())).ifPresent(known -> {
            known.owners().stream().sorted().forEach(owners::add);
            known.clients().stream().sorted().forEach(clients::add);
            known.shared().stream().sorted().forEach(shared::add);
        });
        n.set("brand", brand);
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(n));
    }

    /** Signs out: the session (and Keycloak's) ends; the app then goes to {@code logoutUrl}. */
    private void logout(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        var session = sessions.of(t.id(), req);
        if (session.isPresent()) {
            if (!PortalSessions.csrfMatches(session.get(), req)) {
                throw new Forbidden("signing out needs the session's CSRF token in " + PortalSessions.CSRF_HEADER);
            }
            sessions.signOut(session.get());
        }
        res.header(HeaderNames.SET_COOKIE, sessionCookie(t.id(), "", 0, req.isSecure()))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.write(Json.obj().put("logoutUrl", "/portal/" + t.id())));
    }

    /** The tenant's colours and fonts as CSS custom properties (values checked by the descriptor: #rrggbb, names). */
    private void brandCss(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        var b = t.branding();
        StringBuilder css = new StringBuilder(":root {\n")
                .append("  --brand-primary: ").append(b.primaryColor()).append(";\n")
                .append("  --brand-accent: ").append(b.accentColor()).append(";\n");
        b.fonts().ifPresent(f -> css.append("  --brand-font-heading: \"").append(f.heading()).append("\", Georgia, serif;\n")
                .append("  --brand-font-body: \"").append(f.body()).append("\", system-ui, sans-serif;\n"));
        css.append("}\n");
        res.header(HeaderNames.CONTENT_TYPE, "text/css; charset=utf-8").send(css.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The tenant's logo file (SVG or PNG inside the branding folder); 404 when it has none. */
    private void logo(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        String logo = t.branding().logo().orElseThrow(() -> new NotFound("tenant " + t.id() + " has no logo"));
        java.nio.file.Path file = brandingDir.resolve(logo).normalize();
        if (!file.startsWith(brandingDir.normalize()) || !java.nio.file.Files.isRegularFile(file)) {
            throw new NotFound("the logo of tenant " + t.id() + " is not in the branding folder");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String type = name.endsWith(".svg") ? "image/svg+xml" : name.endsWith(".png") ? "image/png" : null;
        if (type == null) {
            throw new NotFound("the logo of tenant " + t.id() + " is neither SVG nor PNG");
        }
        try {
            // an SVG is an image here, never a document: no script in it runs
            res.header(HeaderNames.CONTENT_TYPE, type)
                    .header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; sandbox")
                    .send(java.nio.file.Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logo " + file, e);
        }
    }

    private void login(ServerRequest req, ServerResponse res) {
        TenantDescriptor t = tenant(req);
        String state = random(24);
        String verifier = random(32);
        String redirect = origin(req) + "/portal/" + t.id() + "/callback";
        String home = "/portal/" + t.id();
        String back = req.query().first("return").orElse(home);
        // only a path of this tenant's portal: never another site, another tenant or a scheme-relative //host
        if (!(back.equals(home) || back.startsWith(home + "/") || back.startsWith(home + "?")) || back.contains("\\")
                || back.contains("//") || back.length() > 2000) {
            back = home;
        }
        Pending pending = new Pending(t.id(), state, verifier, redirect, back, Instant.now().plus(PENDING));
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
        var principal = identity.authenticate(t.id(), tokens.path("access_token").asText(), Identity.clientCertificate(req));
        String id = sessions.create(t.id(), principal.subject(), tokens);
        res.header(HeaderNames.SET_COOKIE, sessionCookie(t.id(), id, -1, req.isSecure()));
        redirect(res, p.returnPath());
    }

    /** The session cookie: HttpOnly, SameSite=Strict, the whole site's path (the app and the tenant API). */
    private static String sessionCookie(String tenant, String value, int maxAgeSeconds, boolean secure) {
        return PortalSessions.cookieName(tenant) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "") + (secure ? "; Secure" : "");
    }

    private static String cookieName(String tenant) {
        return "mosaic_login_" + tenant.replace('-', '_');
    }

    /** A pending login as cookie text: base64url(JSON) "." base64url(HMAC-SHA256 over the first part). */
    private String seal(Pending p) {
        byte[] json = Json.write(Json.obj().put("tenant", p.tenant()).put("state", p.state()).put("verifier", p.verifier())
                .put("redirect", p.redirectUri()).put("return", p.returnPath()).put("expires", p.expires().toString()));
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
                    n.path("redirect").asText(), n.path("return").asText("/portal/" + n.path("tenant").asText()),
                    Instant.parse(n.path("expires").asText())));
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
        return PortalSessions.cookie(req, name);
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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(PortalSessions.sha256(verifier));
    }

    private static String random(int bytes) {
        return PortalSessions.random(bytes);
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
