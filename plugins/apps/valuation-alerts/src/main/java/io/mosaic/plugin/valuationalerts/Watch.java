package io.mosaic.plugin.valuationalerts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the app knows about one asset: the valuations it processed, in processing order, and the alerts it raised.
 * {@link #decide} and {@link #evolve} are pure.
 */
public record Watch(List<WatchEvent.ValuationSeen> seen, int alerts) {
    public Watch {
        seen = List.copyOf(seen);
    }

    public static Watch initial() {
        return new Watch(List.of(), 0);
    }

    public static Watch replay(List<? extends WatchEvent> events) {
        Watch watch = initial();
        for (WatchEvent event : events) {
            watch = watch.evolve(event);
        }
        return watch;
    }

    public Watch evolve(WatchEvent event) {
        return switch (event) {
            case WatchEvent.ValuationSeen valuation -> {
                List<WatchEvent.ValuationSeen> next = new ArrayList<>(seen);
                next.add(valuation);
                yield new Watch(next, alerts);
            }
            case WatchEvent.AlertRaised alert -> new Watch(seen, alerts + 1);
        };
    }

    public List<String> valuationIds() {
        return seen.stream().map(WatchEvent.ValuationSeen::valuationId).toList();
    }

    public Optional<WatchEvent.ValuationSeen> previous() {
        return seen.isEmpty() ? Optional.empty() : Optional.of(seen.getLast());
    }

    /**
     * A valuation already seen changes nothing. Otherwise it is seen, and an alert is raised when it is lower than the
     * previous one seen, in the same currency, by more than {@code threshold} × previous. A previous amount of zero
     * or a change of currency cannot be compared and raises nothing.
     */
    public static List<WatchEvent> decide(ValuationRecorded valuation, Watch watch, BigDecimal threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (watch.valuationIds().contains(valuation.valuationId())) {
            return List.of();
        }
        List<WatchEvent> events = new ArrayList<>();
        events.add(new WatchEvent.ValuationSeen(valuation.valuationId(), valuation.amount(), valuation.currency(),
                valuation.valuationDate()));
        watch.previous()
                .filter(previous -> previous.currency().equals(valuation.currency()))
                .filter(previous -> previous.amount().signum() > 0)
                .filter(previous -> previous.amount().subtract(valuation.amount())
                        .compareTo(threshold.multiply(previous.amount())) > 0)
                .ifPresent(previous -> {
                    BigDecimal drop = previous.amount().subtract(valuation.amount());
                    BigDecimal share = drop.divide(previous.amount(), MathContext.DECIMAL64).stripTrailingZeros();
                    events.add(new WatchEvent.AlertRaised(valuation.valuationId(), previous.amount(),
                            valuation.amount(), valuation.currency(), share, threshold, valuation.valuationDate()));
                });
        return List.copyOf(events);
    }
}
