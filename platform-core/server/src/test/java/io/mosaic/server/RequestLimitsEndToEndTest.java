package io.mosaic.server;

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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bounded everything: request bodies per route, live streams per person, and the headers every answer carries. */
class RequestLimitsEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServers.start(data, false);
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oversizedCommand_isRefusedBeforeItIsRead() throws Exception {
        String padding = "x".repeat((int) RequestLimits.COMMAND_BYTES + 10);
        HttpResponse<String> r = TestServers.send(http, base, "POST",
                "/api/tenants/demo/commands/assets.RegisterAsset?entity=big", "admin-test", "{\"name\":\"" + padding + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("at most " + RequestLimits.COMMAND_BYTES + " bytes");
        assertThat(r.headers().firstValue("Content-Type")).contains(Problem.MEDIA_TYPE);
        var problem = Json.object(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(problem.path("title").asText()).as("the status's reason phrase").isNotBlank().doesNotContain("bytes");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).contains("may carry at most");
        assertThat(RequestLimits.limit("/api/tenants/demo/commands/custody.ImportStatement"))
                .as("a statement file travels inside its command").isGreaterThan(RequestLimits.COMMAND_BYTES);
    }

    @Test
    void onePersonFlooding_getsTooManyRequests_othersAreServed_andNothingStaysCounted() throws Exception {
        int flood = TenantService.REQUESTS_PER_SUBJECT + 8;
        // commands on assets nobody knows: the gateway waits up to 2 s for their owner before it refuses, so the
        // first ones are still in flight when the rest arrive
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            String asset = "unknown-asset-" + i;
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base
                            + "/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset))
                    .header("X-Mosaic-Subject", "flooder").header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"assetId\":\"" + asset + "\",\"valuationId\":\"v1\","
                            + "\"amount\":\"1.00\",\"currency\":\"CHF\",\"valuationDate\":\"2024-01-01\","
                            + "\"method\":\"APPRAISAL\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> bystander = TestServers.send(http, base, "GET", "/api/tenants/demo/me", "bystander", null);
        assertThat(bystander.statusCode()).as("another person is answered meanwhile: %s", bystander.body()).isEqualTo(200);
        List<HttpResponse<String>> answers = sent.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).as("past %d in flight, at once", TenantService.REQUESTS_PER_SUBJECT).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(r.body()).contains("flooder has " + TenantService.REQUESTS_PER_SUBJECT + " requests of tenant demo in flight");
        });
        assertThat(answers).filteredOn(r -> r.statusCode() != 429).allSatisfy(r -> assertThat(r.statusCode())
                .as("the gate refuses a person without a role: %s", r.body()).isEqualTo(403));
        // refused and denied requests gave their places back: as many again are all answered
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> again = new ArrayList<>();
        for (int i = 0; i < TenantService.REQUESTS_PER_SUBJECT; i++) {
            again.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/tenants/demo/me"))
                    .header("X-Mosaic-Subject", "flooder").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(again.stream().map(java.util.concurrent.CompletableFuture::join).map(HttpResponse::statusCode))
                .containsOnly(200);
    }

    @Test
    void tooManyStreamsOfOnePerson_areRefused_andAClosedOneMakesRoom() throws Exception {
        List<LiveStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < TenantService.STREAMS_PER_SUBJECT; i++) {
                LiveStream s = LiveStream.as(http, base + "/api/tenants/demo/events", "greedy");
                open.add(s);
                await().atMost(Duration.ofSeconds(10)).until(s::isOpen);
            }
            HttpResponse<String> sixth = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tenants/demo/events"))
                    .header("X-Mosaic-Subject", "greedy").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
            // somebody else is not held up by it
            try (LiveStream other = LiveStream.as(http, base + "/api/tenants/demo/events", "patient")) {
                await().atMost(Duration.ofSeconds(10)).until(other::isOpen);
            }
            open.removeFirst().close();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (LiveStream again = LiveStream.as(http, base + "/api/tenants/demo/events", "greedy")) {
                    await().atMost(Duration.ofSeconds(2)).until(again::isOpen);
                    return true;
                } catch (org.awaitility.core.ConditionTimeoutException stillFull) {
                    return false;
                }
            });
        } finally {
            open.forEach(LiveStream::close);
        }
    }

    @Test
    void answersCarryNoStoreAndNosniff() throws Exception {
        HttpResponse<String> me = TestServers.send(http, base, "GET", "/api/tenants/demo/me", "admin-test", null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"tenant-admin\"");
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(me.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
