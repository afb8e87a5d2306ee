package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo family office across five domains, over the bus and the gate: structures, market data, custody and assets
 * feed consolidation, whose figures are checked against a hand computation.
 */
class WealthDemoEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = TestServers.start(data, true);
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode query(String q) throws Exception {
        return TestServers.demoQuery(http, base, q);
    }

    @Test
    void consolidatedNetWorthOfTheDemoFamily_matchesTheHandComputation() throws Exception {
        // chalet 3,400,000 CHF + drawing 850,000 CHF + car 1,750,000 EUR x 0.94 = 1,645,000 CHF, all held by the family
        // directly; plus 70 % (Hans 40 %, Greta 30 %) of the holding's account of 262,300 CHF = 183,610 CHF
        BigDecimal expected = new BigDecimal("6078610.00");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                query("consolidation/net-worth?owner=family-muster&currency=CHF").toString())
                .as("holdings seen by consolidation: %s; by custody: %s; muster-holding: %s",
                        query("consolidation/holdings?owner=muster-holding"), query("custody/holdings?owner=muster-holding"),
                        query("consolidation/net-worth?owner=muster-holding&currency=CHF"))
                .contains("\"netWorth\":\"" + expected.toPlainString() + "\""));
        JsonNode hans = query("consolidation/net-worth?owner=hans&currency=CHF");
        assertThat(new BigDecimal(hans.path("netWorth").asText())).isEqualByComparingTo("104920.00");
        JsonNode allocation = query("consolidation/allocation?owner=family-muster&by=assetClass&currency=CHF");
        assertThat(allocation.path("buckets")).extracting(b -> b.path("key").asText())
                .containsExactlyInAnyOrder("REAL_ESTATE", "CLASSIC_CAR", "ART", "CASH");
        JsonNode graph = query("structures/graph");
        assertThat(graph.path("nodes")).hasSize(5);
        assertThat(graph.path("edges")).hasSize(5);
        // the trust's share of the holding is outside the family: look-through of Hans is 40 %
        JsonNode lookThrough = query("structures/look-through?owner=hans");
        assertThat(lookThrough.path("shares")).anySatisfy(s -> {
            assertThat(s.path("entityId").asText()).isEqualTo("muster-holding");
            assertThat(new BigDecimal(s.path("economicShare").asText())).isEqualByComparingTo("0.4");
        });
    }
}
