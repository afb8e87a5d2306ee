package io.mosaic.plugin.taxlots;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * This app's reading of {@code custody.HoldingValued} (docs/custody.md): only the fields it needs. The JSON is the
 * contract with the custody domain; the app shares no classes with it and ignores the other fields.
 */
public record HoldingValued(String holdingId, String accountId, String ownerId, String instrumentId,
                            String instrumentName, BigDecimal quantity, String currency, BigDecimal marketValue,
                            LocalDate asOf) {
    public HoldingValued {
        Objects.requireNonNull(holdingId, "holdingId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(marketValue, "marketValue");
        Objects.requireNonNull(asOf, "asOf");
        instrumentName = instrumentName == null ? "" : instrumentName;
    }

    /** Cash ({@code CASH-<ccy>}) is not an issuer's security: it is part of the portfolio but not screened. */
    boolean isCash() {
        return instrumentId.startsWith("CASH-");
    }
}
