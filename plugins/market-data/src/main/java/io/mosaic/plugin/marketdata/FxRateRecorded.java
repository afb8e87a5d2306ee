package io.mosaic.plugin.marketdata;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Event and message {@code market-data.FxRateRecorded}: 1 {@code base} = {@code rate} {@code quote} on {@code date}. */
public record FxRateRecorded(String base, String quote, BigDecimal rate, LocalDate date, String source)
        implements MarketDataEvent {
    public FxRateRecorded {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(rate, "rate");
        if (rate.signum() <= 0) {
            throw new IllegalArgumentException("rate " + rate.toPlainString() + " of " + base + "/" + quote
                    + " is not positive");
        }
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(source, "source");
    }

    String pair() {
        return base + "-" + quote;
    }
}
