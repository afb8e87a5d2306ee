package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One position of a statement of holdings.
 *
 * @param number        position in its statement, from 1
 * @param price         per unit, or per 100 of face amount when {@code pricePercent}; may be absent
 * @param priceCurrency currency of the price (empty for a percentage price)
 * @param marketValue   value of the holding as the custodian reports it, in {@code currency}
 */
public record StatementHolding(int number, String isin, String name, HoldingClass assetClass, BigDecimal quantity,
                               BigDecimal price, boolean pricePercent, String priceCurrency,
                               BigDecimal marketValue, String currency) {
    public StatementHolding {
        Objects.requireNonNull(isin, "isin");
        name = name == null ? "" : name;
        Objects.requireNonNull(assetClass, "assetClass");
        Objects.requireNonNull(quantity, "quantity");
        priceCurrency = priceCurrency == null ? "" : priceCurrency;
        Objects.requireNonNull(marketValue, "marketValue");
        Objects.requireNonNull(currency, "currency");
    }

    public Optional<BigDecimal> unitPrice() {
        return Optional.ofNullable(price);
    }

    /** Quantity × price (÷ 100 for a percentage price), when the price is in the value's currency. */
    Optional<BigDecimal> computedValue() {
        if (price == null || !(pricePercent || priceCurrency.equals(currency))) {
            return Optional.empty();
        }
        BigDecimal value = quantity.multiply(price);
        return Optional.of(pricePercent ? value.movePointLeft(2) : value);
    }
}
