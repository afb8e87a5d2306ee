package io.mosaic.plugin.taxlots;

import io.mosaic.plugin.taxlots.LotEvent.HoldingObserved;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Answer of the query {@code estimate?owner=&method=FIFO}: per holding, the open lots with their unrealised gain at
 * the latest valuation, the consumed lots with their realised gain, and totals per currency. Amounts are rounded
 * half-even to the currency's minor unit (2 decimals for an unknown code). An estimate from custody valuations, not
 * tax advice: it knows neither real purchase prices, fees nor the tax rules of any jurisdiction.
 */
public record TaxLotEstimate(String ownerId, String method, String disclaimer, List<HoldingEstimate> holdings,
                             List<Total> totals) {
    static final String DISCLAIMER = "Estimate from custody valuations, not tax advice: a lot's cost is the unit value"
            + " (market value / quantity) on the statement date its quantity first appeared, not the purchase price;"
            + " fees, corporate actions and tax rules are not considered.";

    public TaxLotEstimate {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(disclaimer, "disclaimer");
        holdings = List.copyOf(holdings);
        totals = List.copyOf(totals);
    }

    public record HoldingEstimate(String holdingId, String instrumentId, String instrumentName, String currency,
                                  BigDecimal quantity, BigDecimal unitValue, LocalDate asOf, List<OpenLotGain> openLots,
                                  BigDecimal unrealisedGain, List<RealisedLotGain> consumedLots,
                                  BigDecimal realisedGain) {
        public HoldingEstimate {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(currency, "currency");
            openLots = List.copyOf(openLots);
            consumedLots = List.copyOf(consumedLots);
        }
    }

    /** costBasis = quantity × unitCost; marketValue = quantity × the holding's latest unit value. */
    public record OpenLotGain(String lotId, LocalDate openedOn, BigDecimal quantity, BigDecimal unitCost,
                              BigDecimal costBasis, BigDecimal marketValue, BigDecimal unrealisedGain) {
    }

    /** proceeds = quantity × unitProceeds; costBasis = quantity × unitCost. */
    public record RealisedLotGain(String lotId, LocalDate openedOn, LocalDate consumedOn, BigDecimal quantity,
                                  BigDecimal unitCost, BigDecimal unitProceeds, BigDecimal proceeds,
                                  BigDecimal costBasis, BigDecimal realisedGain) {
    }

    public record Total(String currency, BigDecimal unrealisedGain, BigDecimal realisedGain) {
    }

    /** The estimate of an owner's book, FIFO (the order in which the book consumed its lots). */
    static TaxLotEstimate of(String ownerId, LotBook book) {
        List<HoldingEstimate> holdings = new ArrayList<>();
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        for (LotBook.Holding h : book.holdings().values()) {
            if (h.observed().isEmpty() || (h.open().isEmpty() && h.consumed().isEmpty())) {
                continue;
            }
            HoldingObserved seen = h.observed().get();
            String currency = seen.currency();
            BigDecimal unitValue = LotBook.unitValue(seen.quantity(), seen.marketValue()).orElse(BigDecimal.ZERO);
            List<OpenLotGain> open = new ArrayList<>();
            BigDecimal unrealised = money(BigDecimal.ZERO, currency);
            for (LotBook.OpenLot lot : h.open()) {
                BigDecimal cost = money(lot.quantity().multiply(lot.unitCost()), currency);
                BigDecimal value = money(lot.quantity().multiply(unitValue), currency);
                open.add(new OpenLotGain(lot.lotId(), lot.openedOn(), lot.quantity(), lot.unitCost(), cost, value,
                        value.subtract(cost)));
                unrealised = unrealised.add(value.subtract(cost));
            }
            List<RealisedLotGain> consumed = new ArrayList<>();
            BigDecimal realised = money(BigDecimal.ZERO, currency);
            for (LotBook.ConsumedLot lot : h.consumed()) {
                BigDecimal proceeds = money(lot.quantity().multiply(lot.unitProceeds()), currency);
                BigDecimal cost = money(lot.quantity().multiply(lot.unitCost()), currency);
                consumed.add(new RealisedLotGain(lot.lotId(), lot.openedOn(), lot.consumedOn(), lot.quantity(),
                        lot.unitCost(), lot.unitProceeds(), proceeds, cost, proceeds.subtract(cost)));
                realised = realised.add(proceeds.subtract(cost));
            }
            holdings.add(new HoldingEstimate(h.holdingId(), seen.instrumentId(), seen.instrumentName(), currency,
                    seen.quantity(), unitValue, seen.asOf(), open, unrealised, consumed, realised));
            BigDecimal[] sum = totals.computeIfAbsent(currency,
                    c -> new BigDecimal[] {money(BigDecimal.ZERO, c), money(BigDecimal.ZERO, c)});
            sum[0] = sum[0].add(unrealised);
            sum[1] = sum[1].add(realised);
        }
        List<Total> totalList = new ArrayList<>();
        totals.forEach((currency, sum) -> totalList.add(new Total(currency, sum[0], sum[1])));
        return new TaxLotEstimate(ownerId, "FIFO", DISCLAIMER, holdings, totalList);
    }

    /** Rounded half-even to the currency's minor unit (2 decimals for a code the JDK does not know). */
    static BigDecimal money(BigDecimal amount, String currency) {
        return amount.setScale(minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    private static int minorUnits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException unknownCode) {
            return 2; // not an ISO 4217 code the JDK knows: cents, as for most currencies
        }
    }
}
