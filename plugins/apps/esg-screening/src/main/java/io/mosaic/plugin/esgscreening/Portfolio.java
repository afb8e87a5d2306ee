package io.mosaic.plugin.esgscreening;

import io.mosaic.plugin.esgscreening.PortfolioEvent.ExclusionEntered;
import io.mosaic.plugin.esgscreening.PortfolioEvent.PositionScreened;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the app knows about one owner's portfolio: the latest screened state of each holding, in the order first
 * seen. {@link #decide} and {@link #evolve} are pure.
 */
public record Portfolio(Map<String, PositionScreened> positions) {
    /** Shares are rounded half-even to this many decimals (0.0001 = 0.01 %). */
    static final int SHARE_SCALE = 4;

    public Portfolio {
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public static Portfolio initial() {
        return new Portfolio(Map.of());
    }

    public static Portfolio replay(List<? extends PortfolioEvent> events) {
        Portfolio portfolio = initial();
        for (PortfolioEvent event : events) {
            portfolio = portfolio.evolve(event);
        }
        return portfolio;
    }

    public Portfolio evolve(PortfolioEvent event) {
        return switch (event) {
            case PositionScreened screened -> {
                Map<String, PositionScreened> next = new LinkedHashMap<>(positions);
                next.put(screened.holdingId(), screened);
                yield new Portfolio(next);
            }
            case ExclusionEntered entered -> this;
        };
    }

    public Optional<PositionScreened> position(String holdingId) {
        return Optional.ofNullable(positions.get(holdingId));
    }

    /**
     * A valuation older than the holding's known state, or the same state again (redelivery), changes nothing.
     * Otherwise the holding is screened; when it is open and excluded and was not listed before, it enters the list.
     */
    public static List<PortfolioEvent> decide(HoldingValued valued, Portfolio portfolio, ScreeningList list) {
        Optional<PositionScreened> known = portfolio.position(valued.holdingId());
        if (known.isPresent() && (valued.asOf().isBefore(known.get().asOf()) || sameState(known.get(), valued))) {
            return List.of();
        }
        ScreeningList.Screened screened = list.screen(valued.instrumentId());
        PositionScreened next = new PositionScreened(valued.holdingId(), valued.instrumentId(), valued.instrumentName(),
                screened.verdict(), screened.category(), screened.rating(), valued.quantity(), valued.marketValue(),
                valued.currency(), valued.asOf());
        List<PortfolioEvent> events = new ArrayList<>();
        events.add(next);
        if (next.listed() && !known.map(PositionScreened::listed).orElse(false)) {
            events.add(new ExclusionEntered(next.holdingId(), next.instrumentId(), next.category(), next.marketValue(),
                    next.currency(), next.asOf()));
        }
        return List.copyOf(events);
    }

    private static boolean sameState(PositionScreened known, HoldingValued valued) {
        return known.asOf().equals(valued.asOf()) && known.quantity().compareTo(valued.quantity()) == 0
                && known.marketValue().compareTo(valued.marketValue()) == 0 && known.currency().equals(valued.currency());
    }

    /** The report of the query {@code report}: open holdings only, figures per currency (no conversion). */
    public EsgReport report(String ownerId) {
        Map<String, List<PositionScreened>> byCurrency = new TreeMap<>();
        for (PositionScreened p : positions.values()) {
            if (p.open()) {
                byCurrency.computeIfAbsent(p.currency(), c -> new ArrayList<>()).add(p);
            }
        }
        List<EsgReport.CurrencyShares> shares = new ArrayList<>();
        byCurrency.forEach((currency, open) -> shares.add(shares(currency, open)));
        List<EsgReport.Position> excluded = new ArrayList<>();
        List<EsgReport.Position> unrated = new ArrayList<>();
        for (PositionScreened p : positions.values()) {
            if (p.listed()) {
                excluded.add(EsgReport.Position.of(p));
            } else if (p.open() && p.verdict() == Verdict.UNRATED) {
                unrated.add(EsgReport.Position.of(p));
            }
        }
        return new EsgReport(ownerId, shares, excluded, unrated);
    }

    private static EsgReport.CurrencyShares shares(String currency, List<PositionScreened> open) {
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal unrated = BigDecimal.ZERO;
        Map<String, BigDecimal> excludedByCategory = new TreeMap<>();
        for (PositionScreened p : open) {
            total = total.add(p.marketValue());
            switch (p.verdict()) {
                case EXCLUDED -> excludedByCategory.merge(p.category(), p.marketValue(), BigDecimal::add);
                case UNRATED -> unrated = unrated.add(p.marketValue());
                case RATED, NOT_SCREENED -> { }
            }
        }
        BigDecimal excluded = excludedByCategory.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, BigDecimal> categoryShares = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : excludedByCategory.entrySet()) {
            categoryShares.put(e.getKey(), share(e.getValue(), total));
        }
        return new EsgReport.CurrencyShares(currency, total, excluded, share(excluded, total), excludedByCategory,
                categoryShares, unrated, share(unrated, total));
    }

    /** {@code part / total} rounded half-even to {@link #SHARE_SCALE} decimals; 0 when the total is not positive. */
    static BigDecimal share(BigDecimal part, BigDecimal total) {
        if (total.signum() <= 0) {
            return BigDecimal.ZERO.setScale(SHARE_SCALE);
        }
        return part.divide(total, SHARE_SCALE, RoundingMode.HALF_EVEN);
    }
}
