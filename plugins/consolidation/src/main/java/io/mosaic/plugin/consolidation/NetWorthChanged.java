package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Message {@code consolidation.NetWorthChanged} (entity = ownerId): the owner's live figure (as of today, as known
 * now, in the reporting currency) changed. {@code unpriced} names each position left out, as
 * {@code <positionId> (<amount> <currency>)}.
 */
public record NetWorthChanged(String ownerId, BigDecimal netWorth, String currency, LocalDate asOf,
                              List<String> unpriced) {
    public NetWorthChanged {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(netWorth, "netWorth");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(asOf, "asOf");
        unpriced = List.copyOf(unpriced);
    }
}
