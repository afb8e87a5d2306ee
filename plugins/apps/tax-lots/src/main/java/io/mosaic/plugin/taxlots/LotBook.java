package io.mosaic.plugin.taxlots;

import io.mosaic.plugin.taxlots.LotEvent.HoldingObserved;
import io.mosaic.plugin.taxlots.LotEvent.LotConsumed;
import io.mosaic.plugin.taxlots.LotEvent.LotOpened;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One owner's lots, per holding in the order first seen. {@link #decide} and {@link #evolve} are pure. Lots are
 * consumed first in, first out when the holding's quantity decreases.
 */
public record LotBook(Map<String, Holding> holdings) {
    public LotBook {
        holdings = Collections.unmodifiableMap(new LinkedHashMap<>(holdings));
    }

    /** What the book knows about one holding: its latest observation, its open lots (oldest first), what was consumed. */
    public record Holding(String holdingId, Optional<HoldingObserved> observed, List<OpenLot> open,
                          List<ConsumedLot> consumed, int lotsOpened) {
        public Holding {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(observed, "observed");
            open = List.copyOf(open);
            consumed = List.copyOf(consumed);
        }

        static Holding empty(String holdingId) {
            return new Holding(holdingId, Optional.empty(), List.of(), List.of(), 0);
        }
    }

    /** A lot with the quantity still open. */
    public record OpenLot(String lotId, LocalDate openedOn, BigDecimal quantity, BigDecimal unitCost, String currency) {
        public OpenLot {
            Objects.requireNonNull(lotId, "lotId");
            Objects.requireNonNull(openedOn, "openedOn");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unitCost, "unitCost");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /** A part of a lot that a decrease consumed. */
    public record ConsumedLot(String lotId, LocalDate openedOn, LocalDate consumedOn, BigDecimal quantity,
                              BigDecimal unitCost, BigDecimal unitProceeds, String currency) {
        public ConsumedLot {
            Objects.requireNonNull(lotId, "lotId");
            Objects.requireNonNull(openedOn, "openedOn");
            Objects.requireNonNull(consumedOn, "consumedOn");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unitCost, "unitCost");
            Objects.requireNonNull(unitProceeds, "unitProceeds");
            Objects.requireNonNull(currency, "currency");
        }
    }

    public static LotBook initial() {
        return new LotBook(Map.of());
    }

    public static LotBook replay(List<? extends LotEvent> events) {
        LotBook book = initial();
        for (LotEvent event : events) {
            book = book.evolve(event);
        }
        return book;
    }

    public Optional<Holding> holding(String holdingId) {
        return Optional.ofNullable(holdings.get(holdingId));
    }

    public LotBook evolve(LotEvent event) {
        return switch (event) {
            case LotOpened opened -> with(holdingOrEmpty(opened.holdingId()), h -> {
                List<OpenLot> open = new ArrayList<>(h.open());
                open.add(new OpenLot(opened.lotId(), opened.openedOn(), opened.quantity(), opened.unitCost(),
                        opened.currency()));
                return new Holding(h.holdingId(), h.observed(), open, h.consumed(), h.lotsOpened() + 1);
            });
            case LotConsumed taken -> with(holdingOrEmpty(taken.holdingId()), h -> consume(h, taken));
            case HoldingObserved observed -> with(holdingOrEmpty(observed.holdingId()), h -> new Holding(h.holdingId(),
                    Optional.of(observed), h.open(), h.consumed(), h.lotsOpened()));
        };
    }

    private static Holding consume(Holding h, LotConsumed taken) {
        List<OpenLot> open = new ArrayList<>();
        List<ConsumedLot> consumed = new ArrayList<>(h.consumed());
        boolean found = false;
        for (OpenLot lot : h.open()) {
            if (!lot.lotId().equals(taken.lotId())) {
                open.add(lot);
                continue;
            }
            found = true;
            consumed.add(new ConsumedLot(lot.lotId(), lot.openedOn(), taken.consumedOn(), taken.quantity(),
                    lot.unitCost(), taken.unitProceeds(), lot.currency()));
            BigDecimal left = lot.quantity().subtract(taken.quantity());
            if (left.signum() > 0) {
                open.add(new OpenLot(lot.lotId(), lot.openedOn(), left, lot.unitCost(), lot.currency()));
            }
        }
        if (!found) {
            throw new TaxLotsException("holding " + h.holdingId() + ": journal consumes lot " + taken.lotId()
                    + ", which is not open");
        }
        return new Holding(h.holdingId(), h.observed(), open, consumed, h.lotsOpened());
    }

    private Holding holdingOrEmpty(String holdingId) {
        return holding(holdingId).orElseGet(() -> Holding.empty(holdingId));
    }

    private LotBook with(Holding h, java.util.function.UnaryOperator<Holding> change) {
        Map<String, Holding> next = new LinkedHashMap<>(holdings);
        next.put(h.holdingId(), change.apply(h));
        return new LotBook(next);
    }

    /**
     * Cash has no lots. A valuation older than the holding's last observation, the same observation again, or one
     * in another currency than the holding's open lots changes nothing. Otherwise an increase of the quantity opens
     * a lot at the valuation's unit value, a decrease consumes the oldest lots first at that unit value (at the last
     * known unit value when the holding was closed, since a closed holding has no value), and the observation is
     * recorded.
     */
    public static List<LotEvent> decide(HoldingValued valued, LotBook book) {
        if (valued.isCash()) {
            return List.of();
        }
        Holding holding = book.holdingOrEmpty(valued.holdingId());
        Optional<HoldingObserved> known = holding.observed();
        if (known.isPresent() && (valued.asOf().isBefore(known.get().asOf()) || sameState(known.get(), valued))) {
            return List.of();
        }
        if (holding.open().stream().anyMatch(lot -> !lot.currency().equals(valued.currency()))) {
            return List.of();
        }
        BigDecimal before = known.map(HoldingObserved::quantity).orElse(BigDecimal.ZERO);
        BigDecimal change = valued.quantity().subtract(before);
        BigDecimal unitValue = unitValue(valued.quantity(), valued.marketValue())
                .or(() -> known.flatMap(k -> unitValue(k.quantity(), k.marketValue())))
                .orElse(BigDecimal.ZERO);
        List<LotEvent> events = new ArrayList<>();
        if (change.signum() > 0) {
            events.add(new LotOpened(valued.holdingId(), valued.holdingId() + "#" + (holding.lotsOpened() + 1),
                    valued.asOf(), change, unitValue, valued.currency()));
        } else if (change.signum() < 0) {
            BigDecimal toConsume = change.negate();
            for (OpenLot lot : holding.open()) {
                if (toConsume.signum() <= 0) {
                    break;
                }
                BigDecimal taken = lot.quantity().min(toConsume);
                events.add(new LotConsumed(valued.holdingId(), lot.lotId(), valued.asOf(), taken, unitValue));
                toConsume = toConsume.subtract(taken);
            }
        }
        events.add(new HoldingObserved(valued.holdingId(), valued.instrumentId(), valued.instrumentName(),
                valued.quantity(), valued.marketValue(), valued.currency(), valued.asOf()));
        return List.copyOf(events);
    }

    /** marketValue / quantity, 16 significant digits; empty for a zero quantity. */
    static Optional<BigDecimal> unitValue(BigDecimal quantity, BigDecimal marketValue) {
        if (quantity.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(marketValue.divide(quantity, MathContext.DECIMAL64).stripTrailingZeros());
    }

    private static boolean sameState(HoldingObserved known, HoldingValued valued) {
        return known.asOf().equals(valued.asOf()) && known.quantity().compareTo(valued.quantity()) == 0
                && known.marketValue().compareTo(valued.marketValue()) == 0 && known.currency().equals(valued.currency());
    }
}
