package io.mosaic.marketplace.metering;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a tenant owes for one month: one line per client for the platform and one per client and priced app, each
 * {@code score x price per unit} rounded to the currency's minor unit; totals per currency are sums of the lines.
 */
public record MonthlyStatement(String tenant, YearMonth month, List<ClientComplexity> clients, List<Line> lines) {

    /** @param item {@value #PLATFORM} or an app id */
    public record Line(String client, String item, String version, long score, Money pricePerUnit, Money amount) {
        public Line {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(pricePerUnit, "pricePerUnit");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** The item of the platform's own line. */
    public static final String PLATFORM = "platform";

    public MonthlyStatement {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(month, "month");
        clients = List.copyOf(clients);
        lines = List.copyOf(lines);
    }

    /** Sum of the lines, per currency. */
    public Map<Currency, BigDecimal> totals() {
        Map<Currency, BigDecimal> totals = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (Line line : lines) {
            totals.merge(line.amount().currency(), line.amount().amount(), BigDecimal::add);
        }
        return totals;
    }

    /** Lines of one client. */
    public List<Line> linesOf(String client) {
        return lines.stream().filter(l -> l.client().equals(client)).toList();
    }
}
