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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metering from real domain events: the demo family office is seeded through structures, custody and assets; the
 * complexity projection turns their live messages into facts, and the tenant's statement of this month shows the
 * family office's counts, score and fee, checked against a hand computation with the documented weights.
 */
class MeteringEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = TestServers.start(data, true); // new ServerOptions(data, tenantsDir, pluginDirs, 0, true)
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statementOfThisMonth_countsTheDemoFamilyOffice_andPricesItByTheStandardWeights() {
        // the Muster family office is one structure (connected by ownership), named after its FAMILY party:
        //   legal entities   muster-holding (CH), alpen-trust (LI)                         2 x 3 =  6
        //   ownership edges  hans, greta and the trust -> holding (membership is no edge)   3 x 2 =  6
        //   bank relationship Zürcher Privatbank                                           1 x 2 =  2
        //   account          CH9300762011623852957                                         1 x 1 =  1
        //   non-bankable     chalet, drawing, Ferrari                                      3 x 2 =  6
        //   currencies       CHF (account, chalet, drawing), EUR (Ferrari)                 2 x 1 =  2
        //   jurisdictions    CH (holding, IBAN), LI (trust)                                2 x 3 =  6
        //                                                                          score        29
        // platform price of the tenant 0.50 CHF per unit: 29 x 0.50 = 14.50 CHF
        Map<String, Integer> expected = Map.of("LEGAL_ENTITY", 2, "OWNERSHIP_EDGE", 3, "BANK_RELATIONSHIP", 1,
                "ACCOUNT", 1, "NON_BANKABLE_ASSET", 3, "CURRENCY", 2, "JURISDICTION", 2);
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode statement = Json.MAPPER.readTree(TestServers.send(http, base, "GET",
                    "/admin/tenants/demo/statements/" + month, "operator", null).body());
            assertThat(statement.path("clients")).as("statement %s", statement).hasSize(1);
            JsonNode family = statement.path("clients").get(0);
            assertThat(family.path("client").asText()).isEqualTo("family-muster");
            expected.forEach((dimension, count) -> assertThat(family.path("counts").path(dimension).asInt())
                    .as("%s in %s", dimension, statement).isEqualTo(count));
            assertThat(family.path("score").asLong()).isEqualTo(29);
            JsonNode line = statement.path("lines").get(0);
            assertThat(statement.path("lines")).hasSize(1);
            assertThat(line.path("item").asText()).isEqualTo("platform");
            assertThat(line.path("score").asLong()).isEqualTo(29);
            assertThat(new BigDecimal(line.path("amount").path("amount").asText())).isEqualByComparingTo("14.50");
            assertThat(line.path("amount").path("amount").isTextual()).as("money as decimal text").isTrue();
            assertThat(line.path("amount").path("currency").asText()).isEqualTo("CHF");
        });
    }
}
