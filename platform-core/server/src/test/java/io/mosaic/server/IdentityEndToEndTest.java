package io.mosaic.server;

import io.mosaic.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant API behind real Keycloak logins: a token of the tenant's realm is required, another tenant's token is
 * refused, and the token's subject is the subject of the envelopes the request causes.
 */
class IdentityEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;
    static String demoToken;
    static String alpineToken;

    @BeforeAll
    static void start() {
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false, java.util.Map.of(), false, true));
        base = "http://127.0.0.1:" + server.port();
        Identity identity = server.identity().orElseThrow();
        // demo asks for a password and a photoTAN: ida's device is an emulator the server holds
        identity.createUserWithHeldDevice("demo", "ida", "ida-password-1", Set.of(Role.ADVISOR));
        IdentityServer.seesTestOwner(server, identity, "demo", "ida");
        demoToken = identity.login("demo", "ida", "ida-password-1");
        // alpine requires three factors for clients; a token of its realm is only needed here to be refused by demo
        identity.createUser("alpine", "otto", "otto-password-1", Set.of(Role.ADVISOR));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutToken_orWithAnotherTenantsToken_orAForgedOne_theApiRefuses() throws Exception {
        HttpResponse<String> none = get("/api/tenants/demo/queries/assets/assets", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(get("/api/tenants/alpine/queries/assets/assets", demoToken).statusCode()).isEqualTo(401);
        String forged = demoToken.substring(0, demoToken.lastIndexOf('.') + 1) + "AAAA" + demoToken.substring(demoToken.lastIndexOf('.') + 5);
        assertThat(get("/api/tenants/demo/queries/assets/assets", forged).statusCode()).isEqualTo(401);
        assertThat(get("/api/tenants/demo/queries/assets/assets?owner=" + IdentityServer.OWNER, demoToken).statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutDemo_theDevelopmentRoutesDoNotExist() throws Exception {
        // this server runs without --demo: no token for the asking, no activation letters, no held certificates
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/dev/tenants/demo/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ida\",\"password\":\"ida-password-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(404);
        HttpResponse<String> letter = http.send(HttpRequest.newBuilder(URI.create(base
                + "/admin/dev/tenants/demo/users/ida/activation-letter")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(letter.statusCode()).isEqualTo(404);
        assertThat(get("/portal/demo/session", null).body()).as("the sign-in page offers no activation letter")
                .contains("\"activationLetter\":false");
    }

    @Test
    void thePortalPages_runUnderAStrictCsp_withANonceOfTheirOwnPerResponse() throws Exception {
        for (String path : new String[] {"/device"}) { // the portal app's page: PortalSessionEndToEndTest
            HttpResponse<String> first = get(path, null);
            HttpResponse<String> second = get(path, null);
            String csp = first.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).as(path).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval")
                    .contains("object-src 'none'").contains("base-uri 'none'").contains("frame-ancestors 'none'");
            java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("script-src 'nonce-([A-Za-z0-9_-]{20,})'").matcher(csp);
            assertThat(nonce.find()).as(path + ": " + csp).isTrue();
            // every script and style element of the page carries this response's nonce; no style or event attributes
            assertThat(first.body()).as(path).doesNotContainPattern("<script(?![^>]*nonce=\"" + nonce.group(1) + "\")")
                    .doesNotContainPattern("<style(?![^>]*nonce=\"" + nonce.group(1) + "\")")
                    .doesNotContainPattern("\\sstyle=\"").doesNotContainPattern("\\son[a-z]+=\"");
            assertThat(second.headers().firstValue("Content-Security-Policy").orElseThrow()).as("a new nonce per response")
                    .isNotEqualTo(csp);
        }
    }

    @Test
    void theTokensSubject_isTheSubjectOfTheEnvelopes() throws Exception {
        String sub = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(demoToken.split("\\.")[1])).path("sub").asText();
        assertThat(sub).isNotBlank();
        String asset = "id-" + UUID.randomUUID();
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events", demoToken)) {
            await().atMost(Duration.ofSeconds(10)).until(live::isOpen);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset))
                    .header("Authorization", "Bearer " + demoToken)
                    .header("X-Mosaic-Subject", "somebody-else")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"assetId\":\"" + asset + "\",\"name\":\"Logged in\","
                            + "\"assetClass\":\"ART\",\"owner\":\"" + IdentityServer.OWNER + "\",\"currency\":\"CHF\",\"description\":\"d\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> live.ofType("assets.AssetRegistered").stream()
                    .anyMatch(e -> asset.equals(e.path("entity").asText())));
            assertThat(live.ofType("assets.AssetRegistered")).filteredOn(e -> asset.equals(e.path("entity").asText()))
                    .allSatisfy(e -> assertThat(e.path("subject").asText()).isEqualTo(sub));
        }
    }

    @Test
    void streamEndsWhenTokenExpires() throws Exception {
        Identity identity = server.identity().orElseThrow();
        identity.accessTokenLifespan("demo", Duration.ofSeconds(8));
        String shortLived;
        try {
            shortLived = identity.login("demo", "ida", "ida-password-1");
        } finally {
            identity.accessTokenLifespan("demo", Duration.ofMinutes(5));
        }
        long exp = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(shortLived.split("\\.")[1])).path("exp").asLong();
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events", shortLived)) {
            await().atMost(Duration.ofSeconds(10)).until(live::isOpen);
            await().atMost(Duration.ofSeconds(30)).until(live::endedByServer);
            assertThat(java.time.Instant.now().getEpochSecond()).as("not before the token's expiry").isGreaterThanOrEqualTo(exp);
            assertThat(live.ofType("stream-closed")).singleElement()
                    .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("the token expired"));
        }
    }

    @Test
    void loginStartedInAnotherBrowser_isRefusedAtTheCallback() throws Exception {
        HttpClient attacker = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> start = attacker.send(HttpRequest.newBuilder(URI.create(base + "/portal/demo/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        String cookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("mosaic_login_demo=").contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/portal/demo/callback");
        String state = java.util.regex.Pattern.compile("[?&]state=([^&]+)").matcher(start.headers()
                .firstValue("Location").orElseThrow()).results().findFirst().orElseThrow().group(1);
        String callback = base + "/portal/demo/callback?state=" + state + "&code=the-attackers-code";

        // login CSRF: the victim's browser, sent to the callback with the attacker's state, has no such login
        HttpResponse<String> victim = http.send(HttpRequest.newBuilder(URI.create(callback)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(victim.statusCode()).as(victim.body()).isEqualTo(400);
        assertThat(victim.body()).contains("did not start in this browser");
        // a cookie changed by hand, or the right cookie with another state, is refused as well
        String value = cookie.substring("mosaic_login_demo=".length(), cookie.indexOf(';'));
        String tampered = value.substring(0, 10) + (value.charAt(10) == 'A' ? 'B' : 'A') + value.substring(11);
        for (String[] attempt : new String[][] {{tampered, state}, {value, "another-state"}}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/demo/callback?state="
                            + attempt[1] + "&code=c")).header("Cookie", "mosaic_login_demo=" + attempt[0]).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        }
    }

    @Test
    void startedLogins_keepNothingOnTheServer_soNoNumberOfThemBlocksASignIn() throws Exception {
        // more than the 10,000 pending logins an in-memory table would hold
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                threads.submit(() -> {
                    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                    for (int i = 0; i < 1_260; i++) {
                        if (client.send(HttpRequest.newBuilder(URI.create(base + "/portal/demo/login")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 302) {
                            started.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        assertThat(started.get()).isEqualTo(10_080);
        HttpResponse<String> mine = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/demo/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(302);
    }
}
