package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Answers of the consolidation queries, serialised to JSON by the platform (decimals as strings, ISO dates).
 * Amounts in the reporting currency are rounded to its minor unit (HALF_EVEN); shares and weights to
 * {@link Consolidator#SHARE_DECIMALS} decimals.
 */
public final class ConsolidationViews {
    private ConsolidationViews() {
    }

    /**
     * A position that could not be converted into the reporting currency: it is left out of every figure, never
     * converted at 1.
     *
     * @param share  the owner's look-through share of the entity holding it
     * @param amount the position's amount in its own currency (before the share)
     */
    public record Unpriced(String positionId, String entityId, String name, String currency, BigDecimal amount,
                           BigDecimal share, String reason) {
    }

    /** A rate older than the stale limit was used for this currency. */
    public record StaleRate(String currency, LocalDate rateDate) {
    }

    /** Answer of {@code net-worth?owner=&asOf=&currency=&knownAt=}. Liabilities are negative. */
    public record NetWorth(String ownerId, LocalDate asOf, Instant knownAt, String currency, BigDecimal netWorth,
                           BigDecimal assets, BigDecimal liabilities, List<Unpriced> unpriced,
                           List<StaleRate> staleRates) {
        public NetWorth {
            Objects.requireNonNull(ownerId, "ownerId");
            unpriced = List.copyOf(unpriced);
            staleRates = List.copyOf(staleRates);
        }
    }

    /** One bucket of an allocation; {@code weight} = value / net worth (JSON null when the net worth is 0). */
    public record Bucket(String key, BigDecimal value, BigDecimal weight) {
    }

    /** Answer of {@code allocation?owner=&by=&asOf=&currency=}; buckets ordered by value, largest first. */
    public record Allocation(String ownerId, LocalDate asOf, String currency, String by, BigDecimal total,
                             List<Bucket> buckets, List<Unpriced> unpriced) {
        public Allocation {
            buckets = List.copyOf(buckets);
            unpriced = List.copyOf(unpriced);
        }
    }

    /** One direct position of an entity, in its own currency. */
    public record HoldingLine(String positionId, String name, String assetClass, String region, String custodian,
                              String currency, BigDecimal amount, LocalDate valuedOn) {
    }

    /** Answer of {@code holdings?entity=&asOf=}: the entity's direct positions (no look-through), by id. */
    public record Holdings(String entityId, LocalDate asOf, List<HoldingLine> positions) {
        public Holdings {
            positions = List.copyOf(positions);
        }
    }

    /** One sub-period of the time-weighted return. */
    public record SubPeriodView(LocalDate start, LocalDate end, BigDecimal startValue, BigDecimal flows,
                                BigDecimal endValue, BigDecimal periodReturn, String method) {
    }

    /**
     * Answer of {@code performance?owner=&from=&to=&currency=}.
     *
     * @param twrStatus   OK or UNDEFINED (then {@code twr} is null and {@code twrReason} says why)
     * @param twrAnnualised null for periods under one year (not annualised)
     * @param irrStatus   OK, NO_SOLUTION or SEVERAL_SOLUTIONS; {@code irr} is set only for OK, {@code irrSolutions}
     *                    lists every rate found for SEVERAL_SOLUTIONS
     */
    public record Performance(String ownerId, LocalDate from, LocalDate to, String currency, BigDecimal startValue,
                              BigDecimal endValue, BigDecimal netExternalFlows, String twrStatus, BigDecimal twr,
                              BigDecimal twrAnnualised, String twrReason, List<SubPeriodView> subPeriods,
                              String irrStatus, BigDecimal irr, List<BigDecimal> irrSolutions, String irrReason,
                              List<Unpriced> unpriced) {
        public Performance {
            subPeriods = List.copyOf(subPeriods);
            irrSolutions = List.copyOf(irrSolutions);
            unpriced = List.copyOf(unpriced);
        }
    }

    /** Answer when a query cannot be computed (e.g. the structure known at that time has no solution). */
    public record Unavailable(String query, String reason) {
    }
}
