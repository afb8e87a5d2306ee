package io.mosaic.plugin.consolidation;

import io.mosaic.plugin.consolidation.ConsolidationViews.Bucket;
import io.mosaic.plugin.consolidation.ConsolidationViews.StaleRate;
import io.mosaic.plugin.consolidation.ConsolidationViews.Unpriced;
import io.mosaic.plugin.wealthmath.LookThrough;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Consolidation on one date in one reporting currency: each position converted with the rate of the date (or the
 * last before it, flagged when stale), then attributed to every holder through look-through ownership
 * ({@link LookThrough}). A position that cannot be converted is listed as unpriced and left out of every figure.
 * Pure: no I/O; immutable after construction.
 *
 * <p>Precision: conversions and look-through products in {@link #MATH} (34 significant digits); sums exact;
 * amounts answered rounded to the reporting currency's minor unit, HALF_EVEN.
 */
public final class Consolidator {
    public static final MathContext MATH = MathContext.DECIMAL128;
    public static final int SHARE_DECIMALS = 10;

    /** Allocation dimensions of the {@code allocation} query ({@code by=}). */
    public enum Dimension {
        ASSET_CLASS("assetClass", Position::assetClass),
        CURRENCY("currency", Position::currency),
        CUSTODIAN("custodian", Position::custodian),
        REGION("region", Position::region),
        ENTITY("entity", Position::entityId);

        private final String parameter;
        private final Function<Position, String> key;

        Dimension(String parameter, Function<Position, String> key) {
            this.parameter = parameter;
            this.key = key;
        }

        public String parameter() {
            return parameter;
        }

        public static java.util.Optional<Dimension> of(String parameter) {
            return Arrays.stream(values()).filter(d -> d.parameter.equalsIgnoreCase(parameter)).findFirst();
        }
    }

    private final LookThrough lookThrough;
    private final String currency;
    private final LocalDate asOf;
    private final Instant knownAt;
    private final int scale;
    private final Map<String, List<Valued>> byEntity = new HashMap<>();

    private record Valued(Position position, BigDecimal value, String unpricedReason, StaleRate stale) {
    }

    public Consolidator(LookThrough lookThrough, List<Position> positions, FxTable fx, String currency,
                        LocalDate asOf, Instant knownAt) {
        this.lookThrough = Objects.requireNonNull(lookThrough, "lookThrough");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.knownAt = Objects.requireNonNull(knownAt, "knownAt");
        this.scale = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        Map<String, FxTable.Conversion> conversions = new HashMap<>();
        for (Position position : positions) {
            FxTable.Conversion conversion = conversions.computeIfAbsent(position.currency(),
                    c -> fx.convert(c, currency, asOf));
            Valued valued = switch (conversion) {
                case FxTable.Converted converted -> new Valued(position,
                        position.amount().multiply(converted.rate(), MATH), null,
                        converted.stale() ? new StaleRate(position.currency(), converted.rateDate()) : null);
                case FxTable.Missing missing -> new Valued(position, null, missing.reason(), null);
            };
            byEntity.computeIfAbsent(position.entityId(), e -> new ArrayList<>()).add(valued);
        }
    }

    public String currency() {
        return currency;
    }

    /** The owner's look-through net worth: Σ over entities k of M[owner][k] × (converted direct positions of k). */
    public ConsolidationViews.NetWorth netWorth(String owner) {
        BigDecimal assets = BigDecimal.ZERO;
        BigDecimal liabilities = BigDecimal.ZERO;
        List<Unpriced> unpriced = new ArrayList<>();
        Map<String, StaleRate> stale = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> share : lookThrough.row(owner).entrySet()) {
            for (Valued valued : byEntity.getOrDefault(share.getKey(), List.of())) {
                if (valued.value() == null) {
                    unpriced.add(unpriced(valued, share.getValue()));
                    continue;
                }
                BigDecimal contribution = valued.value().multiply(share.getValue(), MATH);
                if (contribution.signum() >= 0) {
                    assets = assets.add(contribution);
                } else {
                    liabilities = liabilities.add(contribution);
                }
                if (valued.stale() != null) {
                    stale.putIfAbsent(valued.stale().currency(), valued.stale());
                }
            }
        }
        unpriced.sort(Comparator.comparing(Unpriced::positionId));
        return new ConsolidationViews.NetWorth(owner, asOf, knownAt, currency, round(assets.add(liabilities)),
                round(assets), round(liabilities), unpriced, List.copyOf(stale.values()));
    }

    /** The owner's net worth split by one dimension; weights relative to the net worth. */
    public ConsolidationViews.Allocation allocation(String owner, Dimension by) {
        Map<String, BigDecimal> buckets = new LinkedHashMap<>();
        List<Unpriced> unpriced = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> share : lookThrough.row(owner).entrySet()) {
            for (Valued valued : byEntity.getOrDefault(share.getKey(), List.of())) {
                if (valued.value() == null) {
                    unpriced.add(unpriced(valued, share.getValue()));
                    continue;
                }
                BigDecimal contribution = valued.value().multiply(share.getValue(), MATH);
                buckets.merge(by.key.apply(valued.position()), contribution, BigDecimal::add);
                total = total.add(contribution);
            }
        }
        BigDecimal netWorth = total;
        List<Bucket> lines = buckets.entrySet().stream()
                .map(e -> new Bucket(e.getKey(), round(e.getValue()), netWorth.signum() == 0 ? null
                        : e.getValue().divide(netWorth, MATH).setScale(SHARE_DECIMALS, RoundingMode.HALF_EVEN)))
                .sorted(Comparator.comparing(Bucket::value).reversed().thenComparing(Bucket::key))
                .toList();
        unpriced.sort(Comparator.comparing(Unpriced::positionId));
        return new ConsolidationViews.Allocation(owner, asOf, currency, by.parameter(), round(total), lines, unpriced);
    }

    /**
     * Full consolidation: the priced equity of every node at once, {@code Eq = (I − A)⁻¹·D}, with D the converted
     * direct positions of each node (unpriced positions left out), unrounded.
     */
    public Map<String, BigDecimal> netWorthOfAll() {
        BigDecimal[] direct = new BigDecimal[lookThrough.nodes().size()];
        Arrays.fill(direct, BigDecimal.ZERO);
        byEntity.forEach((entity, positions) -> {
            int at = lookThrough.position(entity);
            if (at < 0) {
                return;
            }
            BigDecimal sum = direct[at];
            for (Valued valued : positions) {
                if (valued.value() != null) {
                    sum = sum.add(valued.value());
                }
            }
            direct[at] = sum;
        });
        BigDecimal[] equity = lookThrough.equity(direct);
        Map<String, BigDecimal> all = new LinkedHashMap<>();
        List<String> nodes = lookThrough.nodes();
        for (int i = 0; i < equity.length; i++) {
            all.put(nodes.get(i), equity[i]);
        }
        return all;
    }

    /** The entities (with the owner's share) whose positions make up the owner's figure. */
    public Map<String, BigDecimal> reach(String owner) {
        return lookThrough.row(owner);
    }

    public BigDecimal round(BigDecimal amount) {
        return amount.setScale(scale, RoundingMode.HALF_EVEN);
    }

    /** The positions of one entity with a value, for {@code holdings}: in their own currency. */
    public List<ConsolidationViews.HoldingLine> holdings(String entity) {
        return byEntity.getOrDefault(entity, List.of()).stream().map(Valued::position)
                .sorted(Comparator.comparing(Position::id))
                .map(p -> new ConsolidationViews.HoldingLine(p.id(), p.name(), p.assetClass(), p.region(),
                        p.custodian(), p.currency(), p.amount(), p.valuedOn()))
                .toList();
    }

    /** Every currency any position is held in. */
    public TreeSet<String> currencies() {
        TreeSet<String> currencies = new TreeSet<>();
        byEntity.values().forEach(list -> list.forEach(v -> currencies.add(v.position().currency())));
        return currencies;
    }

    private static Unpriced unpriced(Valued valued, BigDecimal share) {
        Position p = valued.position();
        return new Unpriced(p.id(), p.entityId(), p.name(), p.currency(), p.amount(),
                share.setScale(SHARE_DECIMALS, RoundingMode.HALF_EVEN), valued.unpricedReason());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Consolidator[%s, %s, %d entities]", asOf, currency, byEntity.size());
    }
}
