package io.mosaic.plugin.consolidation;

import io.mosaic.plugin.wealthmath.LookThrough;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsolidatorTest {
    static final LocalDate DAY = LocalDate.of(2024, 6, 28);
    static final Instant NOW = Instant.parse("2024-06-30T12:00:00Z");

    static Map<String, NavigableMap<LocalDate, List<Fact.RateFact>>> rates(String... baseQuoteRate) {
        Map<String, NavigableMap<LocalDate, List<Fact.RateFact>>> rates = new HashMap<>();
        for (String text : baseQuoteRate) {
            String[] p = text.split(" ");
            Fact.RateFact fact = new Fact.RateFact(p[0], p[1], new BigDecimal(p[2]), DAY, NOW);
            rates.computeIfAbsent(fact.key(), k -> new TreeMap<>()).computeIfAbsent(DAY, d -> new ArrayList<>()).add(fact);
        }
        return rates;
    }

    static Position position(String id, String entity, String assetClass, String custodian, String currency,
                             String amount) {
        return new Position(id, entity, id, assetClass, "EU", custodian, currency, new BigDecimal(amount), DAY);
    }

    /**
     * Consolidation in three currencies (and one without a rate), reporting currency CHF, hand-computed:
     * <pre>
     *   Rates on 2024-06-28: EUR/CHF 0.95, EUR/USD 1.10 (reference rates, per EUR), GBP/CHF 1.12 (direct). No JPY.
     *   USD→CHF has no direct rate: via EUR, 1 USD = (1 / 1.10) EUR × 0.95 = 0.863636… CHF.
     *   anna holds 60% of holdco and 10,000 CHF cash directly.
     *   holdco:  200,000 USD equities  →  172,727.2727… CHF
     *             50,000 GBP bonds     →   56,000.00 CHF
     *           −100,000 EUR mortgage  →  −95,000.00 CHF (a liability: negative)
     *          1,000,000 JPY deposit   →  unpriced (no JPY rate): left out, listed, never converted at 1
     *   holdco net = 133,727.27 CHF
     *   anna = 10,000 + 0.6 × 133,727.2727… = 90,236.36 CHF;
     *          assets 10,000 + 0.6 × 228,727.2727… = 147,236.36; liabilities 0.6 × −95,000 = −57,000.00
     *   By currency: USD 103,636.36 (weight 1.1484988918), GBP 33,600.00, CHF 10,000.00, EUR −57,000.00
     * </pre>
     */
    @Test
    void threeCurrencies_handComputed() {
        LookThrough lt = LookThrough.of(List.of("anna", "holdco"),
                List.of(new LookThrough.Edge("anna", "holdco", new BigDecimal("0.6"))));
        List<Position> positions = List.of(
                position("cash", "anna", "CASH", "UBS", "CHF", "10000"),
                position("equities", "holdco", "EQUITY", "Pictet", "USD", "200000"),
                position("bonds", "holdco", "BOND", "Pictet", "GBP", "50000"),
                position("mortgage", "holdco", "MORTGAGE", "NON-BANKABLE", "EUR", "-100000"),
                position("yen", "holdco", "CASH", "MUFG", "JPY", "1000000"));
        FxTable fx = new FxTable(rates("EUR CHF 0.95", "EUR USD 1.10", "GBP CHF 1.12"), NOW, 5);
        Consolidator consolidator = new Consolidator(lt, positions, fx, "CHF", DAY, NOW);

        var anna = consolidator.netWorth("anna");
        assertThat(anna.netWorth()).isEqualByComparingTo("90236.36");
        assertThat(anna.assets()).isEqualByComparingTo("147236.36");
        assertThat(anna.liabilities()).isEqualByComparingTo("-57000.00");
        assertThat(anna.unpriced()).singleElement().satisfies(u -> {
            assertThat(u.positionId()).isEqualTo("yen");
            assertThat(u.currency()).isEqualTo("JPY");
            assertThat(u.share()).isEqualByComparingTo("0.6");
            assertThat(u.reason()).isEqualTo("no JPY/CHF rate on or before 2024-06-28");
        });
        assertThat(consolidator.netWorth("holdco").netWorth()).isEqualByComparingTo("133727.27");

        var byCurrency = consolidator.allocation("anna", Consolidator.Dimension.CURRENCY);
        assertThat(byCurrency.buckets()).extracting(ConsolidationViews.Bucket::key)
                .containsExactly("USD", "GBP", "CHF", "EUR");
        assertThat(byCurrency.buckets().getFirst().value()).isEqualByComparingTo("103636.36");
        assertThat(byCurrency.buckets().getFirst().weight()).isEqualByComparingTo("1.1484988918");
        assertThat(byCurrency.buckets().getLast().value()).isEqualByComparingTo("-57000.00");
        assertThat(byCurrency.total()).isEqualByComparingTo("90236.36");

        var byCustodian = consolidator.allocation("anna", Consolidator.Dimension.CUSTODIAN);
        assertThat(byCustodian.buckets()).extracting(ConsolidationViews.Bucket::key)
                .containsExactly("Pictet", "UBS", "NON-BANKABLE");

        Map<String, BigDecimal> all = consolidator.netWorthOfAll();
        assertThat(all.get("anna").setScale(2, RoundingMode.HALF_EVEN)).isEqualByComparingTo("90236.36");
    }

    @Test
    void staleRate_isUsed_andFlagged() {
        FxTable fx = new FxTable(rates("EUR CHF 0.95"), NOW, 5);
        Consolidator consolidator = new Consolidator(LookThrough.of(List.of("anna"), List.of()),
                List.of(position("eur", "anna", "CASH", "UBS", "EUR", "100")), fx, "CHF", DAY.plusDays(30), NOW);
        var anna = consolidator.netWorth("anna");
        assertThat(anna.netWorth()).isEqualByComparingTo("95.00");
        assertThat(anna.staleRates()).singleElement().isEqualTo(new ConsolidationViews.StaleRate("EUR", DAY));
    }

    /** A random family office: people on top, entities below with cross-holdings, positions in four currencies. */
    record Office(LookThrough lookThrough, List<LookThrough.Edge> edges, List<Position> positions,
                  List<String> people) {
    }

    static Office office(long seed, int entities, int positionsPerEntity) {
        Random random = new Random(seed);
        List<String> nodes = new ArrayList<>();
        List<LookThrough.Edge> edges = new ArrayList<>();
        List<String> people = List.of("p0", "p1", "p2");
        nodes.addAll(people);
        for (int e = 0; e < entities; e++) {
            nodes.add("e" + e);
            BigDecimal left = new BigDecimal("0.9");
            for (int h = 0; h < 2; h++) {
                String holder = random.nextInt(3) == 0 ? people.get(random.nextInt(3)) : "e" + random.nextInt(entities);
                if (holder.equals("e" + e)) {
                    continue;
                }
                BigDecimal share = left.multiply(BigDecimal.valueOf(1 + random.nextInt(90)))
                        .divide(BigDecimal.valueOf(100), 4, RoundingMode.DOWN);
                if (share.signum() > 0) {
                    edges.add(new LookThrough.Edge(holder, "e" + e, share));
                    left = left.subtract(share);
                }
            }
        }
        List<Position> positions = new ArrayList<>();
        String[] currencies = {"CHF", "EUR", "USD", "GBP"};
        for (String node : nodes) {
            for (int p = 0; p < positionsPerEntity; p++) {
                positions.add(position(node + "-" + p, node, "EQUITY", "bank" + random.nextInt(3),
                        currencies[random.nextInt(4)], BigDecimal.valueOf(random.nextInt(2_000_000) - 400_000, 2)
                                .toPlainString()));
            }
        }
        return new Office(LookThrough.of(nodes, edges), edges, positions, people);
    }

    static final FxTable FX = new FxTable(rates("EUR CHF 0.9412", "EUR USD 1.0838", "EUR GBP 0.8567"), NOW, 5);

    /** The live engine, fed one change at a time, always equals a full consolidation from scratch. */
    @Property(tries = 40)
    void incrementalUpdates_equalAFullConsolidation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int n) {
        Office office = office(seed, n, 3);
        Map<String, BigDecimal> rateToChf = Map.of("CHF", BigDecimal.ONE, "EUR", new BigDecimal("0.9412"),
                "USD", new BigDecimal("0.9412").divide(new BigDecimal("1.0838"), FxTable.MATH),
                "GBP", new BigDecimal("0.9412").divide(new BigDecimal("0.8567"), FxTable.MATH));
        LiveConsolidation live = new LiveConsolidation("CHF", office.lookThrough(), office.positions(), rateToChf);
        Random random = new Random(seed);
        List<Position> current = new ArrayList<>(office.positions());
        for (int step = 0; step < 30; step++) {
            int i = random.nextInt(current.size());
            Position old = current.get(i);
            Position next = new Position(old.id(), old.entityId(), old.name(), old.assetClass(), old.region(),
                    old.custodian(), random.nextBoolean() ? old.currency() : "USD",
                    BigDecimal.valueOf(random.nextInt(3_000_000) - 500_000, 2), DAY);
            current.set(i, next);
            live.upsert(next);
        }
        Consolidator full = new Consolidator(office.lookThrough(), current, FX, "CHF", DAY, NOW);
        for (String owner : office.lookThrough().nodes()) {
            assertThat(live.netWorth(owner).setScale(2, RoundingMode.HALF_EVEN)).as(owner)
                    .isEqualByComparingTo(full.netWorth(owner).netWorth());
        }
    }

    /**
     * Value conservation: the value of every position reaches its holders and leaks to outside holders wherever an
     * entity is not held 100%. With held_j = Σ_i A[i][j], Σ_j (1 − held_j)·Eq_j = Σ D (since 1ᵀ(I − A)(I − A)⁻¹ = 1ᵀ):
     * summed over everyone including the outside shares, the look-through values equal the positions' value.
     * And no person on top ever holds more than 100% of an entity.
     */
    @Property(tries = 40)
    void valueIsConserved_andNoPersonHoldsMoreThanAll(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int n) {
        Office office = office(seed, n, 2);
        Consolidator consolidator = new Consolidator(office.lookThrough(), office.positions(), FX, "CHF", DAY, NOW);
        Map<String, BigDecimal> equity = consolidator.netWorthOfAll();
        Map<String, BigDecimal> held = new HashMap<>();
        office.edges().forEach(e -> held.merge(e.entity(), e.share(), BigDecimal::add));

        BigDecimal attributed = BigDecimal.ZERO;
        for (String node : office.lookThrough().nodes()) {
            BigDecimal outside = BigDecimal.ONE.subtract(held.getOrDefault(node, BigDecimal.ZERO));
            attributed = attributed.add(outside.multiply(equity.get(node)));
        }
        BigDecimal direct = BigDecimal.ZERO;
        for (Position p : office.positions()) {
            FxTable.Converted c = (FxTable.Converted) FX.convert(p.currency(), "CHF", DAY);
            direct = direct.add(p.amount().multiply(c.rate(), FxTable.MATH));
        }
        assertThat(attributed.subtract(direct).abs()).isLessThan(new BigDecimal("1E-15"));
        for (String person : office.people()) {
            office.lookThrough().sharesOf(person).values().forEach(share ->
                    assertThat(share).isLessThanOrEqualTo(new BigDecimal("1.000000000000000000001")));
        }
    }
}
