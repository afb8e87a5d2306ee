package io.mosaic.plugin.custody;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** Dates as SWIFT MT fields write them. */
final class SwiftValues {
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private SwiftValues() {
    }

    /** {@code 240331}: years 00-99 are 2000-2099. */
    static Optional<LocalDate> yymmdd(String text) {
        return parse(text, 6, YYMMDD);
    }

    /** {@code 20240331}. */
    static Optional<LocalDate> yyyymmdd(String text) {
        return parse(text, 8, YYYYMMDD);
    }

    /** An MT940 entry date {@code MMDD}, in the year that puts it nearest to the value date. */
    static Optional<LocalDate> monthDayNear(String mmdd, LocalDate valueDate) {
        if (mmdd == null || !mmdd.matches("[0-9]{4}")) {
            return Optional.empty();
        }
        try {
            int month = Integer.parseInt(mmdd.substring(0, 2));
            int day = Integer.parseInt(mmdd.substring(2));
            LocalDate best = null;
            for (int year = valueDate.getYear() - 1; year <= valueDate.getYear() + 1; year++) {
                if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
                    continue;
                }
                LocalDate candidate = LocalDate.of(year, month, day);
                if (best == null || Math.abs(candidate.toEpochDay() - valueDate.toEpochDay())
                        < Math.abs(best.toEpochDay() - valueDate.toEpochDay())) {
                    best = candidate;
                }
            }
            return Optional.ofNullable(best);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> parse(String text, int length, DateTimeFormatter format) {
        if (text == null || text.length() != length || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text, format));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
