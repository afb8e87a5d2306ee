package io.mosaic.plugin.marketdata;

import java.util.List;
import java.util.Objects;

/** Stored (not published as such): the rates of one imported file that were new when it was imported. */
public record ReferenceRatesImported(String fileName, String sha256, int rows, List<FxRateRecorded> rates)
        implements MarketDataEvent {
    public ReferenceRatesImported {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        rates = List.copyOf(rates);
    }
}
