package io.mosaic.plugin.marketdata;

/** A failure of the market-data domain that is not a business outcome (those are {@link CommandRejected} messages). */
public class MarketDataException extends RuntimeException {
    public MarketDataException(String message) {
        super(message);
    }
}
