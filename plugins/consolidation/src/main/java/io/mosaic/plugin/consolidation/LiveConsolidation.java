package io.mosaic.plugin.consolidation;

import io.mosaic.plugin.wealthmath.LookThrough;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live figure of every owner (one date, one reporting currency), updated incrementally. It keeps, per entity
 * and currency, the sum of the entity's direct positions, one rate per currency into the reporting currency, and
 * the priced equity of every node. A change of Δ (reporting currency) in the direct value of entity b changes the
 * equity of every holder j by {@code M[j][b]·Δ} (a column of {@code (I − A)⁻¹}, solved once per entity and cached
 * until the structure changes), so one event costs O(holders of the entity), not a full consolidation.
 * A rate change touches the entities holding that currency; a structure change recomputes everything once.
 *
 * <p>Amounts in a currency without a rate are kept aside (unpriced) and counted nowhere. Not thread-safe; pure
 * (no I/O). Equities are unrounded ({@link #MATH}); round when showing.
 */
public final class LiveConsolidation {
    public static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal NOISE = new BigDecimal("1E-18");

    private final String currency;
    private LookThrough lookThrough;
    private final Map<String, Position> positions = new HashMap<>();
    private final Map<String, Map<String, BigDecimal>> sums = new HashMap<>();
    private final Map<String, Set<String>> entitiesByCurrency = new HashMap<>();
    private final Map<String, BigDecimal> rates = new HashMap<>();
    private final Map<String, BigDecimal> equity = new HashMap<>();
    private final Map<String, Map<String, BigDecimal>> columns = new HashMap<>();

    /**
     * @param rates rate into the reporting currency per currency; a currency without one is unpriced
     */
    public LiveConsolidation(String currency, LookThrough lookThrough, Collection<Position> positions,
                             Map<String, BigDecimal> rates) {
        this.currency = Objects.requireNonNull(currency, "currency");
        this.lookThrough = Objects.requireNonNull(lookThrough, "lookThrough");
        this.rates.putAll(rates);
        for (Position position : positions) {
            this.positions.put(position.id(), position);
            add(position.entityId(), position.currency(), position.amount());
        }
        equity.putAll(fullEquity());
    }

    public String currency() {
        return currency;
    }

    /** The owner's priced net worth (unrounded); 0 for an owner with nothing. */
    public BigDecimal netWorth(String owner) {
        return equity.getOrDefault(owner, BigDecimal.ZERO);
    }

    /** Every node with a figure. */
    public Set<String> owners() {
        return equity.keySet();
    }

    /** Currencies held by any position. */
    public Set<String> currencies() {
        Set<String> held = new TreeSet<>();
        entitiesByCurrency.forEach((c, entities) -> {
            if (!entities.isEmpty()) {
                held.add(c);
            }
        });
        return held;
    }

    public Map<String, Position> positions() {
        return Map.copyOf(positions);
    }

    /** Adds or replaces a position; answers the owners whose figure (or unpriced list) changed. */
    public Set<String> upsert(Position position) {
        Set<String> changed = new LinkedHashSet<>();
        Position old = positions.put(position.id(), position);
        if (old != null) {
            if (old.entityId().equals(position.entityId()) && old.currency().equals(position.currency())) {
                shift(position.entityId(), position.currency(), position.amount().subtract(old.amount()), changed);
                return changed;
            }
            shift(old.entityId(), old.currency(), old.amount().negate(), changed);
        }
        shift(position.entityId(), position.currency(), position.amount(), changed);
        return changed;
    }

    /** Removes a position (a holding closed, a valuation withdrawn); answers the owners that changed. */
    public Set<String> remove(String positionId) {
        Set<String> changed = new LinkedHashSet<>();
        Position old = positions.remove(positionId);
        if (old != null) {
            shift(old.entityId(), old.currency(), old.amount().negate(), changed);
        }
        return changed;
    }

    /** The rate of {@code from} into the reporting currency is now {@code rate}. */
    public Set<String> rate(String from, BigDecimal rate) {
        return changeRate(from, Objects.requireNonNull(rate, "rate"));
    }

    /** There is no rate for {@code from} any more: its amounts become unpriced. */
    public Set<String> rateMissing(String from) {
        return changeRate(from, null);
    }

    private Set<String> changeRate(String from, BigDecimal rate) {
        BigDecimal old = rate == null ? rates.remove(from) : rates.put(from, rate);
        Set<String> changed = new LinkedHashSet<>();
        if (Objects.equals(old, rate) || (old != null && rate != null && old.compareTo(rate) == 0)) {
            return changed;
        }
        for (String entity : entitiesByCurrency.getOrDefault(from, Set.of())) {
            BigDecimal sum = sums.get(entity).get(from);
            BigDecimal before = old == null ? BigDecimal.ZERO : sum.multiply(old, MATH);
            BigDecimal after = rate == null ? BigDecimal.ZERO : sum.multiply(rate, MATH);
            propagate(entity, after.subtract(before), changed);
            changed.addAll(column(entity).keySet()); // priced ↔ unpriced changes the unpriced list
        }
        return changed;
    }

    /** The ownership structure changed: recompute every figure once; answers the owners whose figure changed. */
    public Set<String> restructure(LookThrough next) {
        Set<String> changed = new LinkedHashSet<>();
        Set<String> unpricedBefore = unpricedHolders();
        this.lookThrough = Objects.requireNonNull(next, "next");
        columns.clear();
        Map<String, BigDecimal> fresh = fullEquity();
        Set<String> nodes = new HashSet<>(equity.keySet());
        nodes.addAll(fresh.keySet());
        for (String node : nodes) {
            BigDecimal before = equity.getOrDefault(node, BigDecimal.ZERO);
            BigDecimal after = fresh.getOrDefault(node, BigDecimal.ZERO);
            if (before.subtract(after).abs().compareTo(NOISE) > 0) {
                changed.add(node);
            }
        }
        equity.clear();
        equity.putAll(fresh);
        Set<String> unpricedAfter = unpricedHolders();
        for (String holder : unpricedBefore) {
            if (!unpricedAfter.contains(holder)) {
                changed.add(holder);
            }
        }
        changed.addAll(unpricedAfter);
        return changed;
    }

    /** What is left out of the owner's figure: {@code <entity> (<amount> <currency>, share <s>)} per entity and currency. */
    public List<String> unpriced(String owner) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Set<String>> held : new java.util.TreeMap<>(entitiesByCurrency).entrySet()) {
            if (rates.containsKey(held.getKey())) {
                continue;
            }
            for (String entity : new TreeSet<>(held.getValue())) {
                BigDecimal share = column(entity).get(owner);
                if (share != null) {
                    items.add(entity + " (" + sums.get(entity).get(held.getKey()).toPlainString() + " "
                            + held.getKey() + ", share " + share.setScale(Consolidator.SHARE_DECIMALS,
                            java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() + ")");
                }
            }
        }
        return items;
    }

    private Set<String> unpricedHolders() {
        Set<String> holders = new HashSet<>();
        entitiesByCurrency.forEach((c, entities) -> {
            if (!rates.containsKey(c)) {
                entities.forEach(entity -> holders.addAll(column(entity).keySet()));
            }
        });
        return holders;
    }

    private void shift(String entity, String in, BigDecimal delta, Set<String> changed) {
        if (delta.signum() == 0) {
            return;
        }
        add(entity, in, delta);
        BigDecimal rate = rates.get(in);
        if (rate == null) {
            changed.addAll(column(entity).keySet());
        } else {
            propagate(entity, delta.multiply(rate, MATH), changed);
        }
    }

    private void propagate(String entity, BigDecimal delta, Set<String> changed) {
        if (delta.signum() == 0) {
            return;
        }
        for (Map.Entry<String, BigDecimal> holder : column(entity).entrySet()) {
            equity.merge(holder.getKey(), holder.getValue().multiply(delta, MATH), BigDecimal::add);
            changed.add(holder.getKey());
        }
    }

    private void add(String entity, String in, BigDecimal delta) {
        Map<String, BigDecimal> byCurrency = sums.computeIfAbsent(entity, e -> new HashMap<>());
        BigDecimal sum = byCurrency.merge(in, delta, BigDecimal::add);
        if (sum.signum() == 0) {
            byCurrency.remove(in);
            Set<String> entities = entitiesByCurrency.get(in);
            if (entities != null) {
                entities.remove(entity);
            }
        } else {
            entitiesByCurrency.computeIfAbsent(in, c -> new HashSet<>()).add(entity);
        }
    }

    private Map<String, BigDecimal> column(String entity) {
        return columns.computeIfAbsent(entity, lookThrough::column);
    }

    private Map<String, BigDecimal> fullEquity() {
        Map<String, BigDecimal> direct = new HashMap<>();
        sums.forEach((entity, byCurrency) -> byCurrency.forEach((c, sum) -> {
            BigDecimal rate = rates.get(c);
            if (rate != null) {
                direct.merge(entity, sum.multiply(rate, MATH), BigDecimal::add);
            }
        }));
        Map<String, BigDecimal> result = new HashMap<>(lookThrough.equity(direct));
        direct.forEach((entity, value) -> {
            if (!lookThrough.knows(entity)) {
                result.put(entity, value);
            }
        });
        return result;
    }
}
