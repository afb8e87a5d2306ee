package io.mosaic.plugin.consolidation;

import io.mosaic.plugin.wealthmath.LookThrough;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every fact consolidation has recorded, indexed for bitemporal reads: "as of" a date (the fact's
 * {@code validFrom}) and "as known at" a time (its {@code recordedAt}). For one subject (key) the version that
 * counts on date d known at t is the one with the latest valid date ≤ d among those recorded ≤ t, and among equal
 * valid dates the one recorded last. Not thread-safe; the domain guards it. No I/O.
 */
public final class FactBook {
    private final Map<String, NavigableMap<LocalDate, List<Fact.PartyFact>>> parties = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.EdgeFact>>> edges = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.HoldingFact>>> holdings = new HashMap<>();
    private final Map<String, Set<String>> holdingsByInstrument = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.FlowFact>>> flows = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.AssetFact>>> assets = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.ValuationFact>>> valuations = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.RateFact>>> rates = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, List<Fact.PriceFact>>> prices = new HashMap<>();

    /** Adds the fact; false (and nothing changes) when the latest version of its key and date has the same content. */
    public boolean add(Fact fact) {
        return switch (fact) {
            case Fact.PartyFact f -> put(parties, f);
            case Fact.EdgeFact f -> put(edges, f);
            case Fact.HoldingFact f -> {
                boolean added = put(holdings, f);
                if (added && !f.instrumentId().isEmpty()) {
                    holdingsByInstrument.computeIfAbsent(f.instrumentId(), i -> new LinkedHashSet<>()).add(f.holdingId());
                }
                yield added;
            }
            case Fact.FlowFact f -> put(flows, f);
            case Fact.AssetFact f -> put(assets, f);
            case Fact.ValuationFact f -> put(valuations, f);
            case Fact.RateFact f -> put(rates, f);
            case Fact.PriceFact f -> put(prices, f);
        };
    }

    /**
     * Edges and valuation-like facts are keyed by subject and valid date. For parties, edges and assets a later
     * recording replaces the earlier whatever its date, so they are filed under one date (their content carries
     * their validity).
     */
    private static <F extends Fact> boolean put(Map<String, NavigableMap<LocalDate, List<F>>> index, F fact) {
        LocalDate date = switch (fact) {
            case Fact.PartyFact p -> LocalDate.MIN;
            case Fact.EdgeFact e -> LocalDate.MIN;
            case Fact.AssetFact a -> LocalDate.MIN;
            default -> fact.validFrom();
        };
        List<F> versions = index.computeIfAbsent(fact.key(), k -> new TreeMap<>()).computeIfAbsent(date,
                d -> new ArrayList<>());
        Optional<F> latest = versions.stream().max((a, b) -> a.recordedAt().compareTo(b.recordedAt()));
        if (latest.isPresent() && latest.get().content().equals(fact.content())) {
            return false;
        }
        // Keep versions in recording order whatever the order facts arrive in (a replay may reorder them).
        int at = versions.size();
        while (at > 0 && versions.get(at - 1).recordedAt().isAfter(fact.recordedAt())) {
            at--;
        }
        versions.add(at, fact);
        return true;
    }

    /** The version valid on {@code date} as known at {@code knownAt}, see the class comment. */
    static <F extends Fact> Optional<F> pick(NavigableMap<LocalDate, List<F>> byDate, LocalDate date, Instant knownAt) {
        if (byDate == null) {
            return Optional.empty();
        }
        for (Map.Entry<LocalDate, List<F>> entry = byDate.floorEntry(date); entry != null;
             entry = byDate.lowerEntry(entry.getKey())) {
            List<F> versions = entry.getValue();
            for (int i = versions.size() - 1; i >= 0; i--) {
                if (!versions.get(i).recordedAt().isAfter(knownAt)) {
                    return Optional.of(versions.get(i));
                }
            }
        }
        return Optional.empty();
    }

    private static <F extends Fact> Optional<F> latest(NavigableMap<LocalDate, List<F>> byDate, Instant knownAt) {
        return pick(byDate, LocalDate.MAX, knownAt);
    }

    public Map<String, String> partyKinds(Instant knownAt) {
        Map<String, String> kinds = new HashMap<>();
        parties.forEach((id, versions) -> latest(versions, knownAt).ifPresent(p -> kinds.put(id, p.kind())));
        return kinds;
    }

    public Optional<Fact.PartyFact> party(String partyId, Instant knownAt) {
        return latest(parties.get(partyId), knownAt);
    }

    public List<LookThrough.Edge> edges(LocalDate date, Instant knownAt) {
        List<LookThrough.Edge> valid = new ArrayList<>();
        for (NavigableMap<LocalDate, List<Fact.EdgeFact>> versions : edges.values()) {
            latest(versions, knownAt).filter(e -> e.validOn(date))
                    .ifPresent(e -> valid.add(new LookThrough.Edge(e.holderId(), e.entityId(), e.economicShare())));
        }
        return valid;
    }

    /** The solver for the structure on {@code date} as known at {@code knownAt}; parties and position owners as nodes. */
    public LookThrough lookThrough(LocalDate date, Instant knownAt, Collection<Position> positions) {
        Set<String> nodes = new TreeSet<>(partyKinds(knownAt).keySet());
        positions.forEach(p -> nodes.add(p.entityId()));
        return LookThrough.of(nodes, edges(date, knownAt));
    }

    public FxTable fx(Instant knownAt, int staleDays) {
        return new FxTable(rates, knownAt, staleDays);
    }

    /** Every position with a value on {@code date} as known at {@code knownAt}. */
    public List<Position> positions(LocalDate date, Instant knownAt) {
        List<Position> positions = new ArrayList<>();
        for (String holdingId : holdings.keySet()) {
            holding(holdingId, date, knownAt).ifPresent(positions::add);
        }
        for (String assetId : assets.keySet()) {
            asset(assetId, date, knownAt).ifPresent(positions::add);
        }
        return positions;
    }

    public Set<String> holdingIds() {
        return holdings.keySet();
    }

    public Set<String> assetIds() {
        return assets.keySet();
    }

    public Set<String> holdingsOf(String instrumentId) {
        return holdingsByInstrument.getOrDefault(instrumentId, Set.of());
    }

    /**
     * A custody holding on a date: its latest statement on or before the date, valued at quantity × the latest
     * market-data price when that price is dated on or after the statement (and on or before the date), else at the
     * statement's market value. A holding whose quantity and value are both zero is closed: no position.
     */
    public Optional<Position> holding(String holdingId, LocalDate date, Instant knownAt) {
        Optional<Fact.HoldingFact> found = pick(holdings.get(holdingId), date, knownAt);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Fact.HoldingFact h = found.get();
        if (h.quantity().signum() == 0 && h.marketValue().signum() == 0) {
            return Optional.empty();
        }
        BigDecimal amount = h.marketValue();
        String currency = h.currency();
        LocalDate valuedOn = h.validFrom();
        Optional<Fact.PriceFact> price = h.instrumentId().isEmpty() ? Optional.empty()
                : pick(prices.get(h.instrumentId()), date, knownAt);
        if (price.isPresent() && !price.get().validFrom().isBefore(h.validFrom()) && h.quantity().signum() != 0) {
            amount = h.quantity().multiply(price.get().price());
            currency = price.get().currency();
            valuedOn = price.get().validFrom();
        }
        return Optional.of(new Position("holding:" + holdingId, h.ownerId(), h.name(), h.assetClass(), h.region(),
                h.custodian(), currency, amount, valuedOn));
    }

    /** A non-bankable asset on a date: its latest valuation on or before the date; liabilities negative. */
    public Optional<Position> asset(String assetId, LocalDate date, Instant knownAt) {
        Optional<Fact.AssetFact> registered = latest(assets.get(assetId), knownAt);
        Optional<Fact.ValuationFact> valuation = pick(valuations.get(assetId), date, knownAt);
        if (registered.isEmpty() || valuation.isEmpty()) {
            return Optional.empty();
        }
        Fact.AssetFact a = registered.get();
        Fact.ValuationFact v = valuation.get();
        BigDecimal amount = a.liability() ? v.amount().negate() : v.amount();
        return Optional.of(new Position("asset:" + assetId, a.ownerId(), a.name(), a.assetClass(), "UNASSIGNED",
                "NON-BANKABLE", v.currency(), amount, v.validFrom()));
    }

    /** External flows as known at {@code knownAt}, with their owners. */
    public List<Fact.FlowFact> externalFlows(Instant knownAt) {
        List<Fact.FlowFact> external = new ArrayList<>();
        for (NavigableMap<LocalDate, List<Fact.FlowFact>> versions : flows.values()) {
            latest(versions, knownAt).filter(Fact.FlowFact::external).ifPresent(external::add);
        }
        return external;
    }

    /** True when any statement, price or valuation of these positions' sources is dated exactly {@code date}. */
    public boolean freshValuationOn(Collection<String> entities, LocalDate date, Instant knownAt) {
        for (Position position : positions(date, knownAt)) {
            if (entities.contains(position.entityId()) && position.valuedOn().equals(date)) {
                return true;
            }
        }
        return false;
    }
}
