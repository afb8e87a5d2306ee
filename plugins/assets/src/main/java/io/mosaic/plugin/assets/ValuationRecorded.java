package io.mosaic.plugin.assets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Event and message {@code assets.ValuationRecorded}.
 *
 * @param previousAmount the amount of the asset's current valuation (latest by valuation date, then by recording
 *                       order) just before this one was recorded, in the same currency; JSON {@code null} for the
 *                       asset's first valuation. Read it through {@link #previous()} in Java.
 * @param recordedAt     when the domain recorded it (platform clock)
 */
public record ValuationRecorded(String assetId, String valuationId, BigDecimal amount, String currency,
                                LocalDate valuationDate, ValuationMethod method, String appraiser,
                                BigDecimal previousAmount, Instant recordedAt) implements AssetEvent {
    public ValuationRecorded {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " is negative");
        }
        if (!Money.isCurrencyCode(currency)) {
            throw new IllegalArgumentException("currency '" + currency + "' is not an ISO 4217 code");
        }
        Objects.requireNonNull(valuationDate, "valuationDate");
        Objects.requireNonNull(method, "method");
        appraiser = appraiser == null ? "" : appraiser;
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public Money value() {
        return Money.of(amount, currency);
    }

    public Optional<BigDecimal> previous() {
        return Optional.ofNullable(previousAmount);
    }
}
