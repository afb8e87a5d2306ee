package io.mosaic.plugin.custody;

import java.util.Set;

/** International Securities Identification Number (ISO 6166): two letters, nine alphanumerics, a check digit. */
public final class Isin {
    private static final Set<String> EU = Set.of("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
            "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK");
    private static final Set<String> EM = Set.of("BR", "CN", "IN", "ID", "MX", "ZA", "TR", "TW", "KR", "TH", "MY",
            "PH", "CL", "CO", "PE", "SA", "AE", "QA", "EG", "VN", "RU", "AR");

    private Isin() {
    }

    /** True for a well-formed ISIN whose last digit is the Luhn check digit of the other eleven characters. */
    public static boolean isValid(String isin) {
        if (isin == null || !isin.matches("[A-Z]{2}[A-Z0-9]{9}[0-9]")) {
            return false;
        }
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            char c = isin.charAt(i);
            digits.append(Character.isDigit(c) ? String.valueOf(c - '0') : String.valueOf(c - 'A' + 10));
        }
        return checkDigit(digits) == isin.charAt(11) - '0';
    }

    /** Luhn over the digit string, doubling from the rightmost digit. */
    private static int checkDigit(CharSequence digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }

    /** Completes eleven characters with their check digit; for tests and generators. */
    static String withCheckDigit(String first11) {
        StringBuilder digits = new StringBuilder();
        for (char c : first11.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c - '0') : String.valueOf(c - 'A' + 10));
        }
        return first11 + checkDigit(digits);
    }

    /** Region of an instrument from its ISIN's country prefix: CH, US, EU, EM or GLOBAL (e.g. XS eurobonds). */
    static String region(String isin) {
        String country = isin.substring(0, 2);
        if (country.equals("CH") || country.equals("LI")) {
            return "CH";
        }
        if (country.equals("US") || country.equals("CA")) {
            return "US";
        }
        if (EU.contains(country)) {
            return "EU";
        }
        if (EM.contains(country)) {
            return "EM";
        }
        return "GLOBAL";
    }

    /** Region of cash by its currency. */
    static String cashRegion(String currency) {
        return switch (currency) {
            case "CHF" -> "CH";
            case "USD" -> "US";
            case "EUR" -> "EU";
            default -> "GLOBAL";
        };
    }
}
