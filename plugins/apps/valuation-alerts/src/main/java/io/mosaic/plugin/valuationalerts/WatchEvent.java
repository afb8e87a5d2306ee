package io.mosaic.plugin.valuationalerts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Events of the app's {@code watch/<assetId>} aggregate (stored, not published). */
public sealed interface WatchEvent permits WatchEvent.ValuationSeen, WatchEvent.AlertRaised {

    /** The app processed this valuation of the asset. */
    record ValuationSeen(String valuationId, BigDecimal amount, String currency, LocalDate valuationDate)
            implements WatchEvent {
        public ValuationSeen {
            Objects.requireNonNull(valuationId, "valuationId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(valuationDate, "valuationDate");
        }
    }

    /** The valuation {@code valuationId} dropped by more than the threshold: an alert was raised. */
    record AlertRaised(String valuationId, BigDecimal previousAmount, BigDecimal newAmount, String currency,
                       BigDecimal dropShare, BigDecimal threshold, LocalDate valuationDate) implements WatchEvent {
        public AlertRaised {
            Objects.requireNonNull(valuationId, "valuationId");
            Objects.requireNonNull(previousAmount, "previousAmount");
            Objects.requireNonNull(newAmount, "newAmount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(dropShare, "dropShare");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(valuationDate, "valuationDate");
        }

        ValueDropAlert toAlert(String assetId) {
            return new ValueDropAlert(assetId, valuationId, previousAmount, newAmount, currency, dropShare, threshold,
                    valuationDate);
        }
    }

    /** The record class of a stored event type ({@code valuation-alerts.ValuationSeen} or just the simple name). */
    static Class<? extends WatchEvent> classOf(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "ValuationSeen" -> ValuationSeen.class;
            case "AlertRaised" -> AlertRaised.class;
            default -> throw new ValuationAlertsException("watch journal holds an event of unknown type '" + type + "'");
        };
    }
}
