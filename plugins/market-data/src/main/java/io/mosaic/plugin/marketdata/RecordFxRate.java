package io.mosaic.plugin.marketdata;

import io.mosaic.sdk.Omittable;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Message {@code market-data.RecordFxRate}: 1 {@code base} = {@code rate} {@code quote} on {@code date}. */
public record RecordFxRate(String base, String quote, BigDecimal rate, LocalDate date, @Omittable String source)
        implements MarketDataCommand {
    public RecordFxRate {
        base = base == null ? "" : base.strip();
        quote = quote == null ? "" : quote.strip();
        source = source == null || source.isBlank() ? "manual" : source.strip();
    }

    @Override
    public String reference() {
        return base + "/" + quote;
    }
}
