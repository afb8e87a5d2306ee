package io.mosaic.plugin.marketdata;

/** A command of the market-data domain; records accept any readable content so that it can be rejected with a reason. */
public sealed interface MarketDataCommand permits RecordFxRate, RecordPrice, ImportReferenceRates {

    /** What the command is about (pair, instrument or file name), for the rejection. */
    String reference();

    default String messageType() {
        return MarketDataDomain.DOMAIN + "." + getClass().getSimpleName();
    }
}
