package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.helidon.webserver.WebServer;
import io.mosaic.messaging.InJvmBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness when a component fails: a bus that was closed, a check that throws, a check that hangs past the timeout,
 * Keycloak's health endpoint gone; served over HTTP as the server serves it (503, the failing checks named).
 */
class ObserveTest {
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static WebServer web;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        InJvmBus closed = new InJvmBus();
        closed.close();
        Observe observe = new Observe(List.of(Observe.bus(closed, List::of),
                new Observe.Check("throws", () -> {
                    throw new IllegalStateException("the disk is full");
                }),
                new Observe.Check("hangs", () -> {
                    NEVER.await();
                    return Json.obj();
                }),
                new Observe.Check("fine", () -> Json.obj().put("ok", true))), () -> 0, () -> "metrics", Duration.ofMillis(300));
        web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> {
                    r.addFilter(new RequestContext());
                    observe.routes(r, false);
                })
                .putSocket("public", s -> s.host("127.0.0.1").port(0))
                .routing("public", r -> observe.routes(r, true))
                .build().start();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        web.stop();
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailingComponent_makesReadinessDown_with503_andNamesIt() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = get(web.port(), "/observe/health/ready");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a hung check does not hang the probe")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(status(body, "bus")).isEqualTo("DOWN");
        assertThat(check(body, "bus").path("data").path("error").asText()).contains("closed");
        assertThat(status(body, "throws")).isEqualTo("DOWN");
        assertThat(check(body, "throws").path("data").path("error").asText()).isEqualTo("the disk is full");
        assertThat(status(body, "hangs")).isEqualTo("DOWN");
        assertThat(check(body, "hangs").path("data").path("error").asText()).contains("no answer within 300 ms");
        assertThat(status(body, "fine")).isEqualTo("UP");
        assertThat(check(body, "fine").path("data").path("ok").asBoolean()).isTrue();

        HttpResponse<String> overall = get(web.port(), "/health");
        assertThat(overall.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(overall.body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(get(web.port(), "/observe/health").statusCode()).isEqualTo(503);
    }

    @Test
    void liveness_isUp_whileAComponentIsDown() throws Exception {
        HttpResponse<String> r = get(web.port(), "/observe/health/live");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void thePublicListener_givesTheStatusOnly_andNoMetrics() throws Exception {
        int port = web.port("public");
        HttpResponse<String> ready = get(port, "/observe/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(ready.body()).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("status");
        assertThat(ready.body()).doesNotContain("disk").doesNotContain("bus");
        assertThat(get(port, "/observe/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(port, "/observe/metrics").statusCode()).isEqualTo(404);
        assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(web.port(), "/observe/metrics").body()).isEqualTo("metrics");
    }

    @Test
    void theKeycloakCheck_isUpWhileItsEndpointAnswers200_andDownWhenItIsGone() throws Exception {
        HttpServer keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        keycloak.start();
        URI uri = URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort() + "/health/ready");
        Observe.Check check = Observe.http("keycloak", http, uri, Duration.ofSeconds(2));
        Observe.Report up = Observe.run(List.of(check), Duration.ofSeconds(2));
        assertThat(up.up()).as(up.toString()).isTrue();
        keycloak.stop(0);
        Observe.Report down = Observe.run(List.of(check), Duration.ofSeconds(2));
        assertThat(down.up()).isFalse();
        assertThat(down.results().getFirst().name()).isEqualTo("keycloak");
    }

    @Test
    void aHungCheck_isNotStartedAgain_byTheNextProbe() throws Exception {
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        Observe.Check hangs = new Observe.Check("hangs", () -> {
            started.incrementAndGet();
            NEVER.await();
            return Json.obj();
        });
        assertThat(Observe.run(List.of(hangs), Duration.ofMillis(100)).up()).isFalse();
        assertThat(Observe.run(List.of(hangs), Duration.ofMillis(100)).up()).isFalse();
        assertThat(started.get()).isEqualTo(1);
    }

    static JsonNode check(JsonNode body, String name) {
        for (JsonNode c : body.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + body);
    }

    static String status(JsonNode body, String name) {
        return check(body, name).path("status").asText();
    }
}
