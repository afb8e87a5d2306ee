package io.mosaic.server;

import io.mosaic.identity.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's "done when", in a real browser (Debian's Chromium driven by playwright-core,
 * {@code src/test/browser/portal-journey.mjs}): a new user of the demo tenant opens the portal, prints the
 * activation letter, enrols the photoTAN device emulator page with it, signs in with password and enrolment code,
 * signs out, and signs in again with password and photoTAN — a wrong TAN refused first. Screenshots of every step go
 * to {@code target/browser-journey/}.
 */
@ExtendWith(IdentityServer.Extension.class)
class PortalJourneyBrowserTest {
    private final IdentityServer s;

    PortalJourneyBrowserTest(IdentityServer s) {
        this.s = s;
    }

    @Test
    void newUser_enrolsTheDeviceEmulator_andSignsInWithPasswordAndPhotoTan() throws Exception {
        String user = "journey-" + System.nanoTime() % 1_000_000;
        s.identity.createUser("demo", user, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        advises(user, "family-journey"); // the portal lists the assets of the owners she advises, and only those
        String asset = "journey-chalet-" + System.nanoTime() % 1_000_000;
        registerValuedAsset(asset);

        Path shots = Path.of("target/browser-journey").toAbsolutePath();
        String output = BrowserScript.run("portal-journey.mjs", List.of(s.http, "demo", user, IdentityServer.PASSWORD,
                shots.toString()), shots.resolve("journey.log"), Duration.ofMinutes(4));

        String line = output.lines().filter(l -> l.startsWith("JOURNEY OK ")).findFirst().orElseThrow();
        var result = Json.object(line.substring("JOURNEY OK ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("brand").asText()).as("the portal in the tenant's brand").isEqualTo("Helvetia Private Bank Demo");
        assertThat(result.path("headerColour").asText()).as("primary colour #0a3d62").isEqualTo("rgb(10, 61, 98)");
        assertThat(result.path("keycloakTitle").asText()).as("Keycloak's page of the demo realm")
                .contains("Helvetia Private Bank Demo");
        assertThat(result.path("firstUsername").asText()).isEqualTo(user);
        assertThat(result.path("refreshed").asBoolean()).as("the page renewed its access token").isTrue();
        assertThat(result.path("refreshAfterSignOut").asInt()).as("a refresh token does not outlive sign-out")
                .isEqualTo(401);
        assertThat(result.path("wrongTanRefused").asBoolean()).isTrue();
        assertThat(result.path("details").asBoolean()).as("the device showed whom the login is for").isTrue();
        assertThat(result.path("secondUsername").asText()).isEqualTo(user);
        assertThat(result.path("secondAssets").asText()).as("the portal read the tenant API with the token").endsWith("assets");
        assertThat(result.path("rows").toString()).as("the asset registered through the API, its value in the bank's"
                + " locale (de-CH)").contains("Journey chalet").containsPattern("CHF.3.400.000\\.00");
    }

    private void advises(String username, String client) {
        String id = s.identity.userId("demo", username).orElseThrow();
        s.server.platform().tenant("demo").orElseThrow().subjects().assignClient(id, client, "test", "the journey's client");
    }

    /** An asset of the demo tenant with one valuation, through the API with a token of a user the server holds. */
    private void registerValuedAsset(String asset) throws Exception {
        String advisor = "seed-" + System.nanoTime() % 1_000_000;
        s.identity.createUserWithHeldDevice("demo", advisor, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        advises(advisor, "family-journey");
        String token = s.identity.login("demo", advisor, IdentityServer.PASSWORD);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String[] command : List.of(
                new String[] {"assets.RegisterAsset", "{\"assetId\":\"" + asset + "\",\"name\":\"Journey chalet\","
                        + "\"assetClass\":\"REAL_ESTATE\",\"owner\":\"family-journey\",\"currency\":\"CHF\","
                        + "\"description\":\"d\"}"},
                new String[] {"assets.RecordValuation", "{\"assetId\":\"" + asset + "\",\"valuationId\":\"v1\","
                        + "\"amount\":\"3400000.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-12-31\","
                        + "\"method\":\"APPRAISAL\",\"appraiser\":\"\"}"})) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.http
                            + "/api/tenants/demo/commands/" + command[0] + "?entity=" + asset))
                    .header("Authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(command[1])).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.http
                        + "/api/tenants/demo/queries/assets/assets?owner=family-journey"))
                        .header("Authorization", "Bearer " + token).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().contains("3400000.00"));
    }
}
