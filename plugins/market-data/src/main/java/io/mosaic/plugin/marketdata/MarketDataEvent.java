package io.mosaic.plugin.marketdata;

/**
 * Stored events of the market-data domain. {@link FxRateRecorded} (stream {@code fx/<BASE>-<QUOTE>}) and
 * {@link PriceRecorded} ({@code price/<instrumentId>}) are also published; {@link ReferenceRatesImported}
 * ({@code rate-import/<sha-256 of the file>}) holds all new rates of one file in one event, so that a file is
 * stored whole or not at all, and is published as one {@code FxRateRecorded} per rate.
 */
public sealed interface MarketDataEvent permits FxRateRecorded, PriceRecorded, ReferenceRatesImported {

    static Class<? extends MarketDataEvent> classOf(String type) {
        return switch (type.substring(type.lastIndexOf('.') + 1)) {
            case "FxRateRecorded" -> FxRateRecorded.class;
            case "PriceRecorded" -> PriceRecorded.class;
            case "ReferenceRatesImported" -> ReferenceRatesImported.class;
            default -> throw new MarketDataException("market-data journal holds an event of unknown type '" + type + "'");
        };
    }
}
