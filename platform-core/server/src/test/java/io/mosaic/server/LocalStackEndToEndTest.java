package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same end-to-end path as {@link PlatformEndToEndTest}, with the platform's bus on a real local Pulsar broker. */
class LocalStackEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false, java.util.Map.of(), true, false));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static int post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject", "advisor-test")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void valuationDropOnPulsar_reachesTheAppAndTheLiveStream() throws Exception {
        String asset = "pulsar-" + UUID.randomUUID();
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(30)).until(live::isOpen);
            assertThat(post("/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset, "{\"assetId\":\"" + asset
                    + "\",\"name\":\"On Pulsar\",\"assetClass\":\"ART\",\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}")).isEqualTo(202);
            for (String[] v : List.of(new String[] {"p1", "200.00"}, new String[] {"p2", "100.00"})) {
                assertThat(post("/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset, "{\"assetId\":\"" + asset
                        + "\",\"valuationId\":\"" + v[0] + "\",\"amount\":\"" + v[1] + "\",\"currency\":\"CHF\","
                        + "\"valuationDate\":\"2025-0" + (v[0].equals("p1") ? "1" : "2") + "-28\",\"method\":\"MODEL\",\"appraiser\":\"\"}"))
                        .isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .anyMatch(e -> asset.equals(e.path("entity").asText())));
            JsonNode alert = live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .filter(e -> asset.equals(e.path("entity").asText())).findFirst().orElseThrow();
            assertThat(new BigDecimal(alert.path("payload").path("dropShare").asText())).isEqualByComparingTo("0.5");
        }
    }
}
