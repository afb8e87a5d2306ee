package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics and correlation on a running server (embedded default, the demo seeded, no logins): readiness
 * lists every component's check, the old routes still answer, the per-tenant counters move, and a request's
 * correlation id comes back in the header, in a refusal's problem details and in the log records of the request.
 */
class ObservabilityEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static String base;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = TestServers.start(data, true);
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return TestServers.send(http, base, "GET", path, "admin-test", null);
    }

    @Test
    void readiness_isUp_withEveryComponentsCheck() throws Exception {
        HttpResponse<String> r = get("/observe/health/ready");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks")).extracting(c -> c.path("name").asText())
                .containsExactly("journal", "bus", "keys");
        assertThat(body.path("checks")).allSatisfy(c -> assertThat(c.path("status").asText()).isEqualTo("UP"));
        assertThat(ObserveTest.check(body, "bus").path("data").path("adapter").asText()).isEqualTo("InJvmBus");
        assertThat(ObserveTest.check(body, "keys").path("data").path("tenants").asInt()).isEqualTo(2);

        HttpResponse<String> live = get("/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(live.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void theOldRoutes_stillAnswer() throws Exception {
        for (String path : List.of("/health", "/observe/health")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.path("tenants").asInt()).isEqualTo(2);
            assertThat(body.path("checks")).hasSize(3);
        }
        for (String path : List.of("/metrics", "/observe/metrics")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).contains("mosaic_tenants").contains("mosaic_plugins_installed")
                    .contains("mosaic_dead_letters{plugin=\"assets\",tenant=\"demo\"} 0.0");
        }
    }

    @Test
    void theCounters_moveAfterADeliveredCommand_andADeniedOne() throws Exception {
        String delivered = "mosaic_messages_delivered_total{plugin=\"assets\",tenant=\"demo\"}";
        String commandDenials = "mosaic_gate_denials_total{kind=\"command\",tenant=\"demo\"}";
        String queryDenials = "mosaic_gate_denials_total{kind=\"query\",tenant=\"demo\"}";
        double deliveredBefore = value(delivered);
        double commandsBefore = value(commandDenials);
        double queriesBefore = value(queryDenials);

        HttpResponse<String> ok = TestServers.send(http, base, "POST",
                "/api/tenants/demo/commands/assets.RecordValuation?entity=demo-villa", "admin-test",
                "{\"assetId\":\"demo-villa\",\"valuationId\":\"v-observe-1\",\"amount\":\"3100000.00\",\"currency\":\"CHF\","
                        + "\"valuationDate\":\"2026-11-25\",\"method\":\"APPRAISAL\",\"appraiser\":\"Observe AG\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(value(delivered)).isGreaterThan(deliveredBefore));

        HttpResponse<String> refused = TestServers.send(http, base, "POST",
                "/api/tenants/demo/commands/assets.RecordValuation?entity=demo-villa", "a-stranger",
                "{\"assetId\":\"demo-villa\",\"valuationId\":\"v-observe-2\",\"amount\":\"1.00\",\"currency\":\"CHF\","
                        + "\"valuationDate\":\"2026-11-25\",\"method\":\"APPRAISAL\",\"appraiser\":\"Nobody\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(value(commandDenials)).isEqualTo(commandsBefore + 1);

        HttpResponse<String> read = TestServers.send(http, base, "GET",
                "/api/tenants/demo/queries/assets/assets?owner=family-muster", "a-stranger", null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(403);
        assertThat(value(queryDenials)).isEqualTo(queriesBefore + 1);
    }

    @Test
    void theCorrelationId_comesBackInTheHeader_theProblemBody_andTheLog() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        JsonLinesFormatter json = new JsonLinesFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(json.format(record)); // on the logging thread, as a console handler formats
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger audit = Logger.getLogger("io.mosaic.runtime.AuditTrail");
        audit.addHandler(capture);
        try {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/tenants/demo/commands/assets.RecordValuation?entity=demo-villa"))
                    .header("X-Mosaic-Subject", "a-stranger").header("X-Correlation-Id", "ops-4711.a_b")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"assetId\":\"demo-villa\",\"valuationId\":\"v-observe-3\","
                            + "\"amount\":\"1.00\",\"currency\":\"CHF\",\"valuationDate\":\"2026-11-25\","
                            + "\"method\":\"APPRAISAL\",\"appraiser\":\"Nobody\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("X-Correlation-Id")).hasValue("ops-4711.a_b");
            JsonNode problem = Json.MAPPER.readTree(refused.body());
            assertThat(problem.path("correlationId").asText()).isEqualTo("ops-4711.a_b");
            assertThat(problem.path("tenant").asText()).isEqualTo("demo");
            assertThat(problem.path("status").asInt()).isEqualTo(403);
            assertThat(problem.path("type").asText()).isEqualTo("about:blank");
            assertThat(problem.path("title").asText()).isEqualTo("Forbidden");
            assertThat(problem.path("detail").asText()).isEqualTo(problem.path("error").asText()).contains("a-stranger");
            assertThat(logged).anySatisfy(line -> {
                JsonNode record = Json.MAPPER.readTree(line);
                assertThat(record.path("message").asText()).contains("command-denied");
                assertThat(record.path("correlationId").asText()).isEqualTo("ops-4711.a_b");
                assertThat(record.path("tenant").asText()).isEqualTo("demo");
            });
        } finally {
            audit.removeHandler(capture);
        }

        // no id, or one that is not a plain token: the server makes one, and answers with it
        HttpResponse<String> none = get("/api/tenants/nosuch/me");
        assertThat(none.statusCode()).isEqualTo(404);
        String made = none.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(made).matches("[0-9a-f-]{36}");
        assertThat(Json.MAPPER.readTree(none.body()).path("correlationId").asText()).isEqualTo(made);
        assertThat(Json.MAPPER.readTree(none.body()).path("tenant").asText()).isEqualTo("nosuch");
        HttpResponse<String> insane = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .header("X-Correlation-Id", "a b <script>").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(insane.headers().firstValue("X-Correlation-Id").orElseThrow()).matches("[0-9a-f-]{36}");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .header("X-Correlation-Id", "lb-probe-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.headers().firstValue("X-Correlation-Id")).hasValue("lb-probe-1");
    }

    /** A sample's value in the metrics, 0 when it is not there yet. */
    static double value(String sample) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(get("/observe/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
