package io.mosaic.plugin.taxlots;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The app against an in-memory platform: custody positions in, lots in its own journal, the estimate out. */
class TaxLotsAppTest {
    static final String ACCOUNT = "CH93-0076-2011-6238-5295-7";
    static final String NESTLE = "CH0038863350";
    static final String HOLDING = ACCOUNT + ":" + NESTLE;

    private FakeEventStore store;
    private FakePluginContext context;
    private TaxLotsApp app;

    @BeforeEach
    void start() {
        store = new FakeEventStore("tax-lots", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        app = new TaxLotsApp();
        app.start(context);
    }

    /** The body exactly as the custody domain publishes it, with fields this app does not read. */
    static FakeEnvelope valued(String owner, String instrument, String quantity, String value, String currency, String asOf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("holdingId", ACCOUNT + ":" + instrument);
        body.put("accountId", ACCOUNT);
        body.put("ownerId", owner);
        body.put("custodian", "Zürcher Privatbank");
        body.put("instrumentId", instrument);
        body.put("instrumentName", "NESTLE SA");
        body.put("assetClass", "EQUITY");
        body.put("region", "CH");
        body.put("quantity", new BigDecimal(quantity));
        body.put("currency", currency);
        body.put("marketValue", new BigDecimal(value));
        body.put("asOf", asOf);
        return FakeEnvelope.event("custody.HoldingValued", body, owner);
    }

    private TaxLotEstimate estimate(String owner) {
        return (TaxLotEstimate) app.query(new Query("estimate", Map.of("owner", owner, "method", "FIFO"), "advisor-7"))
                .orElseThrow();
    }

    /** Lot 1: 100 @ 50 (Jan); lot 2: 50 @ 60 (Feb); March: 90 @ 70 consumes 60 of lot 1. */
    private void buyBuySell() {
        app.onMessage(valued("keller", NESTLE, "100", "5000", "CHF", "2024-01-31"));
        app.onMessage(valued("keller", NESTLE, "150", "9000", "CHF", "2024-02-29"));
        app.onMessage(valued("keller", NESTLE, "90", "6300", "CHF", "2024-03-31"));
    }

    @Test
    void twoIncreasesAndADecrease_fifo_matchTheHandComputation() {
        buyBuySell();

        TaxLotEstimate estimate = estimate("keller");
        assertThat(estimate.method()).isEqualTo("FIFO");
        assertThat(estimate.disclaimer()).contains("not tax advice");
        TaxLotEstimate.HoldingEstimate nestle = estimate.holdings().getFirst();
        assertThat(nestle.holdingId()).isEqualTo(HOLDING);
        assertThat(nestle.currency()).isEqualTo("CHF");
        assertThat(nestle.unitValue()).isEqualByComparingTo("70");
        // lot 1: 40 left, cost 40 × 50 = 2,000.00, value 40 × 70 = 2,800.00, gain 800.00
        // lot 2: 50, cost 50 × 60 = 3,000.00, value 50 × 70 = 3,500.00, gain 500.00
        assertThat(nestle.openLots()).extracting(TaxLotEstimate.OpenLotGain::lotId).containsExactly(HOLDING + "#1", HOLDING + "#2");
        assertThat(nestle.openLots().get(0).quantity()).isEqualByComparingTo("40");
        assertThat(nestle.openLots().get(0).openedOn()).isEqualTo(LocalDate.parse("2024-01-31"));
        assertThat(nestle.openLots().get(0).costBasis()).isEqualTo(new BigDecimal("2000.00"));
        assertThat(nestle.openLots().get(0).marketValue()).isEqualTo(new BigDecimal("2800.00"));
        assertThat(nestle.openLots().get(0).unrealisedGain()).isEqualTo(new BigDecimal("800.00"));
        assertThat(nestle.openLots().get(1).unitCost()).isEqualByComparingTo("60");
        assertThat(nestle.openLots().get(1).unrealisedGain()).isEqualTo(new BigDecimal("500.00"));
        assertThat(nestle.unrealisedGain()).isEqualTo(new BigDecimal("1300.00"));
        // consumed: 60 of lot 1 at 70: proceeds 4,200.00 − cost 3,000.00 = 1,200.00
        assertThat(nestle.consumedLots()).singleElement().satisfies(lot -> {
            assertThat(lot.lotId()).isEqualTo(HOLDING + "#1");
            assertThat(lot.quantity()).isEqualByComparingTo("60");
            assertThat(lot.consumedOn()).isEqualTo(LocalDate.parse("2024-03-31"));
            assertThat(lot.proceeds()).isEqualTo(new BigDecimal("4200.00"));
            assertThat(lot.costBasis()).isEqualTo(new BigDecimal("3000.00"));
            assertThat(lot.realisedGain()).isEqualTo(new BigDecimal("1200.00"));
        });
        assertThat(nestle.realisedGain()).isEqualTo(new BigDecimal("1200.00"));
        assertThat(estimate.totals()).containsExactly(
                new TaxLotEstimate.Total("CHF", new BigDecimal("1300.00"), new BigDecimal("1200.00")));
    }

    @Test
    void aDecreaseAcrossLots_andClosingAtTheLastKnownUnitValue() {
        buyBuySell();
        // April: 30 @ 80 consumes the 40 left of lot 1 (+1,200.00) and 20 of lot 2 (+400.00)
        app.onMessage(valued("keller", NESTLE, "30", "2400", "CHF", "2024-04-30"));
        TaxLotEstimate.HoldingEstimate april = estimate("keller").holdings().getFirst();
        assertThat(april.realisedGain()).isEqualTo(new BigDecimal("2800.00")); // 1,200 + 1,200 + 400
        assertThat(april.openLots()).singleElement().satisfies(lot -> {
            assertThat(lot.lotId()).isEqualTo(HOLDING + "#2");
            assertThat(lot.quantity()).isEqualByComparingTo("30");
            assertThat(lot.unrealisedGain()).isEqualTo(new BigDecimal("600.00")); // 30 × (80 − 60)
        });

        // May: closed (custody reports 0 / 0): the last 30 of lot 2 go at April's 80: +600.00
        app.onMessage(valued("keller", NESTLE, "0", "0", "CHF", "2024-05-31"));
        TaxLotEstimate.HoldingEstimate may = estimate("keller").holdings().getFirst();
        assertThat(may.openLots()).isEmpty();
        assertThat(may.unrealisedGain()).isEqualTo(new BigDecimal("0.00"));
        assertThat(may.realisedGain()).isEqualTo(new BigDecimal("3400.00"));
        assertThat(may.consumedLots()).extracting(TaxLotEstimate.RealisedLotGain::unitProceeds)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("70"), new BigDecimal("80"), new BigDecimal("80"), new BigDecimal("80"));
    }

    @Test
    void amounts_roundHalfEvenToTheCurrencysMinorUnit() {
        // 3 units worth 100: unit value 33.33333333333333; cost and value round to 100.00 each
        app.onMessage(valued("keller", NESTLE, "3", "100", "CHF", "2024-01-31"));
        app.onMessage(valued("keller", "JP3633400001", "100", "250050", "JPY", "2024-01-31"));
        app.onMessage(valued("keller", "JP3633400001", "100", "300000", "JPY", "2024-02-29"));

        TaxLotEstimate estimate = estimate("keller");
        assertThat(estimate.holdings().get(0).openLots().getFirst().costBasis()).isEqualTo(new BigDecimal("100.00"));
        assertThat(estimate.holdings().get(0).unrealisedGain()).isEqualTo(new BigDecimal("0.00"));
        assertThat(estimate.holdings().get(1).unrealisedGain()).isEqualTo(new BigDecimal("49950")); // yen: no decimals
        assertThat(estimate.totals()).extracting(TaxLotEstimate.Total::currency).containsExactly("CHF", "JPY");
    }

    @Test
    void cashRedeliveryAndStaleValuations_changeNothing() {
        buyBuySell();
        long events = store.load(new io.mosaic.sdk.AggregateRef("tax-lots", "keller")).size();
        app.onMessage(valued("keller", "CASH-CHF", "10000", "10000", "CHF", "2024-03-31"));
        app.onMessage(valued("keller", NESTLE, "90", "6300", "CHF", "2024-03-31")); // redelivered
        app.onMessage(valued("keller", NESTLE, "500", "1", "CHF", "2023-12-31")); // older than what is known
        app.onMessage(valued("keller", NESTLE, "200", "20000", "EUR", "2024-04-30")); // lots are in CHF

        assertThat(store.load(new io.mosaic.sdk.AggregateRef("tax-lots", "keller"))).hasSize((int) events);
        assertThat(estimate("keller").holdings()).hasSize(1);
        assertThat(context.published()).isEmpty();
    }

    @Test
    void stateSurvivesReinstall_andOwnersAreKeptApart() {
        buyBuySell();
        app.stop();
        TaxLotsApp again = new TaxLotsApp();
        again.start(new FakePluginContext(store, Map.of()));
        again.onMessage(valued("huber", NESTLE, "10", "700", "CHF", "2024-03-31"));

        TaxLotEstimate keller = (TaxLotEstimate) again.query(new Query("estimate", Map.of("owner", "keller"), "a")).orElseThrow();
        assertThat(keller.totals().getFirst().realisedGain()).isEqualTo(new BigDecimal("1200.00"));
        TaxLotEstimate huber = (TaxLotEstimate) again.query(new Query("estimate", Map.of("owner", "huber"), "a")).orElseThrow();
        assertThat(huber.holdings()).singleElement().satisfies(h -> assertThat(h.unrealisedGain()).isEqualTo(new BigDecimal("0.00")));
    }

    @Test
    void concurrentWriter_causesOneConflict_thatIsRetried_withoutADoubleLot() {
        TaxLotsApp rival = new TaxLotsApp();
        rival.start(new FakePluginContext(store, Map.of()));
        store.beforeNextAppend(() -> rival.onMessage(valued("keller", NESTLE, "100", "5000", "CHF", "2024-01-31")));

        app.onMessage(valued("keller", NESTLE, "100", "5000", "CHF", "2024-01-31"));

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(estimate("keller").holdings().getFirst().openLots()).hasSize(1);
    }

    @Test
    void otherMethodOrMissingOwner_hasNoAnswer() {
        assertThat(app.query(new Query("estimate", Map.of("owner", "keller", "method", "LIFO"), "a"))).isEmpty();
        assertThat(app.query(new Query("estimate", Map.of(), "a"))).isEmpty();
        assertThat(app.query(new Query("nonsense", Map.of("owner", "keller"), "a"))).isEmpty();
        assertThat(estimate("nobody").holdings()).isEmpty();
    }

    @Test
    void estimate_isJsonWithAmountsAsStrings() throws Exception {
        buyBuySell();
        JsonNode json = Json.MAPPER.readTree(Json.write(estimate("keller")));
        assertThat(json.path("totals").get(0).path("realisedGain").asText()).isEqualTo("1200.00");
        assertThat(json.path("holdings").get(0).path("openLots").get(0).path("openedOn").asText()).isEqualTo("2024-01-31");
    }

    @Test
    void manifest_isAnApp_consumingHoldings_publishingNothing_withAReasonedScope() throws Exception {
        JsonNode manifest = FakePluginContext.manifest();
        assertThat(manifest.get("kind").asText()).isEqualTo("app");
        assertThat(manifest.get("id").asText()).isEqualTo(TaxLotsApp.DOMAIN);
        assertThat(manifest.get("domain").asText()).isEqualTo(TaxLotsApp.DOMAIN);
        assertThat(manifest.get("consumes").get(0).asText()).isEqualTo(TaxLotsApp.HOLDING_VALUED);
        assertThat(manifest.get("publishes")).isEmpty();
        assertThat(manifest.get("scopes").get(0).get("scope").asText()).isEqualTo("custody.holdings.read");
        assertThat(manifest.get("scopes").get(0).get("reason").asText()).contains("not tax advice");
        assertThat(Class.forName(manifest.get("entry-class").asText()).getConstructor().newInstance())
                .isInstanceOf(AppPlugin.class);
    }
}
