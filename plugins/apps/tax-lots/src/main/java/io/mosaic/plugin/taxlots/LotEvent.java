package io.mosaic.plugin.taxlots;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Events of the app's {@code tax-lots/<ownerId>} aggregate (stored, not published). */
public sealed interface LotEvent permits LotEvent.LotOpened, LotEvent.LotConsumed, LotEvent.HoldingObserved {

    /** A quantity increase of the holding opened a lot at that date's unit value (marketValue / quantity). */
    record LotOpened(String holdingId, String lotId, LocalDate openedOn, BigDecimal quantity, BigDecimal unitCost,
                     String currency) implements LotEvent {
        public LotOpened {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(lotId, "lotId");
            Objects.requireNonNull(openedOn, "openedOn");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unitCost, "unitCost");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /** A quantity decrease consumed (part of) a lot, at that date's unit value as proceeds. */
    record LotConsumed(String holdingId, String lotId, LocalDate consumedOn, BigDecimal quantity,
                       BigDecimal unitProceeds) implements LotEvent {
        public LotConsumed {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(lotId, "lotId");
            Objects.requireNonNull(consumedOn, "consumedOn");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unitProceeds, "unitProceeds");
        }
    }

    /** The holding's latest state as custody reported it (after the lots it opened or consumed). */
    record HoldingObserved(String holdingId, String instrumentId, String instrumentName, BigDecimal quantity,
                           BigDecimal marketValue, String currency, LocalDate asOf) implements LotEvent {
        public HoldingObserved {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(instrumentId, "instrumentId");
            Objects.requireNonNull(instrumentName, "instrumentName");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(marketValue, "marketValue");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(asOf, "asOf");
        }
    }

    /** The record class of a stored event type ({@code tax-lots.LotOpened} or the simple name). */
    static Class<? extends LotEvent> classOf(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "LotOpened" -> LotOpened.class;
            case "LotConsumed" -> LotConsumed.class;
            case "HoldingObserved" -> HoldingObserved.class;
            default -> throw new TaxLotsException("tax-lots journal holds an event of unknown type '" + type + "'");
        };
    }
}
