package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict reading of numbers, dates and currencies as statement files write them. */
final class Decimals {
    private static final Pattern DOT_DECIMAL = Pattern.compile("-?[0-9]{1,18}(\\.[0-9]{1,10})?");
    private static final Pattern SWIFT_DECIMAL = Pattern.compile("[0-9]{1,15},[0-9]{0,10}");

    private Decimals() {
    }

    /** {@code 12.50}, {@code -3}, never {@code 12,50} nor {@code 1e3}. */
    static Optional<BigDecimal> dot(String text) {
        return text != null && DOT_DECIMAL.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /** SWIFT amounts use a decimal comma and no sign: {@code 1000,00}, {@code 100,}. */
    static Optional<BigDecimal> swift(String text) {
        if (text == null || !SWIFT_DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        String plain = text.replace(',', '.');
        return Optional.of(new BigDecimal(plain.endsWith(".") ? plain.substring(0, plain.length() - 1) : plain));
    }

    static Optional<LocalDate> isoDate(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String quoted(String text) {
        return text == null ? "(missing)" : "\"" + text + "\"";
    }
}
