package io.mosaic.plugin.marketdata;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Answers of the {@code fx} and {@code price} queries. Fields that do not apply are JSON null. */
public final class MarketDataViews {
    private MarketDataViews() {
    }

    /** PRICED: a rate of the date or at most the stale limit before; STALE: older; MISSING: none at all. */
    public enum Status {
        PRICED, STALE, MISSING
    }

    /** IDENTITY (same currency), DIRECT (base/quote recorded), INVERSE (1 / quote/base), VIA_EUR (two legs). */
    public enum Route {
        IDENTITY, DIRECT, INVERSE, VIA_EUR
    }

    /** One recorded rate used in an answer. */
    public record Leg(String base, String quote, BigDecimal rate, LocalDate date, String source) {
    }

    /**
     * Answer of {@code fx?base=&quote=&date=}: 1 base = {@code rate} quote.
     *
     * @param rateDate the date of the rate used (the older leg's for VIA_EUR); null when MISSING
     * @param ageDays  days between {@code rateDate} and {@code date}; null when MISSING
     * @param reason   why MISSING or STALE; null when PRICED
     */
    public record FxAnswer(String base, String quote, LocalDate date, Status status, BigDecimal rate,
                           LocalDate rateDate, Long ageDays, Route route, List<Leg> legs, String reason) {
        public FxAnswer {
            Objects.requireNonNull(status, "status");
            legs = List.copyOf(legs);
        }
    }

    /** Answer of {@code price?instrumentId=&date=}; {@code price}, {@code currency}, {@code priceDate} null when MISSING. */
    public record PriceAnswer(String instrumentId, LocalDate date, Status status, BigDecimal price, String currency,
                              LocalDate priceDate, Long ageDays, String source, String reason) {
        public PriceAnswer {
            Objects.requireNonNull(status, "status");
        }
    }
}
