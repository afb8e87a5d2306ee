package io.mosaic.benchmarks.wealth;

import io.mosaic.plugin.consolidation.Fact;
import io.mosaic.plugin.consolidation.FxTable;
import io.mosaic.plugin.consolidation.Position;
import io.mosaic.plugin.wealthmath.LookThrough;

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

/**
 * A large synthetic family office for the wealth benchmarks: {@code persons} people on top, then {@code depth}
 * levels of legal entities (5,000 in all), each held by one or two holders of the level above (shares up to 95%
 * in total, the rest outside), one entity in a hundred cross-held with a sibling (2-cycles), and
 * {@code positionsPerEntity} positions per entity in CHF, EUR, USD, GBP and JPY. Deterministic (fixed seed).
 */
public record FamilyOffice(List<String> nodes, List<LookThrough.Edge> edges, List<Position> positions,
                           FxTable fx, LocalDate date, Instant now) {

    public static FamilyOffice generate(int persons, int entities, int depth, int positionsPerEntity, long seed) {
        Random random = new Random(seed);
        LocalDate date = LocalDate.of(2025, 6, 30);
        Instant now = Instant.parse("2025-06-30T18:00:00Z");
        List<String> nodes = new ArrayList<>();
        List<List<String>> levels = new ArrayList<>();
        List<String> top = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            top.add("person-" + p);
        }
        levels.add(top);
        nodes.addAll(top);
        int perLevel = entities / depth;
        int made = 0;
        for (int level = 1; level <= depth; level++) {
            List<String> current = new ArrayList<>();
            int count = level == depth ? entities - made : perLevel;
            for (int e = 0; e < count; e++) {
                current.add("entity-" + level + "-" + e);
            }
            made += count;
            levels.add(current);
            nodes.addAll(current);
        }
        List<LookThrough.Edge> edges = new ArrayList<>();
        for (int level = 1; level <= depth; level++) {
            List<String> above = levels.get(level - 1);
            List<String> current = levels.get(level);
            for (int e = 0; e < current.size(); e++) {
                String entity = current.get(e);
                BigDecimal left = new BigDecimal("0.95");
                int holders = 1 + random.nextInt(2);
                for (int h = 0; h < holders; h++) {
                    BigDecimal share = h == holders - 1 ? left.subtract(new BigDecimal("0.05"))
                            : left.multiply(BigDecimal.valueOf(30 + random.nextInt(50)))
                            .divide(BigDecimal.valueOf(100), 4, RoundingMode.DOWN);
                    edges.add(new LookThrough.Edge(above.get(random.nextInt(above.size())), entity, share));
                    left = left.subtract(share);
                }
                if (e % 100 == 0 && e + 1 < current.size()) { // a cross-holding with the next sibling: a cycle
                    edges.add(new LookThrough.Edge(entity, current.get(e + 1), new BigDecimal("0.05")));
                    edges.add(new LookThrough.Edge(current.get(e + 1), entity, new BigDecimal("0.05")));
                }
            }
        }
        String[] currencies = {"CHF", "EUR", "USD", "GBP", "JPY"};
        String[] classes = {"CASH", "EQUITY", "BOND", "FUND", "STRUCTURED"};
        List<Position> positions = new ArrayList<>();
        int id = 0;
        for (int level = 1; level <= depth; level++) {
            for (String entity : levels.get(level)) {
                for (int p = 0; p < positionsPerEntity; p++) {
                    positions.add(new Position("holding:" + id++, entity, "position " + id,
                            classes[random.nextInt(classes.length)], "EU", "bank-" + random.nextInt(6),
                            currencies[random.nextInt(currencies.length)],
                            BigDecimal.valueOf(random.nextInt(50_000_000) - 2_000_000, 2), date));
                }
            }
        }
        Map<String, NavigableMap<LocalDate, List<Fact.RateFact>>> rates = new HashMap<>();
        String[][] reference = {{"CHF", "0.9412"}, {"USD", "1.0838"}, {"GBP", "0.8567"}, {"JPY", "172.51"}};
        for (String[] rate : reference) {
            Fact.RateFact fact = new Fact.RateFact("EUR", rate[0], new BigDecimal(rate[1]), date, now);
            rates.computeIfAbsent(fact.key(), k -> new TreeMap<>()).computeIfAbsent(date, d -> new ArrayList<>()).add(fact);
        }
        return new FamilyOffice(nodes, edges, positions, new FxTable(rates, now, 5), date, now);
    }

    /** Rates into CHF for the live engine, from the same table. */
    public Map<String, BigDecimal> ratesToChf() {
        Map<String, BigDecimal> rates = new HashMap<>();
        for (String currency : List.of("CHF", "EUR", "USD", "GBP", "JPY")) {
            if (fx.convert(currency, "CHF", date) instanceof FxTable.Converted converted) {
                rates.put(currency, converted.rate());
            }
        }
        return rates;
    }
}
