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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform on the real local stack ({@code --stack local}: a Pulsar broker and a Cassandra node as child
 * processes): the end-to-end path of {@link PlatformEndToEndTest}, and the journal-to-bus crash test, whose platform
 * runs as a process of its own against this stack so that it can be killed with SIGKILL.
 */
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

    static final int COMMANDS = 20;

    /**
     * Point 5 of the Cassandra issue. The platform (journal on Cassandra, bus on Pulsar) registers 20 assets; its
     * journal publisher is stopped after 5 messages and the process is killed with SIGKILL while the other 15 are
     * appended but not published. Started again, it publishes them: the broker holds each AssetRegistered once.
     */
    @Test
    void killedBetweenAppendAndPublish_restartPublishesTheRest_nothingLostNothingDoubled() throws Exception {
        String tenant = "crash-a";
        Path dir = data.resolve("crash-a-platform");
        try (JournalToBusCrash crash = new JournalToBusCrash(server.localStack().orElseThrow())) {
            try (JournalToBusCrash.Child first = crash.start(dir, tenant, COMMANDS, COMMANDS, "hold-after:5")) {
                first.expect("STARTED", Duration.ofMinutes(2));
                crash.retainAssetsTopic(tenant);
                first.go();
                first.expect("APPENDED " + COMMANDS, Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(30)).until(() -> crash.registeredOnTopic(tenant).size() == 5);
                first.kill();
            }
            assertThat(crash.registeredOnTopic(tenant)).as("before the restart: only what went out before the hold")
                    .hasSize(5);

            try (JournalToBusCrash.Child second = crash.start(dir, tenant, 0, COMMANDS, "free")) {
                second.expect("STARTED", Duration.ofMinutes(2));
                second.go();
                String drained = second.expect("DRAINED", Duration.ofMinutes(2));
                int sent = Integer.parseInt(drained.substring(drained.lastIndexOf(' ') + 1));
                assertThat(sent).as("the restarted publisher sent at least the 15 held entries").isGreaterThanOrEqualTo(15);
            }
            Map<String, Integer> stored = crash.registeredOnTopic(tenant);
            assertThat(stored).as("every asset registered reached the broker").hasSize(COMMANDS);
            assertThat(stored.values()).as("and each exactly once").containsOnly(1);
        }
    }

    /**
     * The other side of the crash window: the publisher publishes all 20 messages but never stores its offset, and
     * the process is killed. Started again, it sends all 20 again under the same source and numbers; Pulsar's
     * deduplication drops them, so the broker still holds each AssetRegistered once.
     */
    @Test
    void killedAfterPublishBeforeTheOffsetIsStored_theBrokerDropsTheResend() throws Exception {
        String tenant = "crash-b";
        Path dir = data.resolve("crash-b-platform");
        try (JournalToBusCrash crash = new JournalToBusCrash(server.localStack().orElseThrow())) {
            try (JournalToBusCrash.Child first = crash.start(dir, tenant, COMMANDS, COMMANDS, "never-save")) {
                first.expect("STARTED", Duration.ofMinutes(2));
                crash.retainAssetsTopic(tenant);
                first.go();
                first.expect("APPENDED " + COMMANDS, Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(60)).until(() -> crash.registeredOnTopic(tenant).size() == COMMANDS);
                first.kill();
            }
            try (JournalToBusCrash.Child second = crash.start(dir, tenant, 0, COMMANDS, "free")) {
                second.expect("STARTED", Duration.ofMinutes(2));
                second.go();
                String drained = second.expect("DRAINED", Duration.ofMinutes(2));
                int sent = Integer.parseInt(drained.substring(drained.lastIndexOf(' ') + 1));
                assertThat(sent).as("no offset was stored: the restarted publisher sent everything again")
                        .isEqualTo(COMMANDS);
            }
            Map<String, Integer> stored = crash.registeredOnTopic(tenant);
            assertThat(stored).hasSize(COMMANDS);
            assertThat(stored.values()).as("the broker dropped every resent message").containsOnly(1);
        }
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
