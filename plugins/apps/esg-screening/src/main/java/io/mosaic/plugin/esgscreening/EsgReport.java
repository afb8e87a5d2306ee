package io.mosaic.plugin.esgscreening;

import io.mosaic.plugin.esgscreening.PortfolioEvent.PositionScreened;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Answer of the query {@code report?owner=}: per currency of the owner's open holdings (values are not converted:
 * the app has no exchange rates), the portfolio value, the excluded value and share in total and by category, and
 * the unrated value and share (cash counts in the portfolio value but is neither excluded nor unrated); then the
 * excluded holdings and the unrated holdings.
 */
public record EsgReport(String ownerId, List<CurrencyShares> currencies, List<Position> excluded,
                        List<Position> unrated) {
    public EsgReport {
        Objects.requireNonNull(ownerId, "ownerId");
        currencies = List.copyOf(currencies);
        excluded = List.copyOf(excluded);
        unrated = List.copyOf(unrated);
    }

    /** Figures of the holdings in one currency; shares are of {@code portfolioValue}, 4 decimals, half-even. */
    public record CurrencyShares(String currency, BigDecimal portfolioValue, BigDecimal excludedValue,
                                 BigDecimal excludedShare, Map<String, BigDecimal> excludedValueByCategory,
                                 Map<String, BigDecimal> excludedShareByCategory, BigDecimal unratedValue,
                                 BigDecimal unratedShare) {
        public CurrencyShares {
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(portfolioValue, "portfolioValue");
            Objects.requireNonNull(excludedValue, "excludedValue");
            Objects.requireNonNull(excludedShare, "excludedShare");
            excludedValueByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(excludedValueByCategory));
            excludedShareByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(excludedShareByCategory));
            Objects.requireNonNull(unratedValue, "unratedValue");
            Objects.requireNonNull(unratedShare, "unratedShare");
        }
    }

    /** One holding of the lists; {@code category} is {@code ""} for an unrated holding. */
    public record Position(String holdingId, String instrumentId, String instrumentName, String category,
                           BigDecimal quantity, BigDecimal marketValue, String currency, LocalDate asOf) {
        public Position {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(instrumentId, "instrumentId");
            Objects.requireNonNull(instrumentName, "instrumentName");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(marketValue, "marketValue");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(asOf, "asOf");
        }

        static Position of(PositionScreened p) {
            return new Position(p.holdingId(), p.instrumentId(), p.instrumentName(), p.category(), p.quantity(),
                    p.marketValue(), p.currency(), p.asOf());
        }
    }
}
