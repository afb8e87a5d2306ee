package io.mosaic.plugin.marketdata;

import java.util.Currency;

/** ISO 4217 codes. */
final class Currencies {
    /** The currency through which cross rates are computed when no direct rate exists (reference rates are per EUR). */
    static final String PIVOT = "EUR";

    private Currencies() {
    }

    static boolean isCode(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
