package io.mosaic.marketplace.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/** An amount in a currency; {@code BigDecimal}, never {@code double}. */
public record Money(BigDecimal amount, Currency currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    /** Parses {@code "0.40 CHF"}. */
    public static Money parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not an amount and a currency, e.g. 0.40 CHF");
        }
        try {
            return of(parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an amount and an ISO 4217 currency, e.g. 0.40 CHF", e);
        }
    }

    public Money times(long units) {
        return new Money(amount.multiply(BigDecimal.valueOf(units)), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other + " to " + this + ": different currencies");
        }
        return new Money(amount.add(other.amount), currency);
    }

    /** Rounded to the currency's minor unit, half-even (banker's rounding). */
    public Money rounded() {
        return new Money(amount.setScale(Math.max(currency.getDefaultFractionDigits(), 0), RoundingMode.HALF_EVEN),
                currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
