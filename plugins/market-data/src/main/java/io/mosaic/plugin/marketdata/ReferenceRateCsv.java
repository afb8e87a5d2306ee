package io.mosaic.plugin.marketdata;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reader of a daily reference-rate CSV, the layout the ECB publishes ({@code eurofxref.csv} / {@code -hist.csv}):
 * <pre>
 * Date,USD,JPY,CHF,GBP,
 * 2024-03-01,1.0842,162.53,0.9565,0.85700,
 * 2024-02-29,1.0813,N/A,0.9553,0.85550,
 * </pre>
 * <ul>
 *   <li>Line 1 is the header: column 1 is {@code Date}; every other column is an ISO 4217 code (not EUR, no
 *       repeats). One trailing empty column (a trailing comma) is allowed and must stay empty.</li>
 *   <li>Every other non-blank line is one day: column 1 the date, ISO {@code 2024-03-01} or English
 *       {@code 1 March 2024}; each other column the number of units of that currency worth 1 EUR, a positive
 *       decimal with a point ({@code 1.0842}); {@code N/A} or empty means no rate that day. A date appears once.</li>
 *   <li>UTF-8; an optional byte-order mark, CR LF or LF line ends, spaces around values are ignored.</li>
 * </ul>
 * Every problem is reported (up to {@link #MAX_PROBLEMS}) as {@code file <name>, line <n>, column <c> (<header>): …};
 * one problem rejects the whole file. Pure: no I/O.
 */
public final class ReferenceRateCsv {
    public static final int MAX_PROBLEMS = 20;
    public static final String SOURCE = "reference-rates";
    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private ReferenceRateCsv() {
    }

    /** The outcome of reading a file: every rate, or every problem. */
    public sealed interface Result permits Parsed, Failed {
    }

    /** @param rows the number of day lines read */
    public record Parsed(List<FxRateRecorded> rates, int rows) implements Result {
        public Parsed {
            rates = List.copyOf(rates);
        }
    }

    public record Failed(List<String> problems) implements Result {
        public Failed {
            problems = List.copyOf(problems);
        }
    }

    public static Result read(String fileName, String csv) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(csv, "csv");
        List<String> problems = new ArrayList<>();
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            return new Failed(List.of("file " + fileName + ", line 1: the header is missing (expected Date,USD,…)"));
        }
        String[] header = cells(lines[0]);
        int columns = header.length;
        boolean trailingEmpty = columns > 1 && header[columns - 1].isEmpty();
        if (!header[0].equalsIgnoreCase("Date")) {
            problems.add(at(fileName, 1, 1, header[0]) + "the first column must be 'Date', not '" + header[0] + "'");
        }
        Map<String, Integer> seen = new HashMap<>();
        int rateColumns = trailingEmpty ? columns - 1 : columns;
        for (int c = 1; c < rateColumns; c++) {
            String code = header[c];
            if (!Currencies.isCode(code)) {
                problems.add(at(fileName, 1, c + 1, code) + "'" + code + "' is not an ISO 4217 currency code");
            } else if (code.equals(Currencies.PIVOT)) {
                problems.add(at(fileName, 1, c + 1, code) + "EUR is the base of every rate and cannot be a column");
            } else if (seen.putIfAbsent(code, c + 1) != null) {
                problems.add(at(fileName, 1, c + 1, code) + "currency " + code + " appears again (first in column "
                        + seen.get(code) + ")");
            }
        }
        if (rateColumns < 2) {
            problems.add("file " + fileName + ", line 1: no currency columns");
        }
        List<FxRateRecorded> rates = new ArrayList<>();
        Map<LocalDate, Integer> dates = new HashMap<>();
        int rows = 0;
        for (int l = 1; l < lines.length && problems.size() < MAX_PROBLEMS; l++) {
            int line = l + 1;
            if (lines[l].isBlank()) {
                continue;
            }
            rows++;
            String[] cells = cells(lines[l]);
            if (cells.length != columns) {
                problems.add("file " + fileName + ", line " + line + ": " + cells.length + " columns, the header has "
                        + columns);
                continue;
            }
            LocalDate date = date(cells[0]);
            if (date == null) {
                problems.add(at(fileName, line, 1, "Date") + "'" + cells[0]
                        + "' is not a date (expected 2024-03-01 or 1 March 2024)");
                continue;
            }
            Integer earlier = dates.putIfAbsent(date, line);
            if (earlier != null) {
                problems.add(at(fileName, line, 1, "Date") + "date " + date + " appears again (first on line "
                        + earlier + ")");
                continue;
            }
            if (trailingEmpty && !cells[columns - 1].isEmpty()) {
                problems.add(at(fileName, line, columns, "") + "'" + cells[columns - 1]
                        + "' is under an empty header");
            }
            for (int c = 1; c < rateColumns; c++) {
                String cell = cells[c];
                if (cell.isEmpty() || cell.equalsIgnoreCase("N/A")) {
                    continue;
                }
                BigDecimal rate = decimal(cell);
                if (rate == null || rate.signum() <= 0) {
                    problems.add(at(fileName, line, c + 1, header[c]) + "'" + cell
                            + "' is not a positive decimal (expected e.g. 1.0842)");
                } else if (Currencies.isCode(header[c]) && !header[c].equals(Currencies.PIVOT)) {
                    rates.add(new FxRateRecorded(Currencies.PIVOT, header[c], rate, date, SOURCE));
                }
            }
        }
        if (rows == 0 && problems.isEmpty()) {
            problems.add("file " + fileName + ": no rates after the header");
        }
        if (!problems.isEmpty()) {
            return new Failed(problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems);
        }
        return new Parsed(rates, rows);
    }

    private static String at(String fileName, int line, int column, String header) {
        return "file " + fileName + ", line " + line + ", column " + column
                + (header.isEmpty() ? "" : " (" + header + ")") + ": ";
    }

    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(text, ENGLISH);
            } catch (DateTimeParseException notEnglish) {
                return null;
            }
        }
    }

    private static BigDecimal decimal(String text) {
        if (!text.matches("[0-9]+(\\.[0-9]+)?")) {
            return null;
        }
        return new BigDecimal(text);
    }
}
