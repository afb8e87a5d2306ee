package io.mosaic.plugin.consolidation;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain against an in-memory platform: other domains' events in, facts stored, figures published and queried. */
class ConsolidationDomainTest {
    static final Instant START = Instant.parse("2024-06-30T08:00:00Z");
    private FakeEventStore store;
    private TestClock clock;
    private FakePluginContext context;
    private ConsolidationDomain domain;

    @BeforeEach
    void start() {
        clock = new TestClock(START);
        store = new FakeEventStore("consolidation", clock);
        context = new FakePluginContext(store, Map.of("reporting-currency", "CHF"), clock);
        domain = new ConsolidationDomain();
        domain.start(context);
    }

    private void send(ConsolidationDomain target, String type, Object body, String entity) {
        clock.advance(Duration.ofMinutes(1));
        target.onMessage(FakeEnvelope.event(type, body, entity));
    }

    private void send(String type, Object body, String entity) {
        send(domain, type, body, entity);
    }

    static Inbound.HoldingValued holding(String id, String owner, String instrument, String assetClass, String currency,
                                         String value, String asOf) {
        return new Inbound.HoldingValued(id, "acc-" + owner, owner, "UBS", instrument, instrument, assetClass, "CH",
                BigDecimal.ONE, currency, new BigDecimal(value), LocalDate.parse(asOf));
    }

    static Inbound.ValuationRecorded valuation(String asset, String id, String amount, String currency, String date) {
        return new Inbound.ValuationRecorded(asset, id, new BigDecimal(amount), currency, LocalDate.parse(date),
                "APPRAISAL", "bank", null, START);
    }

    /**
     * anna holds 60% of holdco. Rates (2024-06-28): EUR/CHF 0.95, EUR/USD 1.10. anna: 10,000 CHF cash;
     * holdco: 200,000 USD (= 172,727.2727… CHF via EUR) and a mortgage of 100,000 EUR (= −95,000 CHF).
     * anna = 10,000 + 0.6 × 77,727.2727… = 56,636.36 CHF; holdco = 77,727.27 CHF.
     */
    private void demoOffice() {
        send("structures.PartyRegistered", new Inbound.PartyRegistered("anna", "PERSON", "Anna", "CH"), "anna");
        send("structures.PartyRegistered", new Inbound.PartyRegistered("holdco", "COMPANY", "Holdco AG", "CH"), "holdco");
        send("structures.OwnershipChanged", new Inbound.OwnershipChanged("e1", "anna", "holdco", new BigDecimal("0.6"),
                new BigDecimal("0.6"), LocalDate.parse("2024-01-01"), null), "holdco");
        send("market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "CHF", new BigDecimal("0.95"),
                LocalDate.parse("2024-06-28"), "ECB"), null);
        send("market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "USD", new BigDecimal("1.10"),
                LocalDate.parse("2024-06-28"), "ECB"), null);
        send("custody.HoldingValued", holding("h1", "anna", "CASH-CHF", "CASH", "CHF", "10000", "2024-06-28"), "anna");
        send("custody.HoldingValued", holding("h2", "holdco", "US0378331005", "EQUITY", "USD", "200000", "2024-06-28"),
                "holdco");
        send("assets.AssetRegistered", new Inbound.AssetRegistered("m1", "Mortgage", "MORTGAGE", "holdco", "EUR", "",
                START, null), "m1");
        send("assets.ValuationRecorded", valuation("m1", "v1", "100000", "EUR", "2024-06-28"), "m1");
    }

    private ConsolidationViews.NetWorth netWorth(ConsolidationDomain target, String owner, Map<String, String> extra) {
        Map<String, String> parameters = new HashMap<>(extra);
        parameters.put("owner", owner);
        return (ConsolidationViews.NetWorth) target.query(new Query("net-worth", parameters, "c")).orElseThrow();
    }

    @Test
    void liveFigures_arePublishedPerOwner_onlyWhenTheyChange() {
        demoOffice();

        var annaMessages = context.published().stream().filter(p -> p.entity().orElse("").equals("anna"))
                .map(p -> p.as(NetWorthChanged.class)).toList();
        assertThat(annaMessages).extracting(m -> m.netWorth().toPlainString())
                .containsExactly("10000.00", "113636.36", "56636.36");
        assertThat(annaMessages.getLast().currency()).isEqualTo("CHF");
        assertThat(annaMessages.getLast().asOf()).isEqualTo(LocalDate.parse("2024-06-30"));
        assertThat(domain.shown("holdco").orElseThrow().netWorth()).isEqualByComparingTo("77727.27");
        assertThat(netWorth(domain, "anna", Map.of()).netWorth()).isEqualByComparingTo("56636.36");

        int published = context.published().size();
        send("custody.HoldingValued", holding("h1", "anna", "CASH-CHF", "CASH", "CHF", "10000.00", "2024-06-28"), "anna");
        send("structures.PartyRegistered", new Inbound.PartyRegistered("anna", "PERSON", "Anna", "CH"), "anna");
        assertThat(context.published()).as("repeats change nothing").hasSize(published);
    }

    @Test
    void unconvertibleHolding_isListedAsUnpriced_neverConvertedAtOne() {
        demoOffice();
        send("custody.HoldingValued", holding("h3", "holdco", "JP3633400001", "EQUITY", "JPY", "5000000", "2024-06-28"),
                "holdco");

        NetWorthChanged anna = domain.shown("anna").orElseThrow();
        assertThat(anna.netWorth()).isEqualByComparingTo("56636.36");
        assertThat(anna.unpriced()).containsExactly("holdco (5000000 JPY, share 0.6)");
        var query = netWorth(domain, "anna", Map.of());
        assertThat(query.unpriced()).singleElement().satisfies(u -> assertThat(u.positionId()).isEqualTo("holding:h3"));

        send("market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "JPY", new BigDecimal("172.50"),
                LocalDate.parse("2024-06-28"), "ECB"), null);
        // 5,000,000 JPY = 5,000,000 / 172.5 × 0.95 = 27,536.2318… CHF; anna's 60% = 16,521.74
        assertThat(domain.shown("anna").orElseThrow().netWorth()).isEqualByComparingTo("73158.10");
        assertThat(domain.shown("anna").orElseThrow().unpriced()).isEmpty();
    }

    @Test
    void stateSurvivesARestart() {
        demoOffice();
        ConsolidationDomain restarted = new ConsolidationDomain();
        FakePluginContext again = new FakePluginContext(store, Map.of("reporting-currency", "CHF"), clock);
        restarted.start(again);

        assertThat(netWorth(restarted, "anna", Map.of()).netWorth()).isEqualByComparingTo("56636.36");
        assertThat(again.published()).isEmpty();
        send(restarted, "custody.HoldingValued", holding("h1", "anna", "CASH-CHF", "CASH", "CHF", "12000", "2024-06-29"),
                "anna");
        assertThat(again.published()).extracting(p -> p.as(NetWorthChanged.class).netWorth().toPlainString())
                .containsExactly("58636.36");
        assertThat(store.conflicts()).isZero();
    }

    @Test
    void asOfAPastDate_andAsKnownAtAPastTime() {
        demoOffice();
        Instant beforeCorrection = clock.instant();
        // 1 July: the mortgage was revalued on 28 June after all (a back-dated correction), and cash grew on 1 July.
        send("assets.ValuationRecorded", valuation("m1", "v2", "120000", "EUR", "2024-06-28"), "m1");
        send("custody.HoldingValued", holding("h1", "anna", "CASH-CHF", "CASH", "CHF", "15000", "2024-07-01"), "anna");

        assertThat(netWorth(domain, "anna", Map.of("asOf", "2024-06-28")).netWorth())
                .as("as of 28 June, as known now: 10,000 + 0.6 × (172,727.27 − 114,000)").isEqualByComparingTo("45236.36");
        assertThat(netWorth(domain, "anna", Map.of("asOf", "2024-06-28", "knownAt", beforeCorrection.toString()))
                .netWorth()).as("as it was known before the correction").isEqualByComparingTo("56636.36");
        assertThat(netWorth(domain, "anna", Map.of("asOf", "2024-07-01")).netWorth()).isEqualByComparingTo("50236.36");
        assertThat(netWorth(domain, "anna", Map.of("asOf", "2023-12-31")).netWorth()).isEqualByComparingTo("0.00");
    }

    @Test
    void allocationAndHoldingsQueries() {
        demoOffice();
        var allocation = (ConsolidationViews.Allocation) domain.query(new Query("allocation",
                Map.of("owner", "anna", "by", "assetClass", "asOf", "2024-06-28"), "c")).orElseThrow();
        assertThat(allocation.buckets()).extracting(ConsolidationViews.Bucket::key)
                .containsExactly("EQUITY", "CASH", "MORTGAGE");
        assertThat(allocation.buckets().getLast().value()).isEqualByComparingTo("-57000.00");
        var inEur = (ConsolidationViews.NetWorth) domain.query(new Query("net-worth",
                Map.of("owner", "anna", "currency", "EUR", "asOf", "2024-06-28"), "c")).orElseThrow();
        // 56,636.36… CHF / 0.95 = 59,617.22 EUR (computed from unrounded amounts)
        assertThat(inEur.netWorth()).isEqualByComparingTo("59617.22");

        var holdings = (ConsolidationViews.Holdings) domain.query(new Query("holdings",
                Map.of("owner", "holdco", "asOf", "2024-06-28"), "c")).orElseThrow();
        assertThat(holdings.positions()).extracting(ConsolidationViews.HoldingLine::positionId)
                .containsExactly("asset:m1", "holding:h2");
        assertThat(holdings.positions().getFirst().amount()).isEqualByComparingTo("-100000");
        JsonNode json = Json.read(Json.write(holdings), JsonNode.class);
        assertThat(json.get("positions").get(1).get("amount").asText()).isEqualTo("200000");
        assertThat(domain.query(new Query("net-worth", Map.of("owner", "nobody"), "c"))).isEmpty();
    }

    /** The TWR and IRR hand cases of {@link ReturnsTest}, end to end through custody events. */
    @Test
    void performanceQuery_twrAndIrr() {
        clock = new TestClock(Instant.parse("2025-01-05T08:00:00Z"));
        store = new FakeEventStore("consolidation", clock);
        context = new FakePluginContext(store, Map.of("reporting-currency", "CHF"), clock);
        domain = new ConsolidationDomain();
        domain.start(context);
        send("structures.PartyRegistered", new Inbound.PartyRegistered("anna", "PERSON", "Anna", "CH"), "anna");
        String[][] statements = {{"2024-01-01", "100000"}, {"2024-04-01", "125000"}, {"2024-09-01", "118000"},
                {"2024-12-31", "121000"}};
        for (String[] s : statements) {
            send("custody.HoldingValued", holding("h1", "anna", "CH0012005267", "EQUITY", "CHF", s[1], s[0]), "anna");
        }
        send("custody.CashFlowRecorded", new Inbound.CashFlowRecorded("f1", "acc-anna", "anna",
                new BigDecimal("20000"), "CHF", LocalDate.parse("2024-04-01"), true), "anna");
        send("custody.CashFlowRecorded", new Inbound.CashFlowRecorded("f2", "acc-anna", "anna",
                new BigDecimal("-10000"), "CHF", LocalDate.parse("2024-09-01"), true), "anna");
        send("custody.CashFlowRecorded", new Inbound.CashFlowRecorded("f3", "acc-anna", "anna",
                new BigDecimal("350"), "CHF", LocalDate.parse("2024-06-30"), false), "anna");

        var performance = (ConsolidationViews.Performance) domain.query(new Query("performance",
                Map.of("owner", "anna", "from", "2024-01-01", "to", "2024-12-31"), "c")).orElseThrow();

        assertThat(performance.twrStatus()).isEqualTo("OK");
        assertThat(performance.twr()).isEqualByComparingTo("0.1025355932");
        assertThat(performance.subPeriods()).hasSize(3);
        assertThat(performance.netExternalFlows()).isEqualByComparingTo("10000.00");
        // IRR: −100,000 (t=0), −20,000 (t=91/365), +10,000 (t=244/365), +121,000 (t=1) ⇒ r = 0.0985442801701937…
        assertThat(performance.irrStatus()).isEqualTo("OK");
        assertThat(performance.irr()).isEqualByComparingTo("0.0985442802");
    }

    /** The events of a random family office, each with its envelope entity, in a valid causal order. */
    static List<Object[]> randomEvents(long seed, int owners) {
        Random random = new Random(seed);
        List<Object[]> events = new ArrayList<>();
        events.add(new Object[]{"market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "CHF",
                new BigDecimal("0.95"), LocalDate.parse("2024-05-01"), "ECB"), null});
        events.add(new Object[]{"market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "USD",
                new BigDecimal("1.08"), LocalDate.parse("2024-05-01"), "ECB"), null});
        events.add(new Object[]{"market-data.FxRateRecorded", new Inbound.FxRateRecorded("EUR", "CHF",
                new BigDecimal("0.97"), LocalDate.parse("2024-06-03"), "ECB"), null});
        for (int o = 0; o < owners; o++) {
            events.add(new Object[]{"structures.PartyRegistered", new Inbound.PartyRegistered("o" + o,
                    o < 2 ? "PERSON" : "COMPANY", "Owner " + o, "CH"), "o" + o});
        }
        for (int o = 2; o < owners; o++) {
            int holder = random.nextInt(o);
            events.add(new Object[]{"structures.OwnershipChanged", new Inbound.OwnershipChanged("e" + o, "o" + holder,
                    "o" + o, BigDecimal.valueOf(10 + random.nextInt(90), 2), BigDecimal.ONE,
                    LocalDate.parse("2024-01-01").plusDays(random.nextInt(200)), null), "o" + o});
        }
        String[] currencies = {"CHF", "EUR", "USD"};
        for (int h = 0; h < owners * 3; h++) {
            String owner = "o" + random.nextInt(owners);
            events.add(new Object[]{"custody.HoldingValued", holding("h" + h, owner, "I" + h, "EQUITY",
                    currencies[random.nextInt(3)], String.valueOf(1000 + random.nextInt(100000)),
                    LocalDate.parse("2024-05-01").plusDays(random.nextInt(60)).toString()), owner});
        }
        return events;
    }

    @Property(tries = 15)
    void replayingInAnotherValidOrder_givesTheSameFigures(@ForAll long seed, @ForAll @IntRange(min = 2, max = 8) int n) {
        List<Object[]> events = randomEvents(seed, n);
        List<Object[]> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));

        List<Map<String, BigDecimal>> figures = new ArrayList<>();
        for (List<Object[]> order : List.of(events, shuffled)) {
            start();
            for (Object[] event : order) {
                send((String) event[0], event[1], (String) event[2]);
            }
            Map<String, BigDecimal> result = new HashMap<>();
            for (int o = 0; o < n; o++) {
                for (String date : List.of("2024-05-15", "2024-06-10", "2024-07-31")) {
                    result.put("o" + o + "@" + date, netWorth(domain, "o" + o, Map.of("asOf", date)).netWorth());
                }
                result.put("o" + o + "@live", domain.shown("o" + o).map(NetWorthChanged::netWorth)
                        .orElse(BigDecimal.ZERO.setScale(2)));
            }
            figures.add(result);
        }
        assertThat(figures.get(1)).isEqualTo(figures.get(0));
    }

    /** Whatever happens later (new statements, back-dated corrections), the figure as known then stays. */
    @Property(tries = 15)
    void netWorthOnAPastDate_asKnownThen_equalsWhatWasComputedThen(@ForAll long seed,
                                                                  @ForAll @IntRange(min = 2, max = 6) int n) {
        start();
        Random random = new Random(seed);
        List<Object[]> events = randomEvents(seed, n);
        for (int i = 0; i < 10; i++) { // corrections: the same holdings again, other values, earlier or same dates
            Object[] original = events.get(events.size() - 1 - random.nextInt(n * 3));
            Inbound.HoldingValued h = (Inbound.HoldingValued) original[1];
            events.add(new Object[]{original[0], holding(h.holdingId(), h.ownerId(), h.instrumentId(), h.assetClass(),
                    h.currency(), String.valueOf(500 + random.nextInt(100000)),
                    h.asOf().minusDays(random.nextInt(3)).toString()), original[2]});
        }
        List<Object[]> seen = new ArrayList<>();
        for (Object[] event : events) {
            send((String) event[0], event[1], (String) event[2]);
            String owner = "o" + random.nextInt(n);
            String asOf = LocalDate.parse("2024-05-01").plusDays(random.nextInt(70)).toString();
            seen.add(new Object[]{owner, asOf, clock.instant(), figure(owner, Map.of("asOf", asOf))});
        }
        for (Object[] then : seen) {
            assertThat(figure((String) then[0], Map.of("asOf", (String) then[1], "knownAt", then[2].toString())))
                    .as("%s as of %s known at %s", then[0], then[1], then[2]).isEqualTo(then[3]);
        }
    }

    /** The owner's net worth as text, or "unknown" while the owner was not known. */
    private String figure(String owner, Map<String, String> parameters) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put("owner", owner);
        return domain.query(new Query("net-worth", all, "c"))
                .map(answer -> ((ConsolidationViews.NetWorth) answer).netWorth().toPlainString()).orElse("unknown");
    }

    @Test
    void manifestAndPolicy_coverTheConsumedEvents() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        List<String> consumes = new ArrayList<>();
        yaml.get("consumes").forEach(node -> consumes.add(node.asText()));
        List<String> publishes = new ArrayList<>();
        yaml.get("publishes").forEach(node -> publishes.add(node.asText()));
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), consumes, publishes, List.of(), Map.of());
        assertThat(manifest.consumes()).containsExactlyInAnyOrder("structures.PartyRegistered",
                "structures.OwnershipChanged", "custody.HoldingValued", "custody.CashFlowRecorded",
                "assets.AssetRegistered", "assets.ValuationRecorded", "market-data.FxRateRecorded",
                "market-data.PriceRecorded");
        assertThat(manifest.publishes()).containsExactly("consolidation.NetWorthChanged");
        assertThat(Class.forName(manifest.entryClass()).getConstructor().newInstance()).isInstanceOf(DomainPlugin.class);

        JsonNode policy = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(getClass().getResource("/policy.yaml"));
        List<String> allowed = new ArrayList<>();
        policy.get("rules").forEach(rule -> {
            if (rule.get("types").get(0).asText().equals("consolidation.Query")) {
                return; // the read rules (docs/security.md, "Who sees what") name the gateway, not an event's domain
            }
            String sender = rule.get("senders").get(0).asText();
            rule.get("types").forEach(type -> {
                assertThat(type.asText()).startsWith(sender + ".");
                allowed.add(type.asText());
            });
        });
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(manifest.consumes());
    }
}
