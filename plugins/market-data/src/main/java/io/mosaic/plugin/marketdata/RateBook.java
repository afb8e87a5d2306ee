package io.mosaic.plugin.marketdata;

import io.mosaic.plugin.marketdata.MarketDataViews.FxAnswer;
import io.mosaic.plugin.marketdata.MarketDataViews.Leg;
import io.mosaic.plugin.marketdata.MarketDataViews.PriceAnswer;
import io.mosaic.plugin.marketdata.MarketDataViews.Route;
import io.mosaic.plugin.marketdata.MarketDataViews.Status;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All FX rates and prices with their history: per pair and date, and per instrument and date, the rate recorded
 * last (a later recording of the same date is a correction). Lookup rules:
 * <ol>
 *   <li>same currency: 1 (IDENTITY);</li>
 *   <li>else the latest of the recorded base/quote (DIRECT) and quote/base (INVERSE, 1 / rate) on or before the
 *       date, the later date winning (DIRECT on a tie);</li>
 *   <li>else, when neither currency is EUR, base→EUR × EUR→quote, each leg by rule 2 (VIA_EUR), dated by the older
 *       leg;</li>
 *   <li>else MISSING, never 1.</li>
 * </ol>
 * A rate older than {@code staleDays} calendar days is answered and flagged STALE. Divisions and products use
 * {@link #MATH}. Not thread-safe; the domain guards it.
 */
public final class RateBook {
    public static final MathContext MATH = MathContext.DECIMAL128;

    private final Map<String, TreeMap<LocalDate, FxRateRecorded>> rates = new HashMap<>();
    private final Map<String, TreeMap<LocalDate, PriceRecorded>> prices = new HashMap<>();

    public void add(MarketDataEvent event) {
        switch (event) {
            case FxRateRecorded rate -> rates.computeIfAbsent(rate.pair(), p -> new TreeMap<>()).put(rate.date(), rate);
            case PriceRecorded price ->
                    prices.computeIfAbsent(price.instrumentId(), p -> new TreeMap<>()).put(price.date(), price);
            case ReferenceRatesImported imported -> imported.rates().forEach(this::add);
        }
    }

    /** True when exactly this rate (same value) is already recorded for the pair and date. */
    public boolean knows(FxRateRecorded rate) {
        FxRateRecorded known = rates.getOrDefault(rate.pair(), new TreeMap<>()).get(rate.date());
        return known != null && known.rate().compareTo(rate.rate()) == 0;
    }

    public boolean knows(PriceRecorded price) {
        PriceRecorded known = prices.getOrDefault(price.instrumentId(), new TreeMap<>()).get(price.date());
        return known != null && known.price().compareTo(price.price()) == 0 && known.currency().equals(price.currency());
    }

    public FxAnswer fx(String base, String quote, LocalDate date, int staleDays) {
        if (base.equals(quote)) {
            return new FxAnswer(base, quote, date, Status.PRICED, BigDecimal.ONE, date, 0L, Route.IDENTITY, List.of(),
                    null);
        }
        Optional<Converted> single = single(base, quote, date);
        if (single.isPresent()) {
            return answer(base, quote, date, staleDays, single.get().rate(), single.get().leg().date(),
                    single.get().route(), List.of(single.get().leg()));
        }
        if (!base.equals(Currencies.PIVOT) && !quote.equals(Currencies.PIVOT)) {
            Optional<Converted> first = single(base, Currencies.PIVOT, date);
            Optional<Converted> second = single(Currencies.PIVOT, quote, date);
            if (first.isPresent() && second.isPresent()) {
                LocalDate older = first.get().leg().date().isBefore(second.get().leg().date())
                        ? first.get().leg().date() : second.get().leg().date();
                return answer(base, quote, date, staleDays, first.get().rate().multiply(second.get().rate(), MATH),
                        older, Route.VIA_EUR, List.of(first.get().leg(), second.get().leg()));
            }
        }
        return new FxAnswer(base, quote, date, Status.MISSING, null, null, null, null, List.of(),
                "no rate for " + base + "/" + quote + " on or before " + date + ", directly, inverted or via "
                        + Currencies.PIVOT);
    }

    public PriceAnswer price(String instrumentId, LocalDate date, int staleDays) {
        Entry<LocalDate, PriceRecorded> entry = prices.getOrDefault(instrumentId, new TreeMap<>()).floorEntry(date);
        if (entry == null) {
            return new PriceAnswer(instrumentId, date, Status.MISSING, null, null, null, null, null,
                    "no price for " + instrumentId + " on or before " + date);
        }
        PriceRecorded price = entry.getValue();
        long age = ChronoUnit.DAYS.between(price.date(), date);
        boolean stale = age > staleDays;
        return new PriceAnswer(instrumentId, date, stale ? Status.STALE : Status.PRICED, price.price(),
                price.currency(), price.date(), age, price.source(),
                stale ? "the latest price is " + age + " days old (limit " + staleDays + ")" : null);
    }

    private record Converted(BigDecimal rate, Route route, Leg leg) {
    }

    private Optional<Converted> single(String base, String quote, LocalDate date) {
        Entry<LocalDate, FxRateRecorded> direct = floor(base + "-" + quote, date);
        Entry<LocalDate, FxRateRecorded> inverse = floor(quote + "-" + base, date);
        if (direct != null && (inverse == null || !direct.getKey().isBefore(inverse.getKey()))) {
            return Optional.of(new Converted(direct.getValue().rate(), Route.DIRECT, leg(direct.getValue())));
        }
        if (inverse != null) {
            return Optional.of(new Converted(BigDecimal.ONE.divide(inverse.getValue().rate(), MATH), Route.INVERSE,
                    leg(inverse.getValue())));
        }
        return Optional.empty();
    }

    private Entry<LocalDate, FxRateRecorded> floor(String pair, LocalDate date) {
        TreeMap<LocalDate, FxRateRecorded> history = rates.get(pair);
        return history == null ? null : history.floorEntry(date);
    }

    private static Leg leg(FxRateRecorded rate) {
        return new Leg(rate.base(), rate.quote(), rate.rate(), rate.date(), rate.source());
    }

    private static FxAnswer answer(String base, String quote, LocalDate date, int staleDays, BigDecimal rate,
                                   LocalDate rateDate, Route route, List<Leg> legs) {
        long age = ChronoUnit.DAYS.between(rateDate, date);
        boolean stale = age > staleDays;
        return new FxAnswer(base, quote, date, stale ? Status.STALE : Status.PRICED, rate, rateDate, age, route, legs,
                stale ? "the rate used is " + age + " days old (limit " + staleDays + ")" : null);
    }
}
