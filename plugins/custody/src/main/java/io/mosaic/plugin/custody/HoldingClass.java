package io.mosaic.plugin.custody;

/** Asset class of a holding, as {@code custody.HoldingValued} publishes it. */
public enum HoldingClass {
    CASH, EQUITY, BOND, FUND, STRUCTURED, OTHER;

    /** From the first letter of an ISO 10962 CFI code (E equities, D debt, C collective investment, …). */
    static HoldingClass ofCfi(String cfi) {
        if (cfi == null || cfi.isEmpty()) {
            return OTHER;
        }
        return switch (Character.toUpperCase(cfi.charAt(0))) {
            case 'E' -> EQUITY;
            case 'D' -> BOND;
            case 'C' -> FUND;
            case 'R', 'O', 'F', 'H' -> STRUCTURED;
            default -> OTHER;
        };
    }
}
