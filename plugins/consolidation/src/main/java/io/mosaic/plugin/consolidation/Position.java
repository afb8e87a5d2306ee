package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One directly held position of an entity on a date, in its own currency: a custody holding (market value, or
 * quantity × the market-data price when that price is at least as recent as the statement) or a non-bankable asset
 * (its latest valuation on or before the date). Liabilities have negative amounts.
 *
 * @param id        {@code holding:<holdingId>} or {@code asset:<assetId>}
 * @param valuedOn  the date of the statement, price or valuation the amount comes from
 */
public record Position(String id, String entityId, String name, String assetClass, String region, String custodian,
                       String currency, BigDecimal amount, LocalDate valuedOn) {
    public Position {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(custodian, "custodian");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(valuedOn, "valuedOn");
    }
}
