package io.mosaic.plugin.marketdata;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Event and message {@code market-data.PriceRecorded}. */
public record PriceRecorded(String instrumentId, BigDecimal price, String currency, LocalDate date, String source)
        implements MarketDataEvent {
    public PriceRecorded {
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(price, "price");
        if (price.signum() < 0) {
            throw new IllegalArgumentException("price " + price.toPlainString() + " of " + instrumentId + " is negative");
        }
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(source, "source");
    }
}
