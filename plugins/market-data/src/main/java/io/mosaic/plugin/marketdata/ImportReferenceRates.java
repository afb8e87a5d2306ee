package io.mosaic.plugin.marketdata;

import io.mosaic.sdk.Omittable;

/** Message {@code market-data.ImportReferenceRates}: a daily reference-rate CSV (format: {@link ReferenceRateCsv}). */
public record ImportReferenceRates(@Omittable String fileName, String csv) implements MarketDataCommand {
    public ImportReferenceRates {
        fileName = fileName == null || fileName.isBlank() ? "(unnamed)" : fileName.strip();
        csv = csv == null ? "" : csv;
    }

    @Override
    public String reference() {
        return fileName;
    }
}
