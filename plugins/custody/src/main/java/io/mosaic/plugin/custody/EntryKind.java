package io.mosaic.plugin.custody;

import java.util.Locale;
import java.util.Set;

/**
 * What a cash entry means for the portfolio: money moving in or out of it ({@link #TRANSFER}, an external flow),
 * income or costs inside it ({@link #INCOME}, {@link #FEE}: internal flows), or the cash leg of a securities trade
 * ({@link #TRADE}: no flow, the value only changes form).
 */
public enum EntryKind {
    TRANSFER, INCOME, FEE, TRADE;

    private static final Set<String> INCOME_CODES = Set.of("INTR", "INTP", "DVCA", "DVOP", "INT", "DIV", "CPN");
    private static final Set<String> FEE_CODES = Set.of("CHRG", "FEES", "COMM", "COMI", "TAXE", "WITH", "CHG",
            "COM", "FEE", "TAX");
    private static final Set<String> TRADE_CODES = Set.of("SEC", "BOE", "STK");

    /** True when the entry moves money across the portfolio's boundary (deposits and withdrawals). */
    public boolean external() {
        return this == TRANSFER;
    }

    /** True when the entry is a cash flow at all (trades are not). */
    public boolean flow() {
        return this != TRADE;
    }

    /**
     * From an ISO 20022 bank transaction code (domain, family, sub-family; any may be empty). Unknown codes are
     * transfers: treating an unknown movement as external keeps it out of performance, which is the safe side.
     */
    static EntryKind ofBankTransactionCode(String domain, String family, String subFamily) {
        String sub = upper(subFamily);
        if (INCOME_CODES.contains(sub)) {
            return INCOME;
        }
        if (FEE_CODES.contains(sub)) {
            return FEE;
        }
        if ("SECU".equals(upper(domain))) {
            return "CORP".equals(upper(family)) ? INCOME : TRADE;
        }
        return TRANSFER;
    }

    /** From a SWIFT transaction type identification code such as {@code NTRF}, {@code NINT}, {@code NCHG}. */
    static EntryKind ofSwiftCode(String code) {
        String c = upper(code);
        String id = c.length() == 4 ? c.substring(1) : c;
        if (INCOME_CODES.contains(id)) {
            return INCOME;
        }
        if (FEE_CODES.contains(id)) {
            return FEE;
        }
        if (TRADE_CODES.contains(id)) {
            return TRADE;
        }
        return TRANSFER;
    }

    private static String upper(String text) {
        return text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    }
}
