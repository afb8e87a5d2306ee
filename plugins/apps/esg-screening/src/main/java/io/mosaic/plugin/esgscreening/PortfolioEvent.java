package io.mosaic.plugin.esgscreening;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Events of the app's {@code esg-portfolio/<ownerId>} aggregate (stored, not published). */
public sealed interface PortfolioEvent permits PortfolioEvent.PositionScreened, PortfolioEvent.ExclusionEntered {

    /** The holding's latest state as custody reported it, and how its instrument screened at that time. */
    record PositionScreened(String holdingId, String instrumentId, String instrumentName, Verdict verdict,
                            String category, String rating, BigDecimal quantity, BigDecimal marketValue,
                            String currency, LocalDate asOf) implements PortfolioEvent {
        public PositionScreened {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(instrumentId, "instrumentId");
            Objects.requireNonNull(instrumentName, "instrumentName");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(rating, "rating");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(marketValue, "marketValue");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(asOf, "asOf");
        }

        /** Open (quantity ≠ 0) and excluded: the holding is on the owner's exclusion list. */
        boolean listed() {
            return verdict == Verdict.EXCLUDED && quantity.signum() != 0;
        }

        boolean open() {
            return quantity.signum() != 0;
        }
    }

    /** The holding entered the exclusion list: {@code esg-screening.ExclusionFound} was published for it. */
    record ExclusionEntered(String holdingId, String instrumentId, String category, BigDecimal marketValue,
                            String currency, LocalDate asOf) implements PortfolioEvent {
        public ExclusionEntered {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(instrumentId, "instrumentId");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(marketValue, "marketValue");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(asOf, "asOf");
        }

        ExclusionFound toMessage(String ownerId) {
            return new ExclusionFound(ownerId, holdingId, instrumentId, category, marketValue, currency);
        }
    }

    /** The record class of a stored event type ({@code esg-screening.PositionScreened} or the simple name). */
    static Class<? extends PortfolioEvent> classOf(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "PositionScreened" -> PositionScreened.class;
            case "ExclusionEntered" -> ExclusionEntered.class;
            default -> throw new EsgScreeningException("esg-portfolio journal holds an event of unknown type '" + type + "'");
        };
    }
}
