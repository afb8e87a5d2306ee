package io.mosaic.plugin.esgscreening;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app against an in-memory platform: custody positions in, exclusions out, the report from its own journal. */
class EsgScreeningAppTest {
    static final String WEAPONS = "XS0000000017";
    static final String COAL = "XS0000000025";
    static final String RATED = "XS0000000041";
    static final String APPLE = "US0378331005";

    private FakeEventStore store;
    private FakePluginContext context;
    private EsgScreeningApp app;

    @BeforeEach
    void start() {
        store = new FakeEventStore("esg-screening", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, manifestConfig());
        app = new EsgScreeningApp();
        app.start(context);
    }

    /** The configuration the platform passes by default: the manifest's {@code config}. */
    static Map<String, String> manifestConfig() {
        JsonNode config = FakePluginContext.manifest().get("config");
        return Map.of("exclusions", config.get("exclusions").asText(), "ratings", config.get("ratings").asText());
    }

    /** The body exactly as the custody domain publishes it, with fields this app does not read. */
    static FakeEnvelope valued(String owner, String instrument, String quantity, String value, String currency, String asOf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("holdingId", "CH93-0076-2011-6238-5295-7:" + instrument);
        body.put("accountId", "CH93-0076-2011-6238-5295-7");
        body.put("ownerId", owner);
        body.put("custodian", "Zürcher Privatbank");
        body.put("instrumentId", instrument);
        body.put("instrumentName", "name of " + instrument);
        body.put("assetClass", instrument.startsWith("CASH-") ? "CASH" : "EQUITY");
        body.put("region", "GLOBAL");
        body.put("quantity", new BigDecimal(quantity));
        body.put("currency", currency);
        body.put("marketValue", new BigDecimal(value));
        body.put("asOf", asOf);
        return FakeEnvelope.event("custody.HoldingValued", body, owner);
    }

    private EsgReport report(String owner) {
        return (EsgReport) app.query(new Query("report", Map.of("owner", owner), "advisor-7")).orElseThrow();
    }

    private List<ExclusionFound> exclusions() {
        return context.published("esg-screening.ExclusionFound").stream().map(p -> p.as(ExclusionFound.class)).toList();
    }

    /** 50,000 CHF: cash 10,000, weapons 5,000, coal 2,500, rated 7,500, unrated 25,000. */
    private void kellerPortfolio() {
        app.onMessage(valued("keller", "CASH-CHF", "10000", "10000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", COAL, "200", "2500", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", RATED, "300", "7500", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", APPLE, "250", "25000", "CHF", "2024-03-31"));
    }

    @Test
    void portfolio_sharesByCategory_andUnratedShare_matchTheHandComputation() {
        kellerPortfolio();

        EsgReport report = report("keller");
        assertThat(report.currencies()).singleElement().satisfies(chf -> {
            assertThat(chf.currency()).isEqualTo("CHF");
            assertThat(chf.portfolioValue()).isEqualByComparingTo("50000");
            assertThat(chf.excludedValue()).isEqualByComparingTo("7500");
            assertThat(chf.excludedShare()).isEqualByComparingTo("0.15");
            assertThat(chf.excludedShareByCategory()).containsOnlyKeys("controversial-weapons", "thermal-coal");
            assertThat(chf.excludedShareByCategory().get("controversial-weapons")).isEqualByComparingTo("0.10");
            assertThat(chf.excludedShareByCategory().get("thermal-coal")).isEqualByComparingTo("0.05");
            assertThat(chf.excludedValueByCategory().get("thermal-coal")).isEqualByComparingTo("2500");
            assertThat(chf.unratedValue()).isEqualByComparingTo("25000");
            assertThat(chf.unratedShare()).isEqualByComparingTo("0.50");
        });
        assertThat(report.excluded()).extracting(EsgReport.Position::instrumentId).containsExactly(WEAPONS, COAL);
        assertThat(report.excluded()).extracting(EsgReport.Position::category)
                .containsExactly("controversial-weapons", "thermal-coal");
        assertThat(report.unrated()).extracting(EsgReport.Position::instrumentId).containsExactly(APPLE);
    }

    @Test
    void eachExcludedHolding_publishesOneExclusionFound_forItsOwner() {
        kellerPortfolio();

        assertThat(exclusions()).containsExactly(
                new ExclusionFound("keller", "CH93-0076-2011-6238-5295-7:" + WEAPONS, WEAPONS, "controversial-weapons",
                        new BigDecimal("5000"), "CHF"),
                new ExclusionFound("keller", "CH93-0076-2011-6238-5295-7:" + COAL, COAL, "thermal-coal",
                        new BigDecimal("2500"), "CHF"));
        assertThat(context.published()).allSatisfy(p -> {
            assertThat(p.entity()).contains("keller");
            assertThat(p.cause()).isPresent();
        });
    }

    @Test
    void revaluationOrRedelivery_ofAListedHolding_publishesNothingMore_butUpdatesTheReport() {
        kellerPortfolio();
        app.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31")); // redelivered
        app.onMessage(valued("keller", WEAPONS, "100", "10000", "CHF", "2024-04-30")); // doubled in value
        app.onMessage(valued("keller", WEAPONS, "100", "1", "CHF", "2024-02-29")); // older than what is known

        assertThat(exclusions()).hasSize(2);
        // 55,000 CHF now: weapons 10,000 / 55,000 = 0.181818… → 0.1818
        EsgReport.CurrencyShares chf = report("keller").currencies().getFirst();
        assertThat(chf.portfolioValue()).isEqualByComparingTo("55000");
        assertThat(chf.excludedShareByCategory().get("controversial-weapons")).isEqualByComparingTo("0.1818");
        assertThat(chf.unratedShare()).isEqualByComparingTo("0.4545"); // 25,000 / 55,000 = 0.454545…
    }

    @Test
    void holdingClosedAndOpenedAgain_entersTheListAgain() {
        app.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", WEAPONS, "0", "0", "CHF", "2024-04-30"));

        assertThat(report("keller").excluded()).isEmpty();
        assertThat(report("keller").currencies()).isEmpty();

        app.onMessage(valued("keller", WEAPONS, "40", "2200", "CHF", "2024-05-31"));

        assertThat(exclusions()).extracting(ExclusionFound::marketValue)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("5000"), new BigDecimal("2200"));
    }

    @Test
    void currencies_areReportedApart_withoutConversion() {
        app.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", "CASH-CHF", "15000", "15000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", APPLE, "10", "1700", "USD", "2024-03-31"));

        List<EsgReport.CurrencyShares> currencies = report("keller").currencies();
        assertThat(currencies).extracting(EsgReport.CurrencyShares::currency).containsExactly("CHF", "USD");
        assertThat(currencies.get(0).excludedShare()).isEqualByComparingTo("0.25");
        assertThat(currencies.get(0).unratedShare()).isEqualByComparingTo("0");
        assertThat(currencies.get(1).unratedShare()).isEqualByComparingTo("1");
    }

    @Test
    void owners_areKeptApart() {
        kellerPortfolio();
        app.onMessage(valued("huber", RATED, "10", "250", "CHF", "2024-03-31"));

        assertThat(report("huber").excluded()).isEmpty();
        assertThat(report("huber").currencies().getFirst().portfolioValue()).isEqualByComparingTo("250");
        assertThat(report("nobody").currencies()).isEmpty();
    }

    @Test
    void listComesFromConfig_andABadListFailsAtStart_namingTheEntry() {
        FakePluginContext bank = new FakePluginContext(store, Map.of("exclusions", APPLE + "=conventional-weapons"));
        EsgScreeningApp own = new EsgScreeningApp();
        own.start(bank);
        own.onMessage(valued("keller", APPLE, "250", "25000", "CHF", "2024-03-31"));
        own.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));

        assertThat(bank.published()).singleElement()
                .satisfies(p -> assertThat(p.as(ExclusionFound.class).category()).isEqualTo("conventional-weapons"));

        EsgScreeningApp broken = new EsgScreeningApp();
        assertThatThrownBy(() -> broken.start(new FakePluginContext(store, Map.of("exclusions", "XS0000000017=coal, NESTLE=tobacco"))))
                .isInstanceOf(EsgScreeningException.class)
                .hasMessage("config exclusions, entry 2: 'NESTLE' is not an ISIN (expected e.g. XS0000000017=thermal-coal)");
        assertThatThrownBy(() -> broken.start(new FakePluginContext(store, Map.of("ratings", "XS0000000041="))))
                .isInstanceOf(EsgScreeningException.class).hasMessageContaining("config ratings, entry 1 (XS0000000041)");
    }

    @Test
    void stateSurvivesReinstall_nothingDoubled() {
        kellerPortfolio();
        app.stop();
        FakePluginContext reinstalled = new FakePluginContext(store, manifestConfig());
        EsgScreeningApp again = new EsgScreeningApp();
        again.start(reinstalled);
        again.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));

        assertThat(reinstalled.published()).isEmpty();
        assertThat(((EsgReport) again.query(new Query("report", Map.of("owner", "keller"), "a")).orElseThrow())
                .excluded()).hasSize(2);
    }

    @Test
    void concurrentWriter_causesOneConflict_thatIsRetried_andTheExclusionIsPublishedOnce() {
        EsgScreeningApp rival = new EsgScreeningApp();
        FakePluginContext rivalContext = new FakePluginContext(store, manifestConfig());
        rival.start(rivalContext);
        store.beforeNextAppend(() -> rival.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31")));

        app.onMessage(valued("keller", WEAPONS, "100", "5000", "CHF", "2024-03-31"));

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(rivalContext.published()).hasSize(1);
        assertThat(context.published()).isEmpty();
    }

    @Test
    void unknownQueryOrMissingParameter_isEmpty() {
        assertThat(app.query(new Query("nonsense", Map.of(), "a"))).isEmpty();
        assertThat(app.query(new Query("report", Map.of(), "a"))).isEmpty();
    }

    @Test
    void manifest_isAnApp_consumingHoldings_publishingExclusions_withAReasonedScope() throws Exception {
        JsonNode manifest = FakePluginContext.manifest();
        assertThat(manifest.get("kind").asText()).isEqualTo("app");
        assertThat(manifest.get("id").asText()).isEqualTo(EsgScreeningApp.DOMAIN);
        assertThat(manifest.get("domain").asText()).isEqualTo(EsgScreeningApp.DOMAIN);
        assertThat(manifest.get("consumes").get(0).asText()).isEqualTo(EsgScreeningApp.HOLDING_VALUED);
        assertThat(manifest.get("publishes").get(0).asText()).isEqualTo(EsgScreeningApp.EXCLUSION_FOUND);
        assertThat(manifest.get("scopes").get(0).get("scope").asText()).isEqualTo("custody.holdings.read");
        assertThat(manifest.get("scopes").get(0).get("reason").asText()).contains("screen");
        assertThat(app.list().exclusions()).containsEntry(WEAPONS, "controversial-weapons").containsEntry(COAL, "thermal-coal");
        assertThat(Class.forName(manifest.get("entry-class").asText()).getConstructor().newInstance())
                .isInstanceOf(AppPlugin.class);
    }
}
