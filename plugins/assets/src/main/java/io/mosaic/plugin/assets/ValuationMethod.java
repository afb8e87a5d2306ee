package io.mosaic.plugin.assets;

/** How a valuation was obtained. */
public enum ValuationMethod {
    APPRAISAL, PURCHASE_COST, NAV_STATEMENT, INSURANCE_VALUE, MODEL, MARKET
}
