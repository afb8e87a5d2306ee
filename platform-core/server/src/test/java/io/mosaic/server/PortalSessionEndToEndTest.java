package io.mosaic.server;

import io.mosaic.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's backend-for-frontend: after the login the browser holds only a session cookie; the tenant API answers
 * through it, a change needs the session's CSRF token, the cookie means nothing in another tenant, and sign-out ends
 * it here and in Keycloak. Logins run through the server's own routes and Keycloak's pages.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortalSessionEndToEndTest {
    private final IdentityServer s;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String user;

    PortalSessionEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @BeforeAll
    void user() {
        user = "bff-" + System.nanoTime() % 1_000_000;
        s.identity.createUserWithHeldDevice("demo", user, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        s.seesTestOwner("demo", user);
    }

    private String signIn() {
        return s.identity.portalSession(URI.create(s.http), "demo", user, IdentityServer.PASSWORD);
    }

    private HttpResponse<String> send(String method, String path, String cookie, String csrf, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.http + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header(PortalSessions.CSRF_HEADER, csrf);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(String tenant, String id) {
        return PortalSessions.cookieName(tenant) + "=" + id;
    }

    @Test
    void theBanksConsole_answersATenantAdministratorsSession_andRefusesAnAdvisorsOne() throws Exception {
        String admin = "console-" + System.nanoTime() % 1_000_000;
        s.identity.createUserWithHeldDevice("demo", admin, IdentityServer.PASSWORD, Set.of(Role.TENANT_ADMIN));
        String adminSession = s.identity.portalSession(URI.create(s.http), "demo", admin, IdentityServer.PASSWORD);
        String csrf = Json.object(send("GET", "/portal/demo/session", cookie("demo", adminSession), null, null).body()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("csrfToken").asText();

        HttpResponse<String> verify = send("GET", "/api/tenants/demo/admin/audit/verify", cookie("demo", adminSession), null, null);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(Json.object(verify.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("intact").asBoolean()).isTrue();
        HttpResponse<String> plugins = send("GET", "/api/tenants/demo/admin/plugins", cookie("demo", adminSession), null, null);
        assertThat(plugins.statusCode()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"id\":\"assets\"");
        String replay = "/api/tenants/demo/admin/plugins/assets/dead-letters/" + java.util.UUID.randomUUID() + "/replay";
        assertThat(send("POST", replay, cookie("demo", adminSession), null, "{}").statusCode())
                .as("a change without the CSRF token").isEqualTo(403);
        HttpResponse<String> nothing = send("POST", replay, cookie("demo", adminSession), csrf, "{}");
        assertThat(nothing.statusCode()).as(nothing.body()).isEqualTo(409);

        // the advisor of the other tests: signed in, but not an administrator of the bank
        HttpResponse<String> advisor = send("GET", "/api/tenants/demo/admin/audit", cookie("demo", signIn()), null, null);
        assertThat(advisor.statusCode()).as(advisor.body()).isEqualTo(403);
        HttpResponse<String> audit = send("GET", "/api/tenants/demo/admin/audit?limit=200", cookie("demo", adminSession), null, null);
        assertThat(audit.body()).contains("refused: not a tenant administrator").contains("/admin/plugins/assets/dead-letters/");
    }

    @Test
    void signedIn_theBrowserHoldsOnlyASessionCookie_andTheApiAnswersThroughIt() throws Exception {
        String id = signIn();
        HttpResponse<String> session = send("GET", "/portal/demo/session", cookie("demo", id), null, null);
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        var json = Json.object(session.body().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("username").asText()).isEqualTo(user);
        assertThat(json.path("roles").toString()).contains("advisor");
        assertThat(json.path("csrfToken").asText()).hasSizeGreaterThan(20);
        assertThat(json.path("brand").path("name").asText()).isEqualTo("Helvetia Private Bank Demo");
        assertThat(session.body()).as("no token reaches the browser").doesNotContain("eyJ").doesNotContain("accessToken")
                .doesNotContain("refresh");
        HttpResponse<String> me = send("GET", "/api/tenants/demo/me", cookie("demo", id), null, null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains(s.identity.userId("demo", user).orElseThrow()).contains(IdentityServer.OWNER);
        HttpResponse<String> nobody = send("GET", "/portal/demo/session", null, null, null);
        assertThat(nobody.statusCode()).isEqualTo(200);
        assertThat(nobody.body()).contains("\"signedIn\":false").contains("\"loginUrl\":\"/portal/demo/login\"")
                .contains("Helvetia Private Bank Demo").doesNotContain("csrfToken");
    }

    @Test
    void portalSessionWithoutCsrf_cannotChangeAnything() throws Exception {
        String id = signIn();
        String csrf = Json.object(send("GET", "/portal/demo/session", cookie("demo", id), null, null).body()
                .getBytes(StandardCharsets.UTF_8)).path("csrfToken").asText();
        String asset = "bff-asset-" + System.nanoTime() % 1_000_000;
        String body = "{\"assetId\":\"" + asset + "\",\"name\":\"Chalet\",\"assetClass\":\"REAL_ESTATE\",\"owner\":\""
                + IdentityServer.OWNER + "\",\"currency\":\"CHF\",\"description\":\"d\"}";
        String path = "/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset;
        HttpResponse<String> none = send("POST", path, cookie("demo", id), null, body);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
        assertThat(none.body()).contains(PortalSessions.CSRF_HEADER);
        HttpResponse<String> wrong = send("POST", path, cookie("demo", id), csrf.substring(1) + "x", body);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
        HttpResponse<String> right = send("POST", path, cookie("demo", id), csrf, body);
        assertThat(right.statusCode()).as(right.body()).isEqualTo(202);
    }

    @Test
    void sessionOfOneTenant_isNothingInAnother() throws Exception {
        String id = signIn();
        HttpResponse<String> asAlpine = send("GET", "/api/tenants/alpine/me", cookie("alpine", id), null, null);
        assertThat(asAlpine.statusCode()).as(asAlpine.body()).isEqualTo(401);
        HttpResponse<String> alpineSession = send("GET", "/portal/alpine/session", cookie("alpine", id), null, null);
        assertThat(alpineSession.body()).contains("\"signedIn\":false").doesNotContain(user);
        HttpResponse<String> forged = send("GET", "/api/tenants/demo/me", cookie("demo", id.substring(1) + "A"), null, null);
        assertThat(forged.statusCode()).as("an id that was never issued").isEqualTo(401);
    }

    @Test
    void signOut_endsTheSessionHereAndInKeycloak() throws Exception {
        String id = signIn();
        String csrf = Json.object(send("GET", "/portal/demo/session", cookie("demo", id), null, null).body()
                .getBytes(StandardCharsets.UTF_8)).path("csrfToken").asText();
        HttpResponse<String> forgedLogout = send("POST", "/portal/demo/logout", cookie("demo", id), null, null);
        assertThat(forgedLogout.statusCode()).as("a page of another site cannot sign anybody out").isEqualTo(403);
        int keycloakSessionsBefore = s.identity.portalSessionsOf("demo", user);
        assertThat(keycloakSessionsBefore).isPositive();
        HttpResponse<String> logout = send("POST", "/portal/demo/logout", cookie("demo", id), csrf, null);
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(logout.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(PortalSessions.cookieName("demo") + "=;")
                && c.contains("Max-Age=0"));
        assertThat(send("GET", "/portal/demo/session", cookie("demo", id), null, null).body()).contains("\"signedIn\":false");
        assertThat(send("GET", "/api/tenants/demo/me", cookie("demo", id), null, null).statusCode()).isEqualTo(401);
        assertThat(s.identity.portalSessionsOf("demo", user)).as("Keycloak's session ended too")
                .isEqualTo(keycloakSessionsBefore - 1);
    }

    @Test
    void loginReturnPath_staysInThisTenantsPortal() throws Exception {
        for (String evil : new String[] {"//evil.example/x", "https://evil.example/", "/portal/alpine/", "/portal/demo//evil.example",
                "/portal/demo/\\evil"}) {
            HttpResponse<String> start = send("GET", "/portal/demo/login?return=" + java.net.URLEncoder.encode(evil,
                    StandardCharsets.UTF_8), null, null, null);
            assertThat(start.statusCode()).isEqualTo(302);
            String pending = start.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mosaic_login_demo="))
                    .findFirst().orElseThrow();
            String sealed = pending.substring("mosaic_login_demo=".length(), pending.indexOf(';'));
            String json = new String(Base64.getUrlDecoder().decode(sealed.substring(0, sealed.indexOf('.'))), StandardCharsets.UTF_8);
            assertThat(json).as(evil).contains("\"return\":\"/portal/demo\"");
        }
        HttpResponse<String> fine = send("GET", "/portal/demo/login?return=%2Fportal%2Fdemo%2Fholdings%3Fowner%3Dx",
                null, null, null);
        String pending = fine.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mosaic_login_demo="))
                .findFirst().orElseThrow();
        String sealed = pending.substring("mosaic_login_demo=".length(), pending.indexOf(';'));
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.substring(0, sealed.indexOf('.'))), StandardCharsets.UTF_8))
                .contains("\"return\":\"/portal/demo/holdings?owner=x\"");
    }

    @Test
    void theAppPage_runsUnderAStrictCsp_andItsFilesStayInTheirFolder() throws Exception {
        HttpResponse<String> page = send("GET", "/portal/demo/holdings", null, null, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).isEqualTo(Portal.APP_CSP).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body()).as("no inline script or style, no style attributes")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("<style").doesNotContainPattern("\\sstyle=\"")
                .contains("<html lang=\"de\"");
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/app/assets/[^\"]+\\.js)\"").matcher(page.body());
        assertThat(script.find()).as(page.body()).isTrue();
        HttpResponse<String> js = send("GET", script.group(1), null, null, null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(s.http + script.group(1)))
                .header("Accept-Encoding", "gzip, deflate").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(js.body());
        }
        assertThat(zipped.body().length).as("the app's code travels compressed").isLessThan(js.body().length() / 2);
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(s.http + "/portal/demo/session"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.headers().firstValue("Content-Encoding")).as("answers that may hold secrets are not compressed").isEmpty();
        for (String bad : new String[] {"/app/../io/mosaic/server/Portal.class", "/app/%2e%2e/x.js", "/app/assets/.hidden.js",
                "/app/index.class"}) {
            assertThat(send("GET", bad, null, null, null).statusCode()).as(bad).isIn(400, 404);
        }
        HttpResponse<String> css = send("GET", "/portal/demo/brand.css", null, null, null);
        assertThat(css.body()).contains("--brand-primary: #0a3d62;");
    }
}
