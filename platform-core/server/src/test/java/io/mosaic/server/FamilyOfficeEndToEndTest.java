package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.demo.FamilyOfficeGenerator;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The generated family office (the demo module's generator), loaded into a running server on the embedded default:
 * consolidation must agree to the cent with the generator's own model (computed independently in BigDecimal), the
 * graph must have every party and edge, and the performance of the family must be defined. The generator on its own
 * (same seed, same office): io.mosaic.demo.FamilyOfficeGeneratorTest.
 */
class FamilyOfficeEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;
    static FamilyOfficeGenerator.Office office;

    @BeforeAll
    static void start() {
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false));
        server.platform().tenants().values().forEach(TestServers::admins);
        base = "http://127.0.0.1:" + server.port();
        office = FamilyOfficeGenerator.generate(7L, FamilyOfficeGenerator.Scale.SMALL);
        FamilyOfficeGenerator.load(server.platform().tenant("demo").orElseThrow(), office, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode query(String q) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tenants/demo/queries/" + q))
                .header("X-Mosaic-Subject", "admin-test").GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : Json.obj();
    }

    @Test
    void loadedOffice_consolidatesToTheGeneratorsOwnFigures() throws Exception {
        String asOf = office.end().toString();
        for (String owner : List.of(FamilyOfficeGenerator.FAMILY, "alp-heinrich", "alp-holding", "alp-invest", "alp-lena")) {
            BigDecimal expected = office.expectedNetWorth(owner, office.end());
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                JsonNode nw = query("consolidation/net-worth?owner=" + owner + "&currency=CHF&asOf=" + asOf);
                assertThat(nw.path("unpriced")).as("%s", nw).isEmpty();
                assertThat(nw.path("netWorth").asText()).as("%s: %s", owner, nw).isEqualTo(expected.toPlainString());
            });
        }
        // a past date: the first month end, when every account, depot, asset and rate had its first figure
        BigDecimal first = office.expectedNetWorth(FamilyOfficeGenerator.FAMILY, office.start());
        assertThat(query("consolidation/net-worth?owner=" + FamilyOfficeGenerator.FAMILY + "&currency=CHF&asOf="
                + office.start()).path("netWorth").asText()).isEqualTo(first.toPlainString());
    }

    @Test
    void structureGraph_hasEveryPartyAndEdge() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode graph = query("structures/graph?asOf=" + office.end());
            assertThat(graph.path("nodes")).hasSize(office.counts().parties());
            assertThat(graph.path("edges")).hasSize(office.counts().edges());
        });
    }

    @Test
    void performanceOfTheFamily_answersTwrAndIrr() throws Exception {
        BigDecimal expected = office.expectedNetWorth(FamilyOfficeGenerator.FAMILY, office.end());
        await().atMost(Duration.ofSeconds(120)).until(() -> query("consolidation/net-worth?owner=family-alpstein&currency=CHF&asOf="
                + office.end()).path("netWorth").asText().equals(expected.toPlainString()));
        JsonNode performance = query("consolidation/performance?owner=family-alpstein&currency=CHF&from=" + office.start()
                + "&to=" + office.end());
        assertThat(performance.path("twrStatus").asText()).as("%s", performance).isEqualTo("OK");
        assertThat(performance.path("irrStatus").asText()).as("%s", performance).isEqualTo("OK");
        assertThat(new BigDecimal(performance.path("endValue").asText())).isEqualByComparingTo(expected);
    }
}
