package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;

/**
 * FX conversion from the rates consolidation has received, as known at a time, with the rules of market-data:
 * same currency → 1; else the later of the direct (from/to) and inverse (1 / to/from) rate on or before the date;
 * else through EUR (from→EUR × EUR→to), dated by the older leg; else {@link Missing} — never 1. A rate older than
 * {@code staleDays} is used and flagged. Pure: reads the maps it is given.
 */
public final class FxTable {
    public static final String PIVOT = "EUR";
    public static final MathContext MATH = MathContext.DECIMAL128;

    private final Map<String, ? extends NavigableMap<LocalDate, List<Fact.RateFact>>> rates;
    private final Instant knownAt;
    private final int staleDays;

    public FxTable(Map<String, ? extends NavigableMap<LocalDate, List<Fact.RateFact>>> rates, Instant knownAt,
                   int staleDays) {
        this.rates = Objects.requireNonNull(rates, "rates");
        this.knownAt = Objects.requireNonNull(knownAt, "knownAt");
        this.staleDays = staleDays;
    }

    public sealed interface Conversion permits Converted, Missing {
    }

    /** 1 from = rate to; {@code rateDate} the (older) leg's date. */
    public record Converted(BigDecimal rate, LocalDate rateDate, boolean stale) implements Conversion {
    }

    public record Missing(String reason) implements Conversion {
    }

    public Conversion convert(String from, String to, LocalDate date) {
        if (from.equals(to)) {
            return new Converted(BigDecimal.ONE, date, false);
        }
        Optional<Converted> single = single(from, to, date);
        if (single.isEmpty() && !from.equals(PIVOT) && !to.equals(PIVOT)) {
            Optional<Converted> first = single(from, PIVOT, date);
            Optional<Converted> second = single(PIVOT, to, date);
            if (first.isPresent() && second.isPresent()) {
                LocalDate older = first.get().rateDate().isBefore(second.get().rateDate())
                        ? first.get().rateDate() : second.get().rateDate();
                single = Optional.of(new Converted(first.get().rate().multiply(second.get().rate(), MATH), older, false));
            }
        }
        if (single.isEmpty()) {
            return new Missing("no " + from + "/" + to + " rate on or before " + date);
        }
        Converted found = single.get();
        boolean stale = ChronoUnit.DAYS.between(found.rateDate(), date) > staleDays;
        return new Converted(found.rate(), found.rateDate(), stale);
    }

    private Optional<Converted> single(String from, String to, LocalDate date) {
        Optional<Fact.RateFact> direct = FactBook.pick(rates.get(from + "-" + to), date, knownAt);
        Optional<Fact.RateFact> inverse = FactBook.pick(rates.get(to + "-" + from), date, knownAt);
        if (direct.isPresent() && (inverse.isEmpty() || !direct.get().validFrom().isBefore(inverse.get().validFrom()))) {
            return Optional.of(new Converted(direct.get().rate(), direct.get().validFrom(), false));
        }
        return inverse.map(r -> new Converted(BigDecimal.ONE.divide(r.rate(), MATH), r.validFrom(), false));
    }
}
