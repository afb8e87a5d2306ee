package io.mosaic.marketplace.metering;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the complexity of each client's structure from {@link ComplexityFact}s and prices it per month.
 * <p>
 * Facts may arrive late and more than once (at-least-once delivery from the journal): they are kept per tenant and
 * client, deduplicated by id, and ordered by time when a month is computed (at equal times, removals first, so
 * replacing an item at one instant does not count both). Months are calendar months in UTC. Thread-safe.
 */
public final class ComplexityMeter {
    private final ComplexityWeights weights;
    private final Map<String, Map<String, List<ComplexityFact>>> facts = new HashMap<>();
    private final Set<UUID> seen = new HashSet<>();

    public ComplexityMeter(ComplexityWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
    }

    /** Records a fact; false when a fact with its id was recorded before. */
    public synchronized boolean record(ComplexityFact fact) {
        Objects.requireNonNull(fact, "fact");
        if (!seen.add(fact.id())) {
            return false;
        }
        facts.computeIfAbsent(fact.tenant(), t -> new TreeMap<>())
                .computeIfAbsent(fact.client(), c -> new ArrayList<>()).add(fact);
        return true;
    }

    /** The client's complexity in the month (all counts zero for a client without facts). */
    public synchronized ClientComplexity complexity(String tenant, String client, YearMonth month) {
        List<ComplexityFact> ofClient = facts.getOrDefault(tenant, Map.of()).getOrDefault(client, List.of());
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<Dimension, Map<String, Integer>> references = new EnumMap<>(Dimension.class);
        Map<Dimension, Integer> present = new EnumMap<>(Dimension.class);
        Map<Dimension, Integer> peak = new EnumMap<>(Dimension.class);
        for (Dimension dimension : Dimension.values()) {
            references.put(dimension, new HashMap<>());
            present.put(dimension, 0);
            peak.put(dimension, 0);
        }
        List<ComplexityFact> ordered = ofClient.stream().filter(f -> f.at().isBefore(end))
                .sorted(Comparator.comparing(ComplexityFact::at)
                        .thenComparing(f -> f.change() == ComplexityFact.Change.ADDED))
                .toList();
        boolean inMonth = false;
        for (ComplexityFact fact : ordered) {
            if (!inMonth && !fact.at().isBefore(start)) {
                inMonth = true;
                present.forEach((d, n) -> peak.put(d, n));
            }
            Map<String, Integer> counts = references.get(fact.dimension());
            int before = counts.getOrDefault(fact.item(), 0);
            int after = fact.change() == ComplexityFact.Change.ADDED ? before + 1 : Math.max(0, before - 1);
            if (after == 0) {
                counts.remove(fact.item());
            } else {
                counts.put(fact.item(), after);
            }
            present.put(fact.dimension(), counts.size());
            if (inMonth) {
                peak.merge(fact.dimension(), counts.size(), Math::max);
            }
        }
        if (!inMonth) {
            present.forEach((d, n) -> peak.put(d, n));
        }
        return new ClientComplexity(client, month, peak, weights.score(peak));
    }

    /** Clients of the tenant that have facts, sorted. */
    public synchronized List<String> clients(String tenant) {
        return List.copyOf(facts.getOrDefault(tenant, Map.of()).keySet());
    }

    /**
     * The tenant's statement for the month: for each client with a score above zero, a platform line at
     * {@code platformPricePerUnit} and a line for each app at its price. Clients of other tenants never appear.
     */
    public MonthlyStatement statement(String tenant, YearMonth month, Money platformPricePerUnit,
                                      List<AppCharge> apps) {
        List<ClientComplexity> clients = new ArrayList<>();
        List<MonthlyStatement.Line> lines = new ArrayList<>();
        for (String client : clients(tenant)) {
            ClientComplexity complexity = complexity(tenant, client, month);
            if (complexity.score() == 0) {
                continue;
            }
            clients.add(complexity);
            lines.add(line(client, MonthlyStatement.PLATFORM, "", complexity.score(), platformPricePerUnit));
            for (AppCharge app : apps) {
                lines.add(line(client, app.app(), app.version(), complexity.score(), app.pricePerUnit()));
            }
        }
        return new MonthlyStatement(tenant, month, clients, lines);
    }

    private static MonthlyStatement.Line line(String client, String item, String version, long score, Money price) {
        return new MonthlyStatement.Line(client, item, version, score, price, price.times(score).rounded());
    }
}
