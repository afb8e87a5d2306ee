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
 * A new user's journey through the portal app in a real browser (Debian's Chromium driven by playwright-core,
 * {@code src/test/browser/portal-journey.mjs}): the activation letter on the sign-in page, the photoTAN device emulator
 * page enrolled with it, the first sign-in with password and enrolment code, the family's net worth checked to the
 * cent against the consolidation domain's answer, the figure moving live when a valuation is recorded through the
 * API, every view, sign-out, the second sign-in with a wrong TAN refused first, and the overview at a phone's width.
 * Every page is checked for CSP violations, console errors and serious accessibility findings (axe). Screenshots of
 * every step go to {@code target/browser-journey/}.
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
        advises(user, "family-journey"); // the portal shows the owners she advises, and only those
        advises(user, "family-muster"); // the demo's family office
        String asset = "journey-chalet-" + System.nanoTime() % 1_000_000;
        registerValuedAsset(asset);

        Path shots = Path.of("target/browser-journey").toAbsolutePath();
        String output = BrowserScript.run("portal-journey.mjs", List.of(s.http, "demo", user, IdentityServer.PASSWORD,
                "family-journey", asset, shots.toString()), shots.resolve("journey.log"), Duration.ofMinutes(5));

        String line = output.lines().filter(l -> l.startsWith("JOURNEY OK ")).findFirst().orElseThrow();
        var result = Json.object(line.substring("JOURNEY OK ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("brand").asText()).as("the portal in the tenant's brand").isEqualTo("Helvetia Private Bank Demo");
        assertThat(result.path("logoLoaded").asBoolean()).as("the bank's logo is shown").isTrue();
        assertThat(result.path("headerColour").asText()).as("primary colour #0a3d62").isEqualTo("rgb(10, 61, 98)");
        assertThat(result.path("keycloakTitle").asText()).as("Keycloak's page of the demo realm")
                .contains("Helvetia Private Bank Demo");
        assertThat(result.path("firstUsername").asText()).isEqualTo(user);
        assertThat(result.path("storage").asText()).as("no token in the page's storage or readable cookies")
                .doesNotContain("eyJ").doesNotContain("mosaic_session");
        assertThat(result.path("netWorth").path("shown").asText()).as("the chalet's valuation, as the domain answers it")
                .isEqualTo(result.path("netWorth").path("answered").asText()).startsWith("3400000");
        assertThat(result.path("netWorth").path("text").asText()).as("formatted in the bank's region")
                .containsPattern("CHF.3.400.000\\.00");
        assertThat(result.path("live").path("after").asText()).as("moved live by the new valuation").startsWith("3650000");
        assertThat(result.path("live").path("reloads").asInt()).isZero();
        assertThat(result.path("timeTravel").path("shown").asText()).as("as of yesterday: before the new valuation")
                .isEqualTo(result.path("timeTravel").path("answered").asText()).startsWith("3400000");
        assertThat(result.path("timeTravel").path("reproduced").asText()).as("the link reproduces the view")
                .isEqualTo(result.path("timeTravel").path("shown").asText());
        assertThat(result.path("timeTravel").path("url").asText()).contains("asOf=");
        assertThat(result.path("owners").toString()).as("the owners she advises, and only those")
                .isEqualTo("[\"family-journey\",\"family-muster\"]");
        assertThat(result.path("refusalShown").asBoolean()).as("a refused owner is said as such").isTrue();
        assertThat(result.path("otherTenant").asInt()).as("the session means nothing at another bank").isEqualTo(401);
        assertThat(result.path("views").size()).isEqualTo(4);
        assertThat(result.path("importGood").path("closing").toString()).as("the imported statement's balances")
                .contains("104500.00").contains("100000.00");
        assertThat(result.path("importBroken").path("status").asText()).contains("nothing was imported");
        assertThat(result.path("importBroken").path("problems").toString()).as("the problem, with its line")
                .contains("line").contains("journey-2026-12.csv");
        assertThat(result.path("muster").path("shown").asText()).as("the family office's net worth, as consolidation answers it")
                .isEqualTo(result.path("muster").path("answered").asText()).isNotBlank();
        assertThat(result.path("muster").path("nodes").asInt()).as("the family, two persons, their holding").isGreaterThanOrEqualTo(4);
        assertThat(result.path("sessionAfterSignOut").asBoolean()).as("sign-out ends the session").isFalse();
        assertThat(result.path("wrongTanRefused").asBoolean()).isTrue();
        assertThat(result.path("details").asBoolean()).as("the device showed whom the login is for").isTrue();
        assertThat(result.path("secondUsername").asText()).isEqualTo(user);
        assertThat(result.path("axe").size()).as("axe ran on every page").isGreaterThanOrEqualTo(7);
    }

    @Test
    void familyMember_seesOnlyWhatWasShared_readOnly() throws Exception {
        String member = "member-" + System.nanoTime() % 1_000_000;
        s.identity.createUserWithHeldDevice("demo", member, IdentityServer.PASSWORD, Set.of(Role.FAMILY_MEMBER));
        String id = s.identity.userId("demo", member).orElseThrow();
        s.server.platform().tenant("demo").orElseThrow().subjects().share("family-muster", id, "test",
                "a client shares the family office with a family member");
        String cookie = s.identity.portalSession(java.net.URI.create(s.http), "demo", member, IdentityServer.PASSWORD);

        Path shots = Path.of("target/browser-journey").toAbsolutePath();
        String output = BrowserScript.run("family-member.mjs", List.of(s.http, "demo", cookie, "family-muster",
                "family-journey", shots.toString()), shots.resolve("family-member.log"), Duration.ofMinutes(3));
        String line = output.lines().filter(l -> l.startsWith("FAMILY OK ")).findFirst().orElseThrow();
        var result = Json.object(line.substring("FAMILY OK ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("owners").toString()).as("only what was shared").isEqualTo("[\"family-muster\"]");
        assertThat(result.path("shown").asText()).as("to the cent as consolidation answers it")
                .isEqualTo(result.path("answered").asText()).isNotBlank();
        assertThat(result.path("otherRefused").asBoolean()).isTrue();
        assertThat(result.path("importStatus").asText()).as("family members send no commands")
                .contains("was not sent").containsIgnoringCase("read-only");
    }

    @Test
    void tenantAdministrator_seesTheConsole_auditChainAndDeadLetters() throws Exception {
        String admin = "bank-admin-" + System.nanoTime() % 1_000_000;
        s.identity.createUserWithHeldDevice("demo", admin, IdentityServer.PASSWORD, Set.of(Role.TENANT_ADMIN));
        String cookie = s.identity.portalSession(java.net.URI.create(s.http), "demo", admin, IdentityServer.PASSWORD);
        Path shots = Path.of("target/browser-journey").toAbsolutePath();
        String output = BrowserScript.run("console.mjs", List.of(s.http, "demo", cookie, shots.toString()),
                shots.resolve("console.log"), Duration.ofMinutes(3));
        String line = output.lines().filter(l -> l.startsWith("CONSOLE OK ")).findFirst().orElseThrow();
        var result = Json.object(line.substring("CONSOLE OK ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("chainIntact").asBoolean()).as("the audit chain shown intact").isTrue();
        assertThat(result.path("rows").asInt()).as("audit records shown").isPositive();
        assertThat(result.path("plugins").toString()).contains("\"assets\"");
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
                new String[] {"structures.RegisterParty", "{\"partyId\":\"family-journey\",\"kind\":\"FAMILY\","
                        + "\"name\":\"Familie Journey\",\"jurisdiction\":\"CH\"}", "family-journey"},
                new String[] {"assets.RegisterAsset", "{\"assetId\":\"" + asset + "\",\"name\":\"Journey chalet\","
                        + "\"assetClass\":\"REAL_ESTATE\",\"owner\":\"family-journey\",\"currency\":\"CHF\","
                        + "\"description\":\"d\"}", asset},
                new String[] {"assets.RecordValuation", "{\"assetId\":\"" + asset + "\",\"valuationId\":\"v1\","
                        + "\"amount\":\"3400000.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-12-31\","
                        + "\"method\":\"APPRAISAL\",\"appraiser\":\"\"}", asset})) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.http
                            + "/api/tenants/demo/commands/" + command[0] + "?entity=" + command[2]))
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
