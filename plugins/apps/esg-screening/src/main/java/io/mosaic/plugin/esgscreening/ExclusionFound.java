package io.mosaic.plugin.esgscreening;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Message {@code esg-screening.ExclusionFound} (entity = ownerId): a holding entered the exclusion list, i.e. its
 * instrument is on the bank's exclusion list and the holding is open. Published once per entry; a revaluation of a
 * holding that stays listed publishes nothing, a holding that was closed and is opened again enters once more.
 */
public record ExclusionFound(String ownerId, String holdingId, String instrumentId, String category,
                             BigDecimal marketValue, String currency) {
    public ExclusionFound {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(holdingId, "holdingId");
        Objects.requireNonNull(instrumentId, "instrumentId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(marketValue, "marketValue");
        Objects.requireNonNull(currency, "currency");
    }
}
