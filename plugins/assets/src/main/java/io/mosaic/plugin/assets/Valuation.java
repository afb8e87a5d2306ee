package io.mosaic.plugin.assets;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** One recorded valuation of an asset, as the aggregate keeps it. */
public record Valuation(String valuationId, Money value, LocalDate valuationDate, ValuationMethod method,
                        String appraiser, Instant recordedAt) {
    public Valuation {
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(valuationDate, "valuationDate");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(appraiser, "appraiser");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    static Valuation from(ValuationRecorded event) {
        return new Valuation(event.valuationId(), event.value(), event.valuationDate(), event.method(),
                event.appraiser(), event.recordedAt());
    }

    /** Same content as the command (amounts compared numerically); the recording time does not count. */
    boolean sameContentAs(RecordValuation command) {
        return command.amount() != null
                && value.currency().equals(command.currency())
                && value.amount().compareTo(command.amount()) == 0
                && valuationDate.equals(command.valuationDate())
                && method == command.method()
                && appraiser.equals(command.appraiser());
    }
}
