package io.mosaic.plugin.custody;

import java.util.Currency;

/** ISO 4217 currency codes. */
final class Currencies {
    private Currencies() {
    }

    /** True for a known ISO 4217 code in upper case, e.g. {@code CHF}. */
    static boolean isCode(String code) {
        if (code == null || code.length() != 3 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
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
