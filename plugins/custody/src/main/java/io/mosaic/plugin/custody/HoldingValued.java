package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Event and message {@code custody.HoldingValued}: the current state of one holding after an import. A quantity
 * of zero closes the holding (it was absent from a complete statement of holdings).
 *
 * @param holdingId    {@code <accountId>:<instrumentId>}
 * @param instrumentId an ISIN, or {@code CASH-<currency>} for the balance of a cash account
 * @param region       CH, EU, US, EM or GLOBAL (by ISIN country, by currency for cash)
 * @param asOf         the statement date the state comes from
 */
public record HoldingValued(String holdingId, String accountId, String ownerId, String custodian,
                            String instrumentId, String instrumentName, HoldingClass assetClass, String region,
                            BigDecimal quantity, String currency, BigDecimal marketValue, LocalDate asOf)
        implements LedgerEvent {
    public HoldingValued {
        Objects.requireNonNull(holdingId, "holdingId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(custodian, "custodian");
        Objects.requireNonNull(instrumentId, "instrumentId");
        instrumentName = instrumentName == null ? "" : instrumentName;
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(marketValue, "marketValue");
        Objects.requireNonNull(asOf, "asOf");
    }
}
