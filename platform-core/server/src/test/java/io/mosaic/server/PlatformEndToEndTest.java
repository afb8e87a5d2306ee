package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform end to end over HTTP, on its embedded default, with the real plugin jars and both tenant descriptors
 * of {@code tenant-config/tenants}. One server for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndTest {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final String SECRET_NAME = "Villa Sonnenhang Geheimwert";
    static final String SECRET_APPRAISER = "Appraiser Zwetschgenbaum";

    @TempDir
    static Path data;
    static MosaicServer server;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() {
        server = MosaicServer.start(new ServerOptions(data, ROOT.resolve("tenant-config/tenants"),
                List.of(ROOT.resolve("plugins")), 0, false));
        server.platform().tenants().values().forEach(TestServers::admins);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject", "admin-test")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject", "admin-test").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    static void register(String tenant, String assetId, String name, String currency) throws Exception {
        String body = Json.text(Json.obj().put("assetId", assetId).put("name", name).put("assetClass", "REAL_ESTATE")
                .put("owner", "family-test").put("currency", currency).put("description", "end-to-end test asset"));
        HttpResponse<String> r = post("/api/tenants/" + tenant + "/commands/assets.RegisterAsset?entity=" + assetId, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    static void value(String tenant, String assetId, String valuationId, String amount, String currency, String date)
            throws Exception {
        String body = Json.text(Json.obj().put("assetId", assetId).put("valuationId", valuationId).put("amount", amount)
                .put("currency", currency).put("valuationDate", date).put("method", "APPRAISAL").put("appraiser", SECRET_APPRAISER));
        HttpResponse<String> r = post("/api/tenants/" + tenant + "/commands/assets.RecordValuation?entity=" + assetId, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @Test
    @Order(1)
    void registerValueTwiceWithDrop_alertArrivesOnTheLiveStream() throws Exception {
        String asset = "e2e-" + UUID.randomUUID();
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(10)).until(live::isOpen);
            register("demo", asset, SECRET_NAME, "CHF");
            value("demo", asset, "v1", "1000000.00", "CHF", "2025-06-30");
            value("demo", asset, "v2", "700000.00", "CHF", "2025-12-31");

            await().atMost(Duration.ofSeconds(20)).until(() -> !live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .filter(e -> asset.equals(e.path("entity").asText())).toList().isEmpty());
            JsonNode alert = live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .filter(e -> asset.equals(e.path("entity").asText())).findFirst().orElseThrow();
            assertThat(alert.path("sender").asText()).startsWith("valuation-alerts@");
            assertThat(new BigDecimal(alert.path("payload").path("dropShare").asText())).isEqualByComparingTo("0.30");
            assertThat(alert.path("payload").path("valuationId").asText()).isEqualTo("v2");
            assertThat(live.ofType("assets.ValuationRecorded")).extracting(e -> e.path("entity").asText()).contains(asset);
        }
        HttpResponse<String> r = get("/api/tenants/demo/queries/assets/asset?id=" + asset);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode details = json(r);
        assertThat(details.path("name").asText()).isEqualTo(SECRET_NAME);
        assertThat(new BigDecimal(details.path("currentValue").path("amount").asText())).isEqualByComparingTo("700000");
        assertThat(details.path("valuations")).hasSize(2);
    }

    @Test
    @Order(2)
    void twoTenants_seeNothingOfEachOther() throws Exception {
        String asset = "alp-" + UUID.randomUUID();
        try (LiveStream demo = new LiveStream(http, base + "/api/tenants/demo/events");
             LiveStream alpine = new LiveStream(http, base + "/api/tenants/alpine/events")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> demo.isOpen() && alpine.isOpen());
            register("alpine", asset, "Alpine Only Asset", "EUR");
            value("alpine", asset, "a1", "500.00", "EUR", "2025-01-31");
            value("alpine", asset, "a2", "100.00", "EUR", "2025-02-28");
            await().atMost(Duration.ofSeconds(20)).until(() -> alpine.ofType("valuation-alerts.ValueDropAlert").stream()
                    .anyMatch(e -> asset.equals(e.path("entity").asText())));
            // the demo stream carried on (it is open and got its own heartbeat), but nothing of alpine's asset
            assertThat(demo.events()).noneMatch(e -> asset.equals(e.path("entity").asText()));
            assertThat(demo.events()).allMatch(e -> "demo".equals(e.path("tenant").asText()));
        }
        // REST: alpine sees its asset, demo does not
        assertThat(get("/api/tenants/alpine/queries/assets/asset?id=" + asset).statusCode()).isEqualTo(200);
        assertThat(get("/api/tenants/demo/queries/assets/asset?id=" + asset).statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/demo/queries/assets/assets").body()).doesNotContain(asset);
        assertThat(get("/api/tenants/alpine/queries/assets/assets").body()).contains(asset);
        // journal: the stream exists under alpine only
        var journal = server.platform().journal();
        assertThat(journal.read("alpine", "assets/asset|" + asset, 1)).isNotEmpty();
        assertThat(journal.read("demo", "assets/asset|" + asset, 1)).isEmpty();
        // the alert app of demo never processed alpine's valuations
        assertThat(json(get("/api/tenants/demo/queries/valuation-alerts/processed?assetId=" + asset))).isEmpty();
        assertThat(json(get("/api/tenants/alpine/queries/valuation-alerts/processed?assetId=" + asset)))
                .extracting(JsonNode::asText).containsExactly("a1", "a2");
        // unknown tenant
        assertThat(get("/api/tenants/nobody/queries/assets/assets").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void badInput_isAnsweredWithAClearError() throws Exception {
        HttpResponse<String> notJson = post("/api/tenants/demo/commands/assets.RegisterAsset?entity=x", "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).path("error").asText()).contains("not JSON");
        HttpResponse<String> unknownType = post("/api/tenants/demo/commands/assets.SellEverything", "{}");
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(json(unknownType).path("error").asText()).contains("assets.SellEverything");
    }

    @Test
    @Order(3)
    void malformedCommand_is400_namingEachFieldAndTheFormExpected_andNothingIsSent() throws Exception {
        String asset = "e2e-" + UUID.randomUUID();
        register("demo", asset, "Malformed target", "CHF");
        // a decimal that is not one, a date in another format, an unknown method, a typo'd extra field, no currency
        String body = "{\"assetId\":\"" + asset + "\",\"valuationId\":\"v1\",\"amount\":\"12,5\","
                + "\"valuationDate\":\"31.12.2025\",\"method\":\"GUESS\",\"amout\":\"1\"}";
        HttpResponse<String> r = post("/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(r);
        assertThat(problem.path("command").asText()).isEqualTo("assets.RecordValuation");
        assertThat(problem.path("errors")).extracting(e -> e.path("path").asText())
                .contains("$.amount", "$.valuationDate", "$.method", "$.amout", "$.currency");
        JsonNode amount = Stream.of(problem.path("errors")).flatMap(n -> java.util.stream.StreamSupport.stream(n.spliterator(), false))
                .filter(e -> e.path("path").asText().equals("$.amount")).findFirst().orElseThrow();
        assertThat(amount.path("problem").asText()).contains("pattern");
        // a duplicate field (read one way by a gate, another by a domain) is refused as well
        HttpResponse<String> twice = post("/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset,
                "{\"assetId\":\"" + asset + "\",\"amount\":\"1\",\"amount\":\"2\"}");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(json(twice).path("detail").asText()).contains("amount");
        // nothing of the refused commands reached the domain: the asset has no valuation
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/tenants/demo/queries/assets/asset?id=" + asset).statusCode() == 200);
        assertThat(json(get("/api/tenants/demo/queries/assets/asset?id=" + asset)).path("valuations")).isEmpty();
        // the same command well formed (amount as a JSON number is read exactly as well) is accepted
        HttpResponse<String> ok = post("/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset,
                "{\"assetId\":\"" + asset + "\",\"valuationId\":\"v1\",\"amount\":1234567.05,\"currency\":\"CHF\","
                        + "\"valuationDate\":\"2025-12-31\",\"method\":\"APPRAISAL\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(get("/api/tenants/demo/queries/assets/asset?id=" + asset))
                .path("valuations").size() == 1);
        assertThat(json(get("/api/tenants/demo/queries/assets/asset?id=" + asset)).path("currentValue").path("amount").asText())
                .isEqualTo("1234567.05");
    }

    @Test
    @Order(3)
    void statementImportOfAnUnknownFormatOrWithoutItsFile_isRefusedAtOnce_inWords() throws Exception {
        HttpResponse<String> pdf = post("/api/tenants/demo/commands/custody.ImportStatement?entity=family-test",
                "{\"importId\":\"imp-pdf-1\",\"fileName\":\"statement.pdf\",\"format\":\"PDF\","
                        + "\"ownerId\":\"family-test\"}");
        assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(400);
        JsonNode problem = json(pdf);
        assertThat(problem.path("errors")).extracting(e -> e.path("path").asText()).contains("$.format", "$.content");
        assertThat(problem.path("errors").toString()).contains("CAMT053").doesNotContain("Exception");
        HttpResponse<String> unreadable = post("/api/tenants/demo/commands/custody.ImportStatement", "[\"not an object\"]");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(json(unreadable).path("detail").asText()).contains("must be a JSON object");
    }

    @Test
    @Order(3)
    void commandOutcome_isFollowedWithoutTheStream_doneRejectedAndOnlyForItsSender() throws Exception {
        String asset = "e2e-" + UUID.randomUUID();
        String body = Json.text(Json.obj().put("assetId", asset).put("name", "Outcome villa").put("assetClass", "REAL_ESTATE")
                .put("owner", "family-test").put("currency", "CHF"));
        HttpResponse<String> accepted = post("/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset, body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String outcome = json(accepted).path("outcome").asText();
        assertThat(accepted.headers().firstValue("Location")).hasValue(outcome);
        assertThat(outcome).isEqualTo("/api/tenants/demo/commands/" + json(accepted).path("envelopeId").asText());

        await().atMost(Duration.ofSeconds(10)).until(() -> !json(get(outcome)).path("state").asText().equals("pending"));
        JsonNode done = json(get(outcome));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("events")).extracting(e -> e.path("type").asText()).containsExactly("assets.AssetRegistered");
        assertThat(done.path("events").get(0).path("entity").asText()).isEqualTo(asset);
        assertThat(done.has("decidedAt")).isTrue();

        // the same asset again: the domain refuses it, and says why
        HttpResponse<String> again = post("/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset, body);
        String second = json(again).path("outcome").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !json(get(second)).path("state").asText().equals("pending"));
        JsonNode rejected = json(get(second));
        assertThat(rejected.path("state").asText()).as(rejected.toString()).isEqualTo("rejected");
        assertThat(rejected.path("reason").asText()).contains("already registered");

        // another person, another tenant, an unknown id: 404 alike; not an id: 400
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + outcome))
                .header("X-Mosaic-Subject", "someone-else").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("AssetRegistered");
        assertThat(get(outcome.replace("/demo/", "/alpine/")).statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/demo/commands/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get("/api/tenants/demo/commands/not-a-uuid").statusCode()).isEqualTo(400);

        // refused by the gate at once: 403, and the outcome says denied with the rule, for its sender only
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset + "-x"))
                .header("X-Mosaic-Subject", "nobody-with-a-role").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace(asset, asset + "-x"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        String deniedAt = json(refused).path("outcome").asText();
        assertThat(deniedAt).startsWith("/api/tenants/demo/commands/");
        JsonNode denied = json(http.send(HttpRequest.newBuilder(URI.create(base + deniedAt))
                .header("X-Mosaic-Subject", "nobody-with-a-role").GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(denied.path("state").asText()).as(denied.toString()).isEqualTo("denied");
        assertThat(denied.path("rule").asText()).isNotBlank();
        assertThat(denied.path("events")).isEmpty();
        assertThat(get(deniedAt).statusCode()).as("another person").isEqualTo(404);
    }

    @Test
    @Order(4)
    void apiDescription_documentsEveryRegisteredRoute_andNothingElse_andAValidatorAcceptsIt() throws Exception {
        HttpResponse<String> r = get("/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(ApiContract.documented(doc, "loopback", false, false))
                .as("documented routes of the loopback listener (without --demo, without identity)")
                .isEqualTo(ApiContract.registered(server.routes().get("loopback")));
        assertThat(ApiContract.problems(r.body())).as("OpenAPI validator").isEmpty();
        HttpResponse<String> yaml = get("/openapi?format=yaml");
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(ApiContract.problems(yaml.body())).isEmpty();
        // without any credential, as a client generator fetches it
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/openapi")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void tenantsApiDescription_hasAPathAndTheSchemaOfEachCommandOfItsDomains() throws Exception {
        HttpResponse<String> r = get("/api/tenants/demo/openapi");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = json(r);
        JsonNode register = doc.path("paths").path("/api/tenants/{tenant}/commands/assets.RegisterAsset").path("post");
        assertThat(register.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).isEqualTo("#/components/schemas/assets.RegisterAsset");
        JsonNode schema = doc.path("components").path("schemas").path("assets.RegisterAsset");
        assertThat(schema.path("required")).extracting(JsonNode::asText).contains("assetId", "owner", "currency")
                .doesNotContain("description");
        assertThat(doc.path("paths").has("/api/tenants/{tenant}/commands/structures.SetOwnership")).isTrue();
        assertThat(doc.path("paths").has("/api/tenants/{tenant}/commands/custody.ImportStatement")).isTrue();
        assertThat(doc.path("paths").has("/api/tenants/{tenant}/commands/assets.AssetRegistered"))
                .as("an event is not a command").isFalse();
        assertThat(ApiContract.problems(r.body())).as("OpenAPI validator on the tenant's description").isEmpty();
    }

    @Test
    @Order(4)
    void javaClient_sendsFollowsAndQueries_andHandsBackEachProblemOfAMalformedCommand() {
        io.mosaic.client.MosaicClient demo = io.mosaic.client.MosaicClient.builder(URI.create(base), "demo")
                .developmentSubject("admin-test").build();
        String asset = "client-" + UUID.randomUUID();
        var accepted = demo.send("assets.RegisterAsset", java.util.Map.of("assetId", asset, "name", "Chalet Arosa",
                "assetClass", "REAL_ESTATE", "owner", "family-test", "currency", "CHF"), asset);
        assertThat(accepted.entity()).hasValue(asset);
        var outcome = demo.awaitOutcome(accepted, Duration.ofSeconds(10));
        assertThat(outcome.state()).isEqualTo(io.mosaic.client.MosaicClient.State.DONE);
        assertThat(outcome.events()).extracting(io.mosaic.client.MosaicClient.Event::type)
                .containsExactly("assets.AssetRegistered");
        var valued = demo.send("assets.RecordValuation", java.util.Map.of("assetId", asset, "valuationId", "v1",
                "amount", "2750000.10", "currency", "CHF", "valuationDate", "2025-12-31", "method", "APPRAISAL"), asset);
        assertThat(demo.awaitOutcome(valued, Duration.ofSeconds(10)).state())
                .isEqualTo(io.mosaic.client.MosaicClient.State.DONE);
        JsonNode details = demo.query("assets", "asset", java.util.Map.of("id", asset));
        assertThat(io.mosaic.client.MosaicClient.decimal(details.path("currentValue").path("amount")))
                .isEqualByComparingTo("2750000.10");
        assertThat(demo.me().subject()).isEqualTo("admin-test");

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(io.mosaic.client.MosaicApiException.class,
                () -> demo.send("assets.RecordValuation", java.util.Map.of("assetId", asset, "amount", 12.5), asset));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.type()).hasValue("urn:mosaic:problem:malformed-command");
        assertThat(refused.errors()).extracting(io.mosaic.client.MosaicApiException.FieldProblem::path)
                .contains("$.valuationId", "$.currency", "$.valuationDate", "$.method");
        assertThat(refused.correlationId()).isPresent();
        var unknown = org.assertj.core.api.Assertions.catchThrowableOfType(io.mosaic.client.MosaicApiException.class,
                () -> demo.outcome(UUID.randomUUID()));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void healthMetricsAndAudit_answer() throws Exception {
        assertThat(json(get("/health")).path("status").asText()).isEqualTo("UP");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("mosaic_tenants").contains("mosaic_commands_total").contains("mosaic_key_unwraps");
        JsonNode verify = json(get("/admin/tenants/demo/audit/verify"));
        assertThat(verify.path("intact").asBoolean()).as(verify.toString()).isTrue();
        JsonNode plugins = json(get("/admin/tenants/demo/plugins"));
        assertThat(plugins).extracting(p -> p.path("id").asText()).contains("assets", "valuation-alerts");
    }

    @Test
    @Order(5)
    void adminApi_refusesABrokenRuleSet_andRevokesAGrant() throws Exception {
        HttpResponse<String> broken = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/admin/tenants/alpine/plugins/valuation-alerts/policy"))
                .PUT(HttpRequest.BodyPublishers.ofString("domain: valuation-alerts\nversion: 3\nrules:\n  - id: x\n"
                        + "    types: [assets.ValuationRecorded]\n    senders: [assets]\n    when: \"1 +\"\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").asText()).contains(":7:");
        assertThat(json(get("/admin/tenants/alpine/plugins/valuation-alerts/policy")).path("version").asInt()).isEqualTo(2);

        HttpResponse<String> revoke = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/admin/tenants/alpine/plugins/valuation-alerts/grants/assets.valuations.read?reason=test")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(204);
        String asset = "rev-" + UUID.randomUUID();
        register("alpine", asset, "Revoked", "EUR");
        value("alpine", asset, "r1", "10.00", "EUR", "2025-03-31");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/admin/tenants/alpine/audit?limit=50").body()
                .contains("builtin:default-deny"));
        assertThat(json(get("/api/tenants/alpine/queries/valuation-alerts/processed?assetId=" + asset))).isEmpty();
        JsonNode plugins = json(get("/admin/tenants/alpine/plugins"));
        for (JsonNode p : plugins) {
            if (p.path("id").asText().equals("valuation-alerts")) {
                assertThat(p.path("scopes").get(0).path("granted").asBoolean()).isFalse();
            }
        }
    }

    @Test
    @Order(6)
    void journalFiles_doNotContainEntityPlaintext() throws Exception {
        server.close();
        server = null;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(data)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        byte[] everything = concat(files);
        // control: the scan sees what the journal wrote in clear (types and tenant ids are metadata)
        assertThat(contains(everything, "assets.ValuationRecorded")).as("the scan must see the journal's clear metadata").isTrue();
        assertThat(contains(everything, SECRET_NAME)).as("asset name in clear in " + files).isFalse();
        assertThat(contains(everything, SECRET_APPRAISER)).as("appraiser in clear").isFalse();
        assertThat(contains(everything, "Alpine Only Asset")).isFalse();
    }

    private static byte[] concat(List<Path> files) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        for (Path f : files) {
            out.write(Files.readAllBytes(f));
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
