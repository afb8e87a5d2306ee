package io.mosaic.plugin.assets;

import io.mosaic.sdk.Omittable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** Message {@code assets.RecordValuation}: record a valuation of a registered asset. */
public record RecordValuation(String assetId, String valuationId, BigDecimal amount, String currency,
                              LocalDate valuationDate, ValuationMethod method, @Omittable String appraiser)
        implements AssetCommand {
    public RecordValuation {
        Objects.requireNonNull(assetId, "assetId");
        valuationId = valuationId == null ? "" : valuationId.strip();
        currency = currency == null ? "" : currency.strip();
        appraiser = appraiser == null ? "" : appraiser.strip();
    }
}
