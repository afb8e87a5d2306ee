package io.mosaic.plugin.marketdata;

import io.mosaic.sdk.Omittable;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Message {@code market-data.RecordPrice}: one unit of the instrument is worth {@code price} {@code currency}. */
public record RecordPrice(String instrumentId, BigDecimal price, String currency, LocalDate date, @Omittable String source)
        implements MarketDataCommand {
    public RecordPrice {
        instrumentId = instrumentId == null ? "" : instrumentId.strip();
        currency = currency == null ? "" : currency.strip();
        source = source == null || source.isBlank() ? "manual" : source.strip();
    }

    @Override
    public String reference() {
        return instrumentId;
    }
}
