package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PublisherKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two example apps through the real path: a publisher signs and submits esg-screening and
 * tax-lots, the operator approves them and offers them to the demo bank, whose administrator installs both with
 * consent; then two MT535 statements of holdings flow from custody through the gate to both apps.
 */
class ExampleAppsEndToEndTest {
    static final String OWNER = "e2e-keller";
    static final String ACCOUNT = "E2E-535-01";
    static final String WEAPONS = "XS0000000017"; // on esg-screening's built-in list as controversial-weapons

    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = TestServers.start(data, false);
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return TestServers.send(http, base, method, path, "operator-olga", json);
    }

    static JsonNode query(String path) throws Exception {
        return TestServers.demoQuery(http, base, path);
    }

    static Path appJar(String app) throws Exception {
        Path dir = PlatformEndToEndTest.ROOT.resolve("plugins/apps/" + app + "/target");
        String name = "mosaic-plugin-" + app;
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches(name + "-[^-]+-SNAPSHOT\\.jar|" + name + "-[0-9.]+\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    /** Signs, submits, approves, offers to demo and installs one app with consent; answers its version. */
    static String publishAndInstall(String app, PackageSigner signer) throws Exception {
        Path jar = Files.copy(appJar(app), data.resolve(app + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        Path signature = signer.sign(jar);
        HttpResponse<String> submitted = send("POST", "/admin/marketplace/submissions", Json.text(Json.obj()
                .put("jar", jar.toString()).put("signature", signature.toString())));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String version = Json.MAPPER.readTree(submitted.body()).path("version").path("version").asText();
        String versionPath = "/marketplace/apps/" + app + "/versions/" + version;

        assertThat(send("GET", "/admin/tenants/demo" + versionPath + "/consent", null).statusCode())
                .as("not installable before approval").isEqualTo(409);
        assertThat(send("POST", "/admin" + versionPath + "/approve", "{\"note\":\"scopes match what the app does\"}")
                .statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/admin" + versionPath + "/offer", "{\"tenants\":[\"demo\"]}").statusCode()).isEqualTo(200);

        JsonNode consent = Json.MAPPER.readTree(send("GET", "/admin/tenants/demo" + versionPath + "/consent", null).body());
        assertThat(consent.path("scopes")).singleElement().satisfies(scope -> {
            assertThat(scope.path("scope").asText()).isEqualTo("custody.holdings.read");
            assertThat(scope.path("reason").asText()).isNotBlank();
        });
        assertThat(consent.path("consumes").toString()).contains("custody.HoldingValued");

        HttpResponse<String> installed = send("POST", "/admin/tenants/demo/marketplace/install", Json.text(Json.obj()
                .put("app", app).put("version", version)
                .set("consent", Json.MAPPER.createArrayNode().add("custody.holdings.read"))));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(installed.body()).contains("custody.holdings.read");
        return version;
    }

    /** A complete MT535 statement of holdings (one page) of the test account. */
    static String mt535(String date, String reference, String weaponsQuantity, String weaponsPrice, String weaponsValue) {
        return "{1:F01ALPECHZZAXXX0000000000}{2:O5350700" + date.substring(2) + "ALPECHZZAXXX00000000002404020700N}{4:\n"
                + ":16R:GENL\n:28E:1/ONLY\n:20C::SEME//" + reference + "\n:23G:NEWM\n:98A::STAT//" + date + "\n"
                + ":22F::SFRE//MNTH\n:22F::CODE//COMP\n:22F::STTY//CUST\n:22F::STBA//SETT\n:97A::SAFE//" + ACCOUNT + "\n"
                + ":17B::ACTI//Y\n:17B::CONS//N\n:16S:GENL\n:16R:SUBSAFE\n"
                + ":16R:FIN\n:35B:ISIN " + WEAPONS + "\nACME ORDNANCE SA\n:16R:FIA\n:12C::CLAS//ESVUFR\n:16S:FIA\n"
                + ":90B::MRKT//ACTU/CHF" + weaponsPrice + ",\n:93B::AGGR//UNIT/" + weaponsQuantity + ",\n"
                + ":19A::HOLD//CHF" + weaponsValue + ",\n:16S:FIN\n"
                + ":16R:FIN\n:35B:ISIN XS0000000041\nEXAMPLE GREEN POWER SA\n:16R:FIA\n:12C::CLAS//ESVUFR\n:16S:FIA\n"
                + ":90B::MRKT//ACTU/CHF25,\n:93B::AGGR//UNIT/300,\n:19A::HOLD//CHF7500,\n:16S:FIN\n"
                + ":16R:FIN\n:35B:ISIN US0378331005\nAPPLE INC\n"
                + ":90B::MRKT//ACTU/USD171,48\n:93B::AGGR//UNIT/250,\n:19A::HOLD//USD42870,\n:16S:FIN\n"
                + ":16S:SUBSAFE\n-}\n";
    }

    static void importStatement(String importId, String fileName, String content) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/tenants/demo/commands/custody.ImportStatement?entity=" + URLEncoder.encode(OWNER, StandardCharsets.UTF_8)))
                .header("X-Mosaic-Subject", "bank-feed-e2e")
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(Json.obj().put("importId", importId)
                        .put("fileName", fileName).put("format", "MT535").put("content", content).put("ownerId", OWNER)
                        .put("custodian", "Alpen Custody AG")))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @Test
    void bothAppsSignedReviewedInstalled_thenAStatementLeadsToAnExclusionAndATaxLotEstimate() throws Exception {
        PublisherKeys keys = PublisherKeys.generate("Mosaic examples", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));
        assertThat(send("POST", "/admin/marketplace/publishers", Json.text(Json.obj().put("name", "Mosaic examples")
                .put("certificatePem", MarketplaceApi.pem(keys)))).statusCode()).isEqualTo(201);
        PackageSigner signer = new PackageSigner(keys);
        String esgVersion = publishAndInstall("esg-screening", signer);
        String taxVersion = publishAndInstall("tax-lots", signer);
        assertThat(send("GET", "/admin/tenants/demo/plugins", null).body()).contains("esg-screening", "tax-lots");

        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(10)).until(live::isOpen);
            // March: 100 ACME ORDNANCE @ 50 = 5,000 CHF, 300 GREEN POWER @ 25 = 7,500 CHF, 250 APPLE = 42,870 USD
            importStatement("e2e-535-03", "alpen-535-2024-03.txt", mt535("20240331", "E2E535MAR", "100", "50", "5000"));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(live.ofType("esg-screening.ExclusionFound"))
                    .as("live events: %s", live.events().stream().map(e -> e.path("type").asText()).toList())
                    .singleElement().satisfies(e -> {
                        assertThat(e.path("payload").path("ownerId").asText()).isEqualTo(OWNER);
                        assertThat(e.path("payload").path("instrumentId").asText()).isEqualTo(WEAPONS);
                        assertThat(e.path("payload").path("category").asText()).isEqualTo("controversial-weapons");
                        assertThat(new BigDecimal(e.path("payload").path("marketValue").asText())).isEqualByComparingTo("5000");
                    }));
            // 5,000 of 12,500 CHF excluded = 0.4000; the USD bucket (Apple) is wholly unrated
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode report = query("esg-screening/report?owner=" + OWNER);
                assertThat(report.path("currencies")).as(report.toString()).hasSize(2);
                JsonNode chf = report.path("currencies").get(0);
                assertThat(chf.path("currency").asText()).isEqualTo("CHF");
                assertThat(new BigDecimal(chf.path("excludedShare").asText())).isEqualByComparingTo("0.4");
                assertThat(new BigDecimal(chf.path("excludedShareByCategory").path("controversial-weapons").asText()))
                        .isEqualByComparingTo("0.4");
                assertThat(new BigDecimal(report.path("currencies").get(1).path("unratedShare").asText())).isEqualByComparingTo("1");
                assertThat(report.path("excluded").get(0).path("instrumentId").asText()).isEqualTo(WEAPONS);
            });

            // April: 40 sold, 60 left @ 60 = 3,600 CHF
            importStatement("e2e-535-04", "alpen-535-2024-04.txt", mt535("20240430", "E2E535APR", "60", "60", "3600"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode estimate = query("tax-lots/estimate?method=FIFO&owner=" + OWNER);
                JsonNode weapons = holding(estimate, ACCOUNT + ":" + WEAPONS);
                assertThat(weapons.path("currency").asText()).as(estimate.toString()).isEqualTo("CHF");
                // realised 40 × (60 − 50) = 400.00; unrealised 60 × (60 − 50) = 600.00
                assertThat(weapons.path("realisedGain").asText()).isEqualTo("400.00");
                assertThat(weapons.path("unrealisedGain").asText()).isEqualTo("600.00");
                assertThat(weapons.path("openLots").get(0).path("openedOn").asText()).isEqualTo("2024-03-31");
                assertThat(estimate.path("disclaimer").asText()).contains("not tax advice");
            });
            // still listed after the sale: no second exclusion; its share is 3,600 / 11,100 = 0.3243
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode after = query("esg-screening/report?owner=" + OWNER);
                assertThat(new BigDecimal(after.path("currencies").path(0).path("excludedShare").asText("0")))
                        .as(after.toString()).isEqualByComparingTo("0.3243");
            });
            assertThat(live.ofType("esg-screening.ExclusionFound")).hasSize(1);
        }
        assertThat(send("GET", "/admin/marketplace/apps/esg-screening/versions", null).body()).contains(esgVersion);
        assertThat(send("GET", "/admin/marketplace/apps/tax-lots/versions", null).body()).contains(taxVersion);
    }

    static JsonNode holding(JsonNode estimate, String holdingId) {
        for (JsonNode h : estimate.path("holdings")) {
            if (holdingId.equals(h.path("holdingId").asText())) {
                return h;
            }
        }
        return Json.obj();
    }
}
