package io.mosaic.plugin.valuationalerts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * This app's reading of the message {@code assets.ValuationRecorded}: only the fields it needs. The JSON is the
 * contract with the assets domain; the app shares no classes with it, and the platform ignores the other fields.
 */
public record ValuationRecorded(String assetId, String valuationId, BigDecimal amount, String currency,
                                LocalDate valuationDate) {
    public ValuationRecorded {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(valuationDate, "valuationDate");
    }
}
