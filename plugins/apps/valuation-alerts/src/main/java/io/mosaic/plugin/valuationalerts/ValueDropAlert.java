package io.mosaic.plugin.valuationalerts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Message {@code valuation-alerts.ValueDropAlert}: an asset's new valuation is lower than the previous one this app
 * saw by more than the configured share.
 *
 * @param dropShare (previous − new) / previous, e.g. {@code 0.25} for a 25 % drop
 * @param threshold the configured {@code drop-threshold} it exceeded
 */
public record ValueDropAlert(String assetId, String valuationId, BigDecimal previousAmount, BigDecimal newAmount,
                             String currency, BigDecimal dropShare, BigDecimal threshold, LocalDate valuationDate) {
    public ValueDropAlert {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(previousAmount, "previousAmount");
        Objects.requireNonNull(newAmount, "newAmount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(dropShare, "dropShare");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(valuationDate, "valuationDate");
    }
}
